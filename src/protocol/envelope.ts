/** The version of this message protocol; it changes only on a break. */
export const PROTOCOL_VERSION = 1;

/**
 * What the gadget adds beside the family's fields on every message it
 * sends, never in place of one.
 */
export interface Envelope {
  /** {@link PROTOCOL_VERSION}. */
  version: typeof PROTOCOL_VERSION;
  /** Unique per message, for a host to drop a duplicate. */
  id: string;
  /**
   * Counts the messages sent to one host window since it registered, from
   * 1 (0 on a Hello, sent before any registration). A host that sees a
   * number skipped asks for the current state.
   */
  seq: number;
  /** Identifies this gadget instance; a new one means the gadget reloaded. */
  session: string;
  /** When the gadget sent it, ISO 8601 UTC with milliseconds. */
  sentAt: string;
}

/** Names of the envelope's fields. */
export const ENVELOPE_FIELDS: readonly (keyof Envelope)[] = [
  'version',
  'id',
  'seq',
  'session',
  'sentAt',
];

/** `message` with its envelope. */
export function withEnvelope<M extends object>(
  message: M,
  envelope: Envelope,
): M & Envelope {
  return { ...message, ...envelope };
}

/** A random id that is safe to put on the wire. */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}
