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
import { toIsoTime } from './iso-time.js';
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
  | { kind: 'connection'; state: ConnectionState; at: Date };

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
 * Finesse repeats itself: every failover recovery re-reads the User, a
 * name change looks like any other update, and around a failover a LOGOUT
 * with no reason (-1) can arrive for an agent who is in fact still signed
 * in. Such a LOGOUT is held back for a grace period and dropped if a
 * signed-in reading follows.
 */
export class AgentSession {
  private readonly tracker: SignInTracker;
  private readonly schedule: Schedule;
  private readonly graceMs: number;
  private agent: SignedInAgent | undefined;
  private state: AgentStateInfo | undefined;
  private lastReading: AgentSnapshot | undefined;
  private connected = true;
  private restoredAt: number | undefined;
  private cancelHeldLogout: (() => void) | undefined;

  constructor(private readonly options: AgentSessionOptions) {
    this.tracker = new SignInTracker(options.store);
    this.schedule = options.schedule ?? defaultSchedule;
    this.graceMs = options.logoutGraceMs ?? DEFAULT_GRACE_MS;
  }

  /** The signed-in agent and state, for hosts that arrive later. */
  get current(): { agent: SignedInAgent; state: AgentStateInfo } | undefined {
    return this.agent && this.state
      ? { agent: this.agent, state: this.state }
      : undefined;
  }

  /** Whether the desktop's connection to Finesse is up. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Reads one User snapshot, received at `seenAt`. */
  observe(snapshot: AgentSnapshot, seenAt: Date): void {
    // Any new reading settles a held LOGOUT: a signed-in one proves it
    // spurious, another LOGOUT is handled on its own.
    this.cancelHeldLogout?.();
    this.cancelHeldLogout = undefined;

    if (this.isStale(snapshot)) return;

    if (this.maySpuriouslySignOut(snapshot, seenAt)) {
      // No signed-in reading came back: the failover did sign the agent
      // out.
      this.cancelHeldLogout = this.schedule(() => {
        this.cancelHeldLogout = undefined;
        this.apply(snapshot, seenAt, LogoutReason.ConnectionFailure);
      }, this.graceMs);
      return;
    }

    this.apply(snapshot, seenAt);
  }

  /** The desktop's connection to Finesse dropped (false) or is back. */
  connectionChanged(connected: boolean, at: Date): void {
    if (connected === this.connected) return;

    this.connected = connected;
    if (connected) this.restoredAt = at.getTime();
    this.emit({
      kind: 'connection',
      state: connected ? ConnectionState.Restored : ConnectionState.Lost,
      at,
    });
  }

  /**
   * The desktop page is going away with the agent still signed in. This
   * may be a refresh as well as a close, so nothing is forgotten: a
   * reloaded gadget resumes the same sign-in.
   */
  closing(at: Date): void {
    if (!this.agent) return;

    this.emit({
      kind: 'signed-out',
      agent: this.agent,
      signOut: {
        stateChangeTime: at.toISOString(),
        reasonCode: '',
        reason: LogoutReason.DesktopClosed,
        bestEffort: true,
      },
    });
  }

  private apply(
    snapshot: AgentSnapshot,
    seenAt: Date,
    reason = logoutReasonFor(snapshot.reasonCodeId),
  ) {
    const previous = this.agent;
    const previousReading = this.lastReading;
    const change = this.tracker.observe(snapshot, seenAt);
    this.lastReading = snapshot;

    if (change.kind === 'none') return;

    if (change.kind === 'signed-out') {
      this.agent = undefined;
      this.state = undefined;
      this.lastReading = undefined;
      this.emit({
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

    this.agent = change.agent;
    this.state = stateOf(snapshot, seenAt);

    if (change.kind === 'unchanged') {
      const same = previousReading && sameState(previousReading, snapshot);
      this.emit({
        kind: same ? 'refreshed' : 'state-changed',
        agent: this.agent,
        state: this.state,
      });
      return;
    }

    this.emit({ kind: change.kind, agent: this.agent, state: this.state });
  }

  // An update older than the last one applied is a late duplicate from a
  // failover or a slow notification; sending it would undo a newer state.
  private isStale(snapshot: AgentSnapshot): boolean {
    const last = this.lastReading;
    if (!last) return false;

    const before = Date.parse(last.stateChangeTime);
    const now = Date.parse(snapshot.stateChangeTime);
    return Number.isFinite(before) && Number.isFinite(now) && now < before;
  }

  private maySpuriouslySignOut(snapshot: AgentSnapshot, seenAt: Date) {
    if (snapshot.state !== FinesseState.Logout || !this.agent) return false;

    const noReason =
      snapshot.reasonCodeId === SIGN_IN_REASON_CODE_ID ||
      snapshot.reasonCodeId === '';
    const nearFailover =
      !this.connected ||
      (this.restoredAt !== undefined &&
        seenAt.getTime() - this.restoredAt <= this.graceMs);
    return noReason && nearFailover;
  }

  private emit(event: AgentEvent) {
    this.options.onEvent(event);
  }
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

function sameState(a: AgentSnapshot, b: AgentSnapshot): boolean {
  return (
    a.state === b.state &&
    a.reasonCodeId === b.reasonCodeId &&
    a.stateChangeTime === b.stateChangeTime
  );
}
