import type { AgentIdentity } from './login-message.js';
import {
  AgentType,
  flag,
  gadgetMessage,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/** Why the agent is signed out: `message.data.reason` of a Logout. */
export const LogoutReason = {
  /** The agent signed out (any reason the agent chose). */
  Agent: 'agent',
  /** A supervisor signed the agent out. */
  Supervisor: 'supervisor',
  /** Finesse lost the agent's desktop and signed the agent out. */
  ConnectionFailure: 'connection_failure',
  /** The same agent or extension signed in elsewhere. */
  SignedInElsewhere: 'signed_in_elsewhere',
  /**
   * The desktop page closed while the agent was signed in. Sent on page
   * unload, best effort: a refresh closes the page too.
   */
  DesktopClosed: 'desktop_closed',
} as const;

export type LogoutReason = (typeof LogoutReason)[keyof typeof LogoutReason];

/** `message.data` of a Logout. */
export interface LogoutData extends AgentIdentity {
  state: 'logout';
  /** ISO 8601 UTC with milliseconds. */
  stateChangeTime: string;
  /** Finesse's sign-out reason code id, "" when none. */
  reasonCode: string;
  reason: LogoutReason;
  /** "true" when the gadget only guesses (the page is closing). */
  bestEffort: 'true' | 'false';
  agentType: typeof AgentType.Offline;
}

/** Sent once when the agent's sign-in ends. */
export type LogoutMessage = GadgetMessage<
  typeof Topic.Agent,
  typeof Subtopic.Logout,
  typeof EventName.Logout,
  LogoutData
>;

/** What ended a sign-in. */
export interface SignOutInfo {
  stateChangeTime: string;
  reasonCode: string;
  reason: LogoutReason;
  bestEffort: boolean;
}

/** Builds a Logout message. */
export function buildLogoutMessage(
  identity: AgentIdentity,
  info: SignOutInfo,
  replay: boolean,
): LogoutMessage {
  return gadgetMessage(
    Topic.Agent,
    Subtopic.Logout,
    EventName.Logout,
    {
      ...identity,
      state: 'logout',
      stateChangeTime: info.stateChangeTime,
      reasonCode: info.reasonCode,
      reason: info.reason,
      bestEffort: flag(info.bestEffort),
      agentType: AgentType.Offline,
    },
    replay,
  );
}
