// The agent most tests sign in: the platform reference's sample User.
import type { UserData } from 'finesse-gadget-types';
import type {
  AgentIdentity,
  AgentStateInfo,
} from '../../src/protocol/index.js';
import type { AgentSnapshot } from '../../src/session/agent-snapshot.js';
import type { SignedInAgent } from '../../src/session/sign-in-tracker.js';

export const SIGN_IN_TIME = '2025-03-04T08:00:12.345Z';

export const IDENTITY: AgentIdentity = {
  name: 'Jane Doe',
  extension: '5001',
  loginName: 'jdoe',
  loginId: '1001001',
  mediaType: '1',
  teamId: '5000',
  teamName: 'Cardiology Scheduling',
};

export const AGENT: SignedInAgent = {
  identity: IDENTITY,
  signInTime: SIGN_IN_TIME,
};

/** A User reading of that agent just signed in, with `overrides`. */
export function snapshot(
  overrides: Partial<AgentSnapshot> = {},
): AgentSnapshot {
  return {
    state: 'NOT_READY',
    stateChangeTime: SIGN_IN_TIME,
    reasonCodeId: '-1',
    reasonCode: '',
    reasonLabel: '',
    loginId: '1001001',
    loginName: 'jdoe',
    firstName: 'Jane',
    lastName: 'Doe',
    extension: '5001',
    teamId: '5000',
    teamName: 'Cardiology Scheduling',
    mediaType: '1',
    ...overrides,
  };
}

/** The state a sign-in starts in. */
export const SIGNED_IN_STATE: AgentStateInfo = {
  state: 'NOT_READY',
  stateChangeTime: SIGN_IN_TIME,
  reasonCode: '-1',
  reasonCodeId: '-1',
  reasonLabel: '',
};

/** Ready, five minutes after the sign-in. */
export const READY_STATE: AgentStateInfo = {
  state: 'READY',
  stateChangeTime: '2025-03-04T08:05:00.000Z',
  reasonCode: '',
  reasonCodeId: '',
  reasonLabel: '',
};

/**
 * That agent's User data as finesse.js hands it over, signing in fresh
 * (NOT_READY with reason -1); `overrides` may hold anything, hostile
 * values included.
 */
export function userData(overrides: Record<string, unknown> = {}): UserData {
  return {
    uri: '/finesse/api/User/1001001',
    roles: { role: 'Agent' },
    loginId: '1001001',
    loginName: 'jdoe',
    state: 'NOT_READY',
    stateChangeTime: SIGN_IN_TIME,
    pendingState: null,
    reasonCodeId: '-1',
    extension: '5001',
    firstName: 'Jane',
    lastName: 'Doe',
    teamId: '5000',
    teamName: 'Cardiology Scheduling',
    mediaType: '1',
    ...overrides,
  };
}
