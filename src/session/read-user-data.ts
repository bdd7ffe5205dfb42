import { ownField } from '../protocol/plain-object.js';
import type { AgentSnapshot } from './agent-snapshot.js';

/** The outcome of reading User data that came from Finesse. */
export type ReadUserDataResult =
  { ok: true; snapshot: AgentSnapshot } | { ok: false; problems: string[] };

type TextField = Exclude<
  keyof AgentSnapshot,
  'loginId' | 'state' | 'reasonCode' | 'reasonLabel'
>;

const TEXT_FIELDS: readonly TextField[] = [
  'stateChangeTime',
  'reasonCodeId',
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
 * sent from a half-understood User. Problems name fields, never values,
 * so they are safe to log.
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
  for (const field of TEXT_FIELDS) snapshot[field] = text(record, field);

  // REST responses spell the element ReasonCode, some notifications
  // reasonCode; finesse.js 10.5 reads only the second.
  const reasonKey =
    ownField(record, 'ReasonCode') != null ? 'ReasonCode' : 'reasonCode';
  const reason = ownField(record, reasonKey);
  if (reason == null) {
    snapshot.reasonCode = '';
    snapshot.reasonLabel = '';
  } else if (typeof reason !== 'object' || Array.isArray(reason)) {
    problems.push(`${reasonKey} is ${kindOf(reason)}, expected one element`);
  } else {
    const fields = reason as Record<string, unknown>;
    snapshot.reasonCode = text(fields, 'code', `${reasonKey}.code`);
    snapshot.reasonLabel = text(fields, 'label', `${reasonKey}.label`);
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, snapshot };
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
