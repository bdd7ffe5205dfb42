import { isPlainObject, ownField } from './plain-object.js';
import { CHANNEL, Subtopic, Topic } from './vocabulary.js';

// The name is logged and shown: line breaks could forge log lines and
// bidirectional controls could disguise the origin shown beside it.
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

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

/** Whether `value`, received from another window, is a registration. */
export function isRegisterRequest(value: unknown): value is RegisterRequest {
  return isRequest(value, Topic.Channel, Subtopic.Register);
}

/**
 * Whether `value` is a request of the family's shape with this topic and
 * subtopic and a usable `source`. Only own, plain fields are read, so a
 * hostile object cannot steer the check through its prototype.
 */
export function isRequest(
  value: unknown,
  topic: string,
  subtopic: string,
): boolean {
  if (!isPlainObject(value)) return false;

  const source = ownField(value, 'source');

  return (
    ownField(value, 'channel') === CHANNEL &&
    ownField(value, 'topic') === topic &&
    ownField(value, 'subtopic') === subtopic &&
    typeof source === 'string' &&
    source.length > 0 &&
    source.length <= MAX_SOURCE_LENGTH &&
    !CONTROL_OR_FORMAT.test(source)
  );
}
