import type { AgentIdentity } from './login-message.js';
import {
  AgentType,
  gadgetMessage,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/**
 * `message.event` of a SetAgentState: one name per Finesse state. A state
 * that a newer Finesse invents arrives as `Unknown`, with the raw state in
 * `data.state`.
 */
export const AgentStateEvent = {
  Ready: 'Ready',
  NotReady: 'NotReady',
  Reserved: 'Reserved',
  ReservedOutbound: 'ReservedOutbound',
  ReservedOutboundPreview: 'ReservedOutboundPreview',
  Talking: 'Talking',
  Hold: 'Hold',
  Work: 'Work',
  WorkReady: 'WorkReady',
  Unknown: 'Unknown',
} as const;

export type AgentStateEvent =
  (typeof AgentStateEvent)[keyof typeof AgentStateEvent];

const EVENT_BY_STATE: Readonly<Record<string, AgentStateEvent>> = {
  READY: AgentStateEvent.Ready,
  NOT_READY: AgentStateEvent.NotReady,
  RESERVED: AgentStateEvent.Reserved,
  RESERVED_OUTBOUND: AgentStateEvent.ReservedOutbound,
  RESERVED_OUTBOUND_PREVIEW: AgentStateEvent.ReservedOutboundPreview,
  TALKING: AgentStateEvent.Talking,
  HOLD: AgentStateEvent.Hold,
  WORK: AgentStateEvent.Work,
  WORK_READY: AgentStateEvent.WorkReady,
};

/** The event name for a Finesse state such as `NOT_READY`. */
export function agentStateEventFor(finesseState: string): AgentStateEvent {
  return Object.hasOwn(EVENT_BY_STATE, finesseState)
    ? EVENT_BY_STATE[finesseState]!
    : AgentStateEvent.Unknown;
}

/** A signed-in agent's state, as the host receives it. */
export interface AgentStateInfo {
  /** The Finesse state as Finesse names it, e.g. `NOT_READY`. */
  state: string;
  /** ISO 8601 UTC with milliseconds. */
  stateChangeTime: string;
  /** Not Ready only: the reason's code, else its id; "" when none. */
  reasonCode: string;
  /** Not Ready only: Finesse's reason code id (-1: none chosen). */
  reasonCodeId: string;
  /** Not Ready only: the reason's label; "" when Finesse gives none. */
  reasonLabel: string;
}

/** `message.data` of a SetAgentState. */
export interface AgentStateData extends AgentIdentity, AgentStateInfo {
  agentType: typeof AgentType.Routable | typeof AgentType.NotRoutable;
}

/** Sent on every change of state or of Not Ready reason. */
export type AgentStateMessage = GadgetMessage<
  typeof Topic.Agent,
  typeof Subtopic.SetAgentState,
  AgentStateEvent,
  AgentStateData
>;

/** Builds a SetAgentState message. */
export function buildAgentStateMessage(
  identity: AgentIdentity,
  info: AgentStateInfo,
  replay: boolean,
): AgentStateMessage {
  return gadgetMessage(
    Topic.Agent,
    Subtopic.SetAgentState,
    agentStateEventFor(info.state),
    {
      ...identity,
      state: info.state,
      stateChangeTime: info.stateChangeTime,
      reasonCode: info.reasonCode,
      reasonCodeId: info.reasonCodeId,
      reasonLabel: info.reasonLabel,
      agentType:
        info.state === 'READY' ? AgentType.Routable : AgentType.NotRoutable,
    },
    replay,
  );
}
