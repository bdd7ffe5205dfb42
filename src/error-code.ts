/**
 * Every problem the gadget can report, as a stable code. Codes are part of
 * the product's contract (they appear in the gadget and in the Finesse
 * client log); the wording beside them may change.
 */
export const ErrorCode = {
  /** The Finesse library or the gadgets API did not load. */
  FinesseMissing: 'FINESSE_MISSING',
  /** Finesse gave the gadget no usable user id. */
  NoUserId: 'NO_USER_ID',
  /** The User could not be loaded (HTTP error, subscription failure). */
  UserLoadFailed: 'USER_LOAD_FAILED',
  /** The User data had a missing state or a value of the wrong type. */
  UserDataInvalid: 'USER_DATA_INVALID',
  /** A setting in the layout URL or the UserPrefs is not acceptable. */
  ConfigInvalid: 'CONFIG_INVALID',
  /** The gadget's own code failed; the client log says where. */
  GadgetFailed: 'GADGET_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A problem shown to the agent and written to the client log. */
export interface GadgetError {
  readonly code: ErrorCode;
  /** Safe to show and to log: never holds a name or an identifier. */
  readonly message: string;
}
