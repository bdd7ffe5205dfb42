import {
  flag,
  gadgetMessage,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';

/**
 * The gadget's announcement that it has started, posted to a window that
 * may host an application (the desktop's top window) at each allowed
 * origin. It carries no personal data; a host answers with a Register.
 */
export type HelloMessage = GadgetMessage<
  typeof Topic.Channel,
  typeof Subtopic.Hello,
  typeof EventName.Hello,
  Record<string, never>
>;

/** Builds the gadget's announcement. */
export function buildHelloMessage(): HelloMessage {
  return gadgetMessage(Topic.Channel, Subtopic.Hello, EventName.Hello, {});
}

/** How often a registered host hears a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** `message.data` of a heartbeat. */
export interface HeartbeatData {
  /** "true" while the desktop's connection to Finesse is up. */
  finesseConnected: 'true' | 'false';
}

/**
 * Sent to every registered host at a fixed interval, so that a host can
 * tell a quiet agent from a gadget that has gone.
 */
export type HeartbeatMessage = GadgetMessage<
  typeof Topic.Channel,
  typeof Subtopic.Heartbeat,
  typeof EventName.Heartbeat,
  HeartbeatData
>;

/** Builds a heartbeat. */
export function buildHeartbeatMessage(
  finesseConnected: boolean,
): HeartbeatMessage {
  return gadgetMessage(Topic.Channel, Subtopic.Heartbeat, EventName.Heartbeat, {
    finesseConnected: flag(finesseConnected),
  });
}
