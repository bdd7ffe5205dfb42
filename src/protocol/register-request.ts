import { CHANNEL, Subtopic, Topic } from './vocabulary.js';

/** The longest application name a host may register with. */
export const MAX_SOURCE_LENGTH = 100;

/**
 * What a host sends to start receiving events, in the family's request
 * shape. `source` names the host application; it is echoed back and shown
 * in the gadget.
 */
export interface RegisterRequest {
  channel: typeof CHANNEL;
  topic: typeof Topic.Channel;
  subtopic: typeof Subtopic.Register;
  source: string;
}

/**
 * Whether `value`, received from another window, is a well-formed
 * registration. Only own, plain fields are read, so a hostile object cannot
 * steer the check through its prototype.
 */
export function isRegisterRequest(value: unknown): value is RegisterRequest {
  if (!isPlainObject(value)) return false;

  const source = ownField(value, 'source');

  return (
    ownField(value, 'channel') === CHANNEL &&
    ownField(value, 'topic') === Topic.Channel &&
    ownField(value, 'subtopic') === Subtopic.Register &&
    typeof source === 'string' &&
    source.length > 0 &&
    source.length <= MAX_SOURCE_LENGTH
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function ownField(value: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key)
    ? value[key]
    : undefined;
}
