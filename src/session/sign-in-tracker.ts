import type { AgentIdentity } from '../protocol/index.js';
import {
  FinesseState,
  SIGN_IN_REASON_CODE_ID,
  type AgentSnapshot,
} from './agent-snapshot.js';
import { toIsoTime } from './iso-time.js';
import type { SignInStore } from './sign-in-store.js';

/** The agent as far as the session knows, once signed in. */
export interface SignedInAgent {
  identity: AgentIdentity;
  /** ISO 8601 UTC with milliseconds. */
  signInTime: string;
}

/** What one User reading means for the host. */
export type SessionChange =
  /** A new sign-in: the host must be told. */
  | { kind: 'signed-in'; agent: SignedInAgent }
  /**
   * The agent was already signed in when this gadget started (a desktop
   * refresh): nothing new to announce, but hosts can learn it.
   */
  | { kind: 'resumed'; agent: SignedInAgent }
  /** Still signed in; names or team may have changed. */
  | { kind: 'unchanged'; agent: SignedInAgent }
  /** The gadget saw the agent sign out. */
  | { kind: 'signed-out' }
  /** Signed out before and still signed out. */
  | { kind: 'none' };

/**
 * Decides, reading by reading, when an agent has signed in.
 *
 * Finesse loads gadgets only after sign-in, so a sign-in never shows as
 * LOGIN: it shows as NOT_READY with reason code -1. The same picture
 * appears after a desktop refresh, and every failover recovery repeats the
 * last reading, so the tracker remembers (in `store`) the sign-in it
 * announced and the last state-change time it saw.
 */
export class SignInTracker {
  #agent: SignedInAgent | undefined;
  #sawSignOut = false;

  readonly #store: SignInStore;

  constructor(store: SignInStore) {
    this.#store = store;
  }

  /** The signed-in agent, if any. */
  get current(): SignedInAgent | undefined {
    return this.#agent;
  }

  /**
   * Reads one snapshot.
   *
   * @param seenAt when the gadget received it; the sign-in time when
   *   Finesse gives none
   */
  observe(snapshot: AgentSnapshot, seenAt: Date): SessionChange {
    if (snapshot.state === FinesseState.Logout) return this.#signOut();

    const identity = identityOf(snapshot);

    if (this.#agent && this.#agent.identity.loginId === identity.loginId) {
      this.#agent = { ...this.#agent, identity };
      this.#remember(snapshot);
      return { kind: 'unchanged', agent: this.#agent };
    }

    const resumedAt = this.#sawSignOut
      ? undefined
      : this.#resumedAt(snapshot, seenAt);
    const signInTime = resumedAt ?? toIsoTime(snapshot.stateChangeTime, seenAt);
    this.#agent = { identity, signInTime };
    this.#sawSignOut = false;
    this.#remember(snapshot);

    return resumedAt === undefined
      ? { kind: 'signed-in', agent: this.#agent }
      : { kind: 'resumed', agent: this.#agent };
  }

  #signOut(): SessionChange {
    const wasSignedIn = this.#agent !== undefined;
    this.#agent = undefined;
    this.#sawSignOut = true;
    this.#store.clear();

    return wasSignedIn ? { kind: 'signed-out' } : { kind: 'none' };
  }

  /**
   * For the first reading after the gadget started: the sign-in time of an
   * ongoing session, or undefined when this reading is a fresh sign-in.
   */
  #resumedAt(snapshot: AgentSnapshot, seenAt: Date): string | undefined {
    const record = this.#store.load();
    const known = record?.loginId === snapshot.loginId ? record : undefined;

    // A reading identical in time to the last one seen is the same
    // session re-read (a refresh); a new NOT_READY -1 is a new sign-in.
    if (known && known.lastStateChangeTime === snapshot.stateChangeTime) {
      return known.signInTime;
    }
    if (looksLikeSignIn(snapshot)) return undefined;

    // Busy, ready or in a call: the agent signed in before this gadget
    // started. Without a record, the best sign-in time is this state's.
    return known?.signInTime ?? toIsoTime(snapshot.stateChangeTime, seenAt);
  }

  #remember(snapshot: AgentSnapshot) {
    if (!this.#agent) return;

    this.#store.save({
      loginId: this.#agent.identity.loginId,
      signInTime: this.#agent.signInTime,
      lastStateChangeTime: snapshot.stateChangeTime,
    });
  }
}

function looksLikeSignIn(snapshot: AgentSnapshot): boolean {
  return (
    snapshot.state === FinesseState.NotReady &&
    snapshot.reasonCodeId === SIGN_IN_REASON_CODE_ID
  );
}

/** The contract's agent fields from one snapshot. */
export function identityOf(snapshot: AgentSnapshot): AgentIdentity {
  return {
    name: [snapshot.firstName, snapshot.lastName]
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join(' '),
    extension: snapshot.extension,
    loginName: snapshot.loginName,
    loginId: snapshot.loginId,
    mediaType: snapshot.mediaType === '' ? '1' : snapshot.mediaType,
    teamId: snapshot.teamId,
    teamName: snapshot.teamName,
  };
}
