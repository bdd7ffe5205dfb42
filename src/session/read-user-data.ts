import { ownField } from '../protocol/plain-object.js';
import { FinesseState, type AgentSnapshot } from './agent-snapshot.js';

/**
 * The outcome of reading User data that came from Finesse. When the data
 * is a sign-out whose state, login id, time and reason id could be read,
 * `signOut` holds it with each unreadable field as "": a Logout carries
 * the last identity read before it, so it needs nothing else, and
 * dropping it for a garbled team name would leave the host thinking the
 * agent is still signed in.
 */
export type ReadUserDataResult =
  | { ok: true; snapshot: AgentSnapshot }
  | { ok: false; problems: string[]; signOut?: AgentSnapshot };

type TextField = Exclude<
  keyof AgentSnapshot,
  'loginId' | 'state' | 'reasonCode' | 'reasonLabel'
>;

// What a sign-out is made of, besides the state and the login id.
const SIGN_OUT_FIELDS: readonly TextField[] = [
  'stateChangeTime',
  'reasonCodeId',
];

// What only describes the agent.
const DESCRIPTIVE_FIELDS: readonly TextField[] = [
  'loginName',
  'firstName',
  'lastName',
  'extension',
  'teamId',
  'teamName',
  'mediaType',
];

/**
 * Turns `user.getData()` into a snapshot, or says what is wrong with it.
 *
 * Finesse converts its XML so that an empty element is `null` and a
 * repeated one an array; a missing value becomes "", but an array, object
 * or number where one text was expected is an error, so that nothing is
 * sent from a half-understood User, except a sign-out (`signOut` of the
 * result). Problems name fields, never values, so they are safe to log.
 *
 * @param data whatever the User handed over
 * @param userId the id the User was created with, used when the data
 *   carries no `loginId` (Finesse documents the two as the same)
 */
export function readUserData(
  data: unknown,
  userId: string,
): ReadUserDataResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problems: ['the User data is not an object'] };
  }

  const record = data as Record<string, unknown>;
  const problems: string[] = [];
  const text = (from: Record<string, unknown>, field: string, path = field) =>
    readText(from, field, path, problems);

  const state = text(record, 'state');
  if (state === '' && problems.length === 0) {
    problems.push('state is missing');
  }

  const loginId = text(record, 'loginId') || userId;
  const snapshot = { state, loginId } as AgentSnapshot;
  for (const field of SIGN_OUT_FIELDS) snapshot[field] = text(record, field);
  const signOutReadable =
    problems.length === 0 && state === FinesseState.Logout;

  for (const field of DESCRIPTIVE_FIELDS) {
    snapshot[field] = text(record, field);
  }

  // REST responses spell the element ReasonCode, some notifications
  // reasonCode; finesse.js 10.5 reads only the second.
  const reasonKey =
    ownField(record, 'ReasonCode') != null ? 'ReasonCode' : 'reasonCode';
  const reason = ownField(record, reasonKey);
  snapshot.reasonCode = '';
  snapshot.reasonLabel = '';
  if (typeof reason === 'object' && reason !== null && !Array.isArray(reason)) {
    const fields = reason as Record<string, unknown>;
    snapshot.reasonCode = text(fields, 'code', `${reasonKey}.code`);
    snapshot.reasonLabel = text(fields, 'label', `${reasonKey}.label`);
  } else if (reason != null) {
    problems.push(`${reasonKey} is ${kindOf(reason)}, expected one element`);
  }

  if (problems.length === 0) return { ok: true, snapshot };

  return signOutReadable
    ? { ok: false, problems, signOut: snapshot }
    : { ok: false, problems };
}

function readText(
  record: Record<string, unknown>,
  field: string,
  path: string,
  problems: string[],
): string {
  const value = ownField(record, field);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;

  problems.push(`${path} is ${kindOf(value)}, expected text`);
  return '';
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `of type ${typeof value}`;
}
