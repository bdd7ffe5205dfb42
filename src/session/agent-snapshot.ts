/**
 * One reading of the Finesse User, as plain strings. A value Finesse sent
 * as an empty element, or not at all, is "". Nothing is trimmed or
 * converted: identifiers stay byte-identical.
 */
export interface AgentSnapshot {
  /** A Finesse state such as NOT_READY, READY or LOGOUT; never "". */
  state: string;
  stateChangeTime: string;
  reasonCodeId: string;
  /** The reason's code (`ReasonCode.code`), "" without a ReasonCode. */
  reasonCode: string;
  /** The reason's label, "" without a ReasonCode. */
  reasonLabel: string;
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  extension: string;
  teamId: string;
  teamName: string;
  mediaType: string;
}

/** The Finesse states the session logic tells apart. */
export const FinesseState = {
  Logout: 'LOGOUT',
  NotReady: 'NOT_READY',
  Ready: 'READY',
} as const;

/**
 * The reason code Finesse gives a Not Ready that nobody chose: right after
 * sign-in, or when no codes are configured.
 */
export const SIGN_IN_REASON_CODE_ID = '-1';
