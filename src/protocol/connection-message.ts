import {
  gadgetMessage,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/** The state of the desktop's connection to Finesse. */
export const ConnectionState = {
  /** Failing over: events may arrive late, or not until recovery. */
  Lost: 'lost',
  /** Back: the current agent state follows, marked as a replay. */
  Restored: 'restored',
} as const;

export type ConnectionState =
  (typeof ConnectionState)[keyof typeof ConnectionState];

/** `message.data` of a Connection message. */
export interface ConnectionData {
  state: ConnectionState;
  /** When the gadget noticed, ISO 8601 UTC with milliseconds. */
  at: string;
}

/** Tells hosts that Finesse's events may be late, or are flowing again. */
export type ConnectionMessage = GadgetMessage<
  typeof Topic.Channel,
  typeof Subtopic.Connection,
  ConnectionState,
  ConnectionData
>;

/** Builds a Connection message. */
export function buildConnectionMessage(
  state: ConnectionState,
  at: Date,
): ConnectionMessage {
  return gadgetMessage(Topic.Channel, Subtopic.Connection, state, {
    state,
    at: at.toISOString(),
  });
}
