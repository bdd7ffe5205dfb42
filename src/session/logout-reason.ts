import { LogoutReason } from '../protocol/index.js';

// Sign-out reason codes that Finesse and the contact-centre platforms
// below it reserve. Any other code is one the agent chose from the
// administrator's list.
const SYSTEM_CODES: Readonly<Record<string, LogoutReason>> = {
  // Finesse: the desktop stayed unreachable (refresh or network loss
  // longer than the grace period, or a client failover).
  '255': LogoutReason.ConnectionFailure,
  // Unified CCX: signed out by a supervisor.
  '22': LogoutReason.Supervisor,
  // Unified CCE: a supervisor-forced change carries 999.
  '999': LogoutReason.Supervisor,
  // Unified CCX: the same agent signed in elsewhere, or another agent
  // took the extension.
  '32740': LogoutReason.SignedInElsewhere,
  '32741': LogoutReason.SignedInElsewhere,
};

/** Why a sign-out happened, from Finesse's reason code id. */
export function logoutReasonFor(reasonCodeId: string): LogoutReason {
  return Object.hasOwn(SYSTEM_CODES, reasonCodeId)
    ? SYSTEM_CODES[reasonCodeId]!
    : LogoutReason.Agent;
}
