import {
  flag,
  gadgetMessage,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/** `message.data` of a registration acknowledgement. */
export interface RegisteredData {
  /** The application name the host registered with. */
  source: string;
  /** "true" when an agent is signed in; a Login follows at once. */
  agentSignedIn: 'true' | 'false';
}

/** The gadget's answer to a registration. */
export type RegisteredMessage = GadgetMessage<
  typeof Topic.Channel,
  typeof Subtopic.Register,
  typeof EventName.Registered,
  RegisteredData
>;

/** Builds the acknowledgement sent to a host that registered. */
export function buildRegisteredMessage(
  source: string,
  agentSignedIn: boolean,
): RegisteredMessage {
  return gadgetMessage(Topic.Channel, Subtopic.Register, EventName.Registered, {
    source,
    agentSignedIn: flag(agentSignedIn),
  });
}
