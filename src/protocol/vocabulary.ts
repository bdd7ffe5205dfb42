/** The channel every message of this family carries. */
export const CHANNEL = 'Finesse';

/** Message topics. */
export const Topic = {
  /** Events about the signed-in agent. */
  Agent: 'Agent',
  /** The link itself: registration, and Finesse's connection. */
  Channel: 'Channel',
} as const;

export type Topic = (typeof Topic)[keyof typeof Topic];

/** Message subtopics, one per message kind. */
export const Subtopic = {
  Login: 'Login',
  SetAgentState: 'SetAgentState',
  Logout: 'Logout',
  GetAgentState: 'GetAgentState',
  Register: 'Register',
  Connection: 'Connection',
  Hello: 'Hello',
  Heartbeat: 'Heartbeat',
} as const;

export type Subtopic = (typeof Subtopic)[keyof typeof Subtopic];

/** `message.event` values. */
export const EventName = {
  Login: 'login',
  Logout: 'logout',
  AgentState: 'agentState',
  Registered: 'registered',
  Hello: 'hello',
  Heartbeat: 'heartbeat',
} as const;

export type EventName = (typeof EventName)[keyof typeof EventName];

/** `message.data.agentType` values. */
export const AgentType = {
  /** Ready: calls may be routed to the agent. */
  Routable: 'routable',
  /** Signed in, not taking routed calls (Not Ready, busy, wrap-up). */
  NotRoutable: 'not_routable',
  /** Signed out. */
  Offline: 'offline',
} as const;

export type AgentType = (typeof AgentType)[keyof typeof AgentType];

/**
 * The envelope of every message the gadget sends. `replay` is this
 * project's addition beside the family's fields: `true` when the message
 * repeats something that already happened (a host registering late, a
 * desktop refresh), `false` when it reports something new.
 */
export interface GadgetMessage<T extends Topic, S extends Subtopic, E, D> {
  channel: typeof CHANNEL;
  topic: T;
  subtopic: S;
  message: { event: E; source: 'event'; data: D };
  replay: boolean;
}

/** Builds a message of this family; every builder goes through here. */
export function gadgetMessage<T extends Topic, S extends Subtopic, E, D>(
  topic: T,
  subtopic: S,
  event: E,
  data: D,
  replay = false,
): GadgetMessage<T, S, E, D> {
  return {
    channel: CHANNEL,
    topic,
    subtopic,
    message: { event, source: 'event', data },
    replay,
  };
}

/** A boolean as the family writes it on the wire. */
export function flag(value: boolean): 'true' | 'false' {
  return `${value}` as const;
}
