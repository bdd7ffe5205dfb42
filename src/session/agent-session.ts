import {
  ConnectionState,
  LogoutReason,
  type AgentStateInfo,
  type SignOutInfo,
} from '../protocol/index.js';
import {
  FinesseState,
  SIGN_IN_REASON_CODE_ID,
  type AgentSnapshot,
} from './agent-snapshot.js';
import { parseIsoTime, toIsoTime } from './iso-time.js';
import { logoutReasonFor } from './logout-reason.js';
import type { SignInStore } from './sign-in-store.js';
import { SignInTracker, type SignedInAgent } from './sign-in-tracker.js';

/** What happened to the agent, once, in order. */
export type AgentEvent =
  /** A new sign-in. */
  | { kind: 'signed-in'; agent: SignedInAgent; state: AgentStateInfo }
  /** Signed in before this gadget started (a desktop refresh). */
  | { kind: 'resumed'; agent: SignedInAgent; state: AgentStateInfo }
  /** A new state, or a new Not Ready reason. */
  | { kind: 'state-changed'; agent: SignedInAgent; state: AgentStateInfo }
  /** Same state; the name, extension or team may have changed. */
  | { kind: 'refreshed'; agent: SignedInAgent; state: AgentStateInfo }
  /** The sign-in ended. */
  | { kind: 'signed-out'; agent: SignedInAgent; signOut: SignOutInfo }
  /** The desktop's connection to Finesse dropped or came back. */
  | { kind: 'connection'; state: ConnectionState; at: Date }
  /**
   * A LOGOUT that may be a failover artefact is held back; a signed-in
   * reading within `graceMs` cancels it, else it becomes a sign-out.
   */
  | { kind: 'sign-out-held'; graceMs: number };

/** Runs `task` after `ms`; returns a function that cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void;

export interface AgentSessionOptions {
  store: SignInStore;
  onEvent: (event: AgentEvent) => void;
  schedule?: Schedule;
  /**
   * How long a LOGOUT that may be a failover artefact is held back, and
   * how long after a reconnection a LOGOUT is suspect. Default 10 s.
   */
  logoutGraceMs?: number;
}

const DEFAULT_GRACE_MS = 10_000;

const defaultSchedule: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};

/**
 * Turns the stream of User readings and connection changes into agent
 * events: each transition once, in order, never an older one after a
 * newer one.
 *
 * Finesse repeats itself: every failover recovery re-reads the User
 * (sometimes with the Not Ready reason lost, as -1), a name change looks
 * like any other update, and around a failover a LOGOUT with no reason
 * (-1) can arrive, before or after the disconnect, for an agent who is in
 * fact still signed in. Every LOGOUT -1 is therefore held for a grace
 * period and dropped if a signed-in reading follows; if the page unloads
 * first, it goes out at once.
 */
export class AgentSession {
  readonly #tracker: SignInTracker;
  readonly #schedule: Schedule;
  readonly #graceMs: number;
  #agent: SignedInAgent | undefined;
  #state: AgentStateInfo | undefined;
  #lastReading: AgentSnapshot | undefined;
  #lastAppliedTime: number | undefined;
  #connected = true;
  #lostAt: number | undefined;
  #restoredAt: number | undefined;
  #held: HeldLogout | undefined;
  #closed = false;

  readonly #options: AgentSessionOptions;

  constructor(options: AgentSessionOptions) {
    this.#options = options;
    this.#tracker = new SignInTracker(options.store);
    this.#schedule = options.schedule ?? defaultSchedule;
    this.#graceMs = options.logoutGraceMs ?? DEFAULT_GRACE_MS;
  }

  /** The signed-in agent and state, for hosts that arrive later. */
  get current(): { agent: SignedInAgent; state: AgentStateInfo } | undefined {
    return this.#agent && this.#state
      ? { agent: this.#agent, state: this.#state }
      : undefined;
  }

  /** Whether the desktop's connection to Finesse is up. */
  get isConnected(): boolean {
    return this.#connected;
  }

  /** Reads one User snapshot, received at `seenAt`. */
  observe(snapshot: AgentSnapshot, seenAt: Date): void {
    // A late duplicate changes nothing, not even a held LOGOUT.
    if (this.#isStale(snapshot)) return;

    if (this.#isSuspectLogout(snapshot)) {
      // Keep the first deadline: repeats must not put a real sign-out off
      // for ever.
      if (this.#held) return;

      const cancel = this.#schedule(() => this.#releaseHeld(), this.#graceMs);
      this.#held = { snapshot, seenAt, cancel };
      this.#emit({ kind: 'sign-out-held', graceMs: this.#graceMs });
      return;
    }

    // Any other reading settles a held LOGOUT: a signed-in one proves it
    // spurious, a LOGOUT with a reason replaces it.
    this.#held?.cancel();
    this.#held = undefined;
    this.#apply(snapshot, seenAt);
  }

  /** The desktop's connection to Finesse dropped (false) or is back. */
  connectionChanged(connected: boolean, at: Date): void {
    if (connected === this.#connected) return;

    this.#connected = connected;
    if (connected) this.#restoredAt = at.getTime();
    else this.#lostAt = at.getTime();
    this.#emit({
      kind: 'connection',
      state: connected ? ConnectionState.Restored : ConnectionState.Lost,
      at,
    });
  }

  /**
   * The desktop page is going away. A held LOGOUT goes out now; otherwise,
   * with the agent still signed in, a best-effort Logout says so. This may
   * be a refresh as well as a close, so the sign-in is not forgotten: a
   * reloaded gadget resumes it.
   */
  closing(at: Date): void {
    if (this.#closed) return;
    this.#closed = true;

    if (this.#held) {
      this.#held.cancel();
      this.#releaseHeld();
      return;
    }
    if (!this.#agent) return;

    this.#emit({
      kind: 'signed-out',
      agent: this.#agent,
      signOut: {
        stateChangeTime: at.toISOString(),
        reasonCode: '',
        reason: LogoutReason.DesktopClosed,
        bestEffort: true,
      },
    });
  }

  #releaseHeld() {
    const held = this.#held;
    this.#held = undefined;
    if (!held) return;

    // Still no signed-in reading: if a failover came near, it is what
    // signed the agent out.
    const reason = this.#failoverNear(held.seenAt.getTime())
      ? LogoutReason.ConnectionFailure
      : logoutReasonFor(held.snapshot.reasonCodeId);
    this.#apply(held.snapshot, held.seenAt, reason);
  }

  #apply(
    snapshot: AgentSnapshot,
    seenAt: Date,
    reason = logoutReasonFor(snapshot.reasonCodeId),
  ) {
    const previous = this.#agent;
    const previousReading = this.#lastReading;
    const change = this.#tracker.observe(snapshot, seenAt);
    this.#lastReading = snapshot;
    this.#lastAppliedTime =
      parseIsoTime(snapshot.stateChangeTime) ?? this.#lastAppliedTime;

    if (change.kind === 'none') return;

    if (change.kind === 'signed-out') {
      this.#agent = undefined;
      this.#state = undefined;
      this.#lastReading = undefined;
      this.#emit({
        kind: 'signed-out',
        agent: previous!,
        signOut: {
          stateChangeTime: toIsoTime(snapshot.stateChangeTime, seenAt),
          reasonCode: snapshot.reasonCodeId,
          reason,
          bestEffort: false,
        },
      });
      return;
    }

    this.#agent = change.agent;

    if (change.kind === 'unchanged') {
      // The same state re-read (failover recovery, a name change): keep
      // what the host was told, including a reason Finesse lost.
      if (
        previousReading &&
        this.#state &&
        sameState(previousReading, snapshot)
      ) {
        this.#emit({
          kind: 'refreshed',
          agent: this.#agent,
          state: this.#state,
        });
        return;
      }

      this.#state = stateOf(snapshot, seenAt);
      this.#emit({
        kind: 'state-changed',
        agent: this.#agent,
        state: this.#state,
      });
      return;
    }

    this.#state = stateOf(snapshot, seenAt);
    this.#emit({ kind: change.kind, agent: this.#agent, state: this.#state });
  }

  // An update older than the last one applied is a late duplicate from a
  // failover or a slow notification; applying it would undo a newer state
  // or, after a sign-out, sign a ghost back in.
  #isStale(snapshot: AgentSnapshot): boolean {
    const time = parseIsoTime(snapshot.stateChangeTime);
    return (
      time !== undefined &&
      this.#lastAppliedTime !== undefined &&
      time < this.#lastAppliedTime
    );
  }

  // Held even before any agent is known: a reloaded gadget's first reading
  // may be the failover's LOGOUT, and applying it would forget the
  // sign-in and make the recovery reading look stale.
  #isSuspectLogout(snapshot: AgentSnapshot): boolean {
    return (
      snapshot.state === FinesseState.Logout &&
      snapshot.reasonCodeId === SIGN_IN_REASON_CODE_ID &&
      !this.#closed
    );
  }

  #failoverNear(at: number): boolean {
    const near = (time: number | undefined) =>
      time !== undefined && Math.abs(at - time) <= this.#graceMs;
    return !this.#connected || near(this.#lostAt) || near(this.#restoredAt);
  }

  #emit(event: AgentEvent) {
    this.#options.onEvent(event);
  }
}

interface HeldLogout {
  snapshot: AgentSnapshot;
  seenAt: Date;
  cancel: () => void;
}

function stateOf(snapshot: AgentSnapshot, seenAt: Date): AgentStateInfo {
  const notReady = snapshot.state === FinesseState.NotReady;
  return {
    state: snapshot.state,
    stateChangeTime: toIsoTime(snapshot.stateChangeTime, seenAt),
    reasonCode: notReady ? snapshot.reasonCode || snapshot.reasonCodeId : '',
    reasonCodeId: notReady ? snapshot.reasonCodeId : '',
    reasonLabel: notReady ? snapshot.reasonLabel : '',
  };
}

// Finesse stamps every transition, a new Not Ready reason included, so a
// reading with the state and time of the last one is that reading again.
// Without a time, the reason tells changes apart.
function sameState(a: AgentSnapshot, b: AgentSnapshot): boolean {
  if (a.state !== b.state || a.stateChangeTime !== b.stateChangeTime) {
    return false;
  }
  return a.stateChangeTime !== '' || a.reasonCodeId === b.reasonCodeId;
}
