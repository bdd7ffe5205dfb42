import {
  AgentStateEvent,
  CHANNEL,
  ConnectionState,
  EventName,
  LogoutReason,
  PROTOCOL_VERSION,
  type Envelope,
  type OutgoingMessage,
} from '../protocol/index.js';
import { isPlainObject, ownField } from '../protocol/plain-object.js';

/** A message from the gadget, with its envelope. */
export type ReceivedMessage = OutgoingMessage & Partial<Envelope>;

// Every topic/subtopic pair the gadget sends.
const KNOWN = new Set([
  'Agent/Login',
  'Agent/SetAgentState',
  'Agent/Logout',
  'Agent/GetAgentState',
  'Channel/Register',
  'Channel/Connection',
  'Channel/Hello',
  'Channel/Heartbeat',
]);

/**
 * Whether `value`, received from another window, has the shape of a
 * gadget message: the family's envelope with a known topic and subtopic,
 * `message.data` an object of strings, and a boolean `replay`. Only own
 * fields of plain objects are read.
 */
export function isGadgetMessage(value: unknown): value is ReceivedMessage {
  if (!isPlainObject(value)) return false;
  if (ownField(value, 'channel') !== CHANNEL) return false;

  const topic = ownField(value, 'topic');
  const subtopic = ownField(value, 'subtopic');
  if (typeof topic !== 'string' || typeof subtopic !== 'string') return false;
  if (!KNOWN.has(`${topic}/${subtopic}`)) return false;
  if (typeof ownField(value, 'replay') !== 'boolean') return false;
  if (!hasValidEnvelope(value)) return false;

  const message = ownField(value, 'message');
  if (!isPlainObject(message)) return false;
  if (typeof ownField(message, 'event') !== 'string') return false;
  if (ownField(message, 'source') !== 'event') return false;

  const data = ownField(message, 'data');
  if (!isPlainObject(data)) return false;
  if (!Object.values(data).every((v) => typeof v === 'string')) return false;

  return fitsItsKind(`${topic}/${subtopic}`, ownField(message, 'event'), data);
}

const IDENTITY = [
  'name',
  'extension',
  'loginName',
  'loginId',
  'mediaType',
  'teamId',
  'teamName',
];

// Per kind: the data fields that must be there, and the closed values of
// `message.event` and of fields with a vocabulary.
const KINDS: Record<
  string,
  { fields: string[]; events?: string[]; values?: Record<string, string[]> }
> = {
  'Agent/Login': {
    fields: [...IDENTITY, 'reasonCode', 'state', 'stateChangeTime'],
    events: [EventName.Login],
  },
  'Agent/SetAgentState': {
    fields: [...IDENTITY, 'state', 'stateChangeTime', 'reasonCodeId'],
    events: Object.values(AgentStateEvent),
  },
  'Agent/Logout': {
    fields: [...IDENTITY, 'stateChangeTime', 'reason', 'bestEffort'],
    events: [EventName.Logout],
    values: { reason: Object.values(LogoutReason) },
  },
  'Channel/Connection': {
    fields: ['state'],
    values: { state: Object.values(ConnectionState) },
  },
  'Channel/Heartbeat': { fields: ['finesseConnected'] },
  'Channel/Register': { fields: ['agentSignedIn'] },
  'Agent/GetAgentState': { fields: ['agentSignedIn'] },
};

function fitsItsKind(
  kind: string,
  event: unknown,
  data: Record<string, unknown>,
): boolean {
  const rules = KINDS[kind];
  if (!rules) return true;
  if (rules.events && !rules.events.includes(event as string)) return false;
  if (
    !rules.fields.every((field) => typeof ownField(data, field) === 'string')
  ) {
    return false;
  }
  return Object.entries(rules.values ?? {}).every(([field, allowed]) =>
    allowed.includes(ownField(data, field) as string),
  );
}
// The envelope is optional (a gadget may predate it), but what is there
// must be of the right type: the client does arithmetic on `seq`.
function hasValidEnvelope(value: Record<string, unknown>): boolean {
  const version = ownField(value, 'version');
  if (version !== undefined && version !== PROTOCOL_VERSION) return false;

  const seq = ownField(value, 'seq');
  if (
    seq !== undefined &&
    !(Number.isSafeInteger(seq) && (seq as number) >= 0)
  ) {
    return false;
  }
  return ['id', 'session', 'sentAt'].every((key) => {
    const field = ownField(value, key);
    return field === undefined || typeof field === 'string';
  });
}
