import {
  AgentType,
  gadgetMessage,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/**
 * Who signed in, as the host receives it. Every value is a string and
 * identifiers are passed on exactly as Finesse sent them.
 */
export interface AgentIdentity {
  /** First and last name, one space between, "" when both are empty. */
  name: string;
  extension: string;
  loginName: string;
  loginId: string;
  /** "1" (voice) when Finesse sends none. */
  mediaType: string;
  /** "" when Finesse sends none. */
  teamId: string;
  /** "" when Finesse sends none. */
  teamName: string;
}

/** `message.data` of a Login. */
export interface LoginData extends AgentIdentity {
  reasonCode: 'login';
  state: 'login';
  /** ISO 8601 UTC with milliseconds, e.g. `2024-04-22T11:28:06.628Z`. */
  stateChangeTime: string;
  agentType: typeof AgentType.NotRoutable;
}

/** Sent when an agent signs in, and replayed to hosts that register later. */
export type LoginMessage = GadgetMessage<
  typeof Topic.Agent,
  typeof Subtopic.Login,
  typeof EventName.Login,
  LoginData
>;

/**
 * Builds the Login message.
 *
 * @param identity the agent, already in the contract's form
 * @param signInTime when the agent signed in, ISO 8601 UTC with millis
 * @param replay whether this repeats a sign-in the host may know already
 */
export function buildLoginMessage(
  identity: AgentIdentity,
  signInTime: string,
  replay: boolean,
): LoginMessage {
  return gadgetMessage(
    Topic.Agent,
    Subtopic.Login,
    EventName.Login,
    {
      name: identity.name,
      extension: identity.extension,
      loginName: identity.loginName,
      loginId: identity.loginId,
      mediaType: identity.mediaType,
      teamId: identity.teamId,
      teamName: identity.teamName,
      reasonCode: 'login',
      state: 'login',
      stateChangeTime: signInTime,
      agentType: AgentType.NotRoutable,
    },
    replay,
  );
}
