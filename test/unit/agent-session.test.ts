import { expect } from '@open-wc/testing';
import { SIGN_IN_TIME, snapshot } from './fixtures.js';
import type { AgentStateInfo } from '../../src/protocol/index.js';
import {
  AgentSession,
  type AgentEvent,
  type Schedule,
} from '../../src/session/agent-session.js';
import type { AgentSnapshot } from '../../src/session/agent-snapshot.js';
import { logoutReasonFor } from '../../src/session/logout-reason.js';
import {
  memorySignInStore,
  type SignInStore,
} from '../../src/session/sign-in-store.js';

const GRACE_MS = 10_000;

/** A reading at `time` (HH:MM:SS on the test day) in `state`. */
function at(
  time: string,
  state: string,
  overrides: Partial<AgentSnapshot> = {},
): AgentSnapshot {
  return snapshot({
    state,
    stateChangeTime: `2025-03-04T${time}.000Z`,
    reasonCodeId: '',
    ...overrides,
  });
}

function notReady(time: string, id: string, code: string, label: string) {
  return at(time, 'NOT_READY', {
    reasonCodeId: id,
    reasonCode: code,
    reasonLabel: label,
  });
}

/** When the gadget saw a reading: a second after its state changed. */
function seenAt(reading: AgentSnapshot): Date {
  const time = Date.parse(reading.stateChangeTime);
  return new Date((Number.isFinite(time) ? time : Date.now()) + 1000);
}

/** A schedule whose tasks run only when the test says so. */
class FakeSchedule {
  readonly tasks: { task: () => void; ms: number; cancelled: boolean }[] = [];

  readonly schedule: Schedule = (task, ms) => {
    const entry = { task, ms, cancelled: false };
    this.tasks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };

  get pending() {
    return this.tasks.filter((entry) => !entry.cancelled);
  }

  /** Runs every task not cancelled, as if the time had passed. */
  fire(): void {
    for (const entry of this.tasks.splice(0)) {
      if (!entry.cancelled) entry.task();
    }
  }
}

function makeSession(store: SignInStore = memorySignInStore()) {
  const events: AgentEvent[] = [];
  const timers = new FakeSchedule();
  const session = new AgentSession({
    store,
    onEvent: (event) => events.push(event),
    schedule: timers.schedule,
    logoutGraceMs: GRACE_MS,
  });
  const observe = (reading: AgentSnapshot, when = seenAt(reading)) =>
    session.observe(reading, when);
  return { session, events, timers, observe, store };
}

function kinds(events: AgentEvent[]): string[] {
  return events.map((event) => event.kind);
}

function stateOf(event: AgentEvent | undefined): AgentStateInfo {
  if (!event || !('state' in event) || typeof event.state !== 'object') {
    throw new Error(`no state in ${JSON.stringify(event)}`);
  }
  return event.state;
}

const SIGN_IN = snapshot();
const READY = at('08:05:00', 'READY');

describe('AgentSession', () => {
  describe('a whole day, each transition exactly once, in order', () => {
    const day: [label: string, reading: AgentSnapshot, kind: string][] = [
      ['Login', SIGN_IN, 'signed-in'],
      ['Ready', READY, 'state-changed'],
      [
        'Not Ready (Lunch)',
        notReady('08:30:00', '12', 'LUNCH', 'Lunch'),
        'state-changed',
      ],
      [
        'Not Ready (Meeting)',
        notReady('09:15:00', '14', 'MEETING', 'Meeting'),
        'state-changed',
      ],
      ['Ready', at('10:00:00', 'READY'), 'state-changed'],
      ['Reserved', at('10:01:00', 'RESERVED'), 'state-changed'],
      ['Talking', at('10:01:05', 'TALKING'), 'state-changed'],
      ['Work', at('10:09:00', 'WORK'), 'state-changed'],
      ['Ready', at('10:10:00', 'READY'), 'state-changed'],
      ['Logout', at('17:00:00', 'LOGOUT'), 'signed-out'],
    ];

    it('emits one event per reading, of the right kind, in order', () => {
      const { events, observe, timers } = makeSession();

      for (const [label, reading, kind] of day) {
        const before = events.length;
        observe(reading);
        expect(events.length - before, label).to.equal(1);
        expect(events.at(-1)!.kind, label).to.equal(kind);
      }

      expect(kinds(events)).to.deep.equal(day.map(([, , kind]) => kind));
      expect(timers.tasks, 'nothing held back').to.deep.equal([]);
    });

    it('carries each reading’s state, time and reason', () => {
      const { events, observe } = makeSession();
      for (const [, reading] of day) observe(reading);

      const states = events.slice(0, -1).map((event) => stateOf(event));
      expect(states.map((s) => s.state)).to.deep.equal([
        'NOT_READY',
        'READY',
        'NOT_READY',
        'NOT_READY',
        'READY',
        'RESERVED',
        'TALKING',
        'WORK',
        'READY',
      ]);
      expect(states.map((s) => s.stateChangeTime)).to.deep.equal(
        day.slice(0, -1).map(([, reading]) => reading.stateChangeTime),
      );
      expect(states[2]).to.deep.equal({
        state: 'NOT_READY',
        stateChangeTime: '2025-03-04T08:30:00.000Z',
        reasonCode: 'LUNCH',
        reasonCodeId: '12',
        reasonLabel: 'Lunch',
      });
      expect(states[3]).to.deep.equal({
        state: 'NOT_READY',
        stateChangeTime: '2025-03-04T09:15:00.000Z',
        reasonCode: 'MEETING',
        reasonCodeId: '14',
        reasonLabel: 'Meeting',
      });
    });

    it('signs in with the contract identity and the sign-in time', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);

      const [event] = events;
      expect(event).to.deep.include({ kind: 'signed-in' });
      if (event?.kind !== 'signed-in') throw new Error('not signed in');
      expect(event.agent).to.deep.equal({
        identity: {
          name: 'Jane Doe',
          extension: '5001',
          loginName: 'jdoe',
          loginId: '1001001',
          mediaType: '1',
          teamId: '5000',
          teamName: 'Cardiology Scheduling',
        },
        signInTime: SIGN_IN_TIME,
      });
      expect(event.state).to.deep.equal({
        state: 'NOT_READY',
        stateChangeTime: SIGN_IN_TIME,
        reasonCode: '-1',
        reasonCodeId: '-1',
        reasonLabel: '',
      });
    });

    it('ends with a Logout that carries the agent and the reason', () => {
      const { events, observe } = makeSession();
      for (const [, reading] of day) observe(reading);

      const last = events.at(-1)!;
      if (last.kind !== 'signed-out') throw new Error('no sign-out');
      expect(last.agent.identity.loginId).to.equal('1001001');
      expect(last.signOut).to.deep.equal({
        stateChangeTime: '2025-03-04T17:00:00.000Z',
        reasonCode: '',
        reason: 'agent',
        bestEffort: false,
      });
    });

    it('signs in again after a Logout it saw', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(at('09:00:00', 'LOGOUT'));
      observe(snapshot({ stateChangeTime: '2025-03-04T10:00:00.000Z' }));

      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'signed-out',
        'signed-in',
      ]);
    });
  });

  describe('repeats and stale readings', () => {
    it('does not sign a ghost back in from a late reading after a sign-out', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(READY);
      observe(at('09:00:00', 'LOGOUT', { reasonCodeId: '12' }));

      observe(READY); // a late duplicate, stamped 08:05

      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'signed-out',
      ]);
    });

    it('keeps the Not Ready reason a failover recovery lost (-1, same time)', () => {
      const { events, observe, session } = makeSession();
      observe(SIGN_IN);
      observe(notReady('08:10:00', '16', '10', 'Lunch'));
      observe(at('08:10:00', 'NOT_READY', { reasonCodeId: '-1' }));
      observe(notReady('08:10:00', '16', '10', 'Lunch'));

      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'refreshed',
        'refreshed',
      ]);
      expect(session.current?.state.reasonLabel).to.equal('Lunch');
    });

    it('turns failover recovery (the same reading again) into refreshed, never state-changed', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(READY);

      observe(READY);
      observe(READY);

      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'refreshed',
        'refreshed',
      ]);
      expect(stateOf(events[3])).to.deep.equal(stateOf(events[1]));
    });

    it('turns the sign-in reading repeated into refreshed, not a new sign-in', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(SIGN_IN);
      expect(kinds(events)).to.deep.equal(['signed-in', 'refreshed']);
    });

    it('turns a name change into refreshed, with the new name', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(READY);

      observe({ ...READY, lastName: 'Doe-Smith', teamName: 'Oncology' });

      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'refreshed',
      ]);
      const last = events[2]!;
      if (last.kind !== 'refreshed') throw new Error('not refreshed');
      expect(last.agent.identity.name).to.equal('Jane Doe-Smith');
      expect(last.agent.identity.teamName).to.equal('Oncology');
      expect(last.agent.signInTime).to.equal(SIGN_IN_TIME);
    });

    it('emits nothing for a reading older than the last one applied', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(at('08:10:00', 'TALKING'));

      observe(READY); // 08:05, late
      observe(notReady('08:01:00', '12', 'LUNCH', 'Lunch'));

      expect(kinds(events)).to.deep.equal(['signed-in', 'state-changed']);
      expect(stateOf(events[1]).state).to.equal('TALKING');
    });

    it('emits nothing for an older LOGOUT', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(at('08:10:00', 'READY'));

      observe(at('08:09:00', 'LOGOUT', { reasonCodeId: '255' }));

      expect(kinds(events)).to.deep.equal(['signed-in', 'state-changed']);
      expect(kinds(events)).to.not.include('signed-out');
    });

    it('still applies a newer reading after ignoring a stale one', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(at('08:10:00', 'TALKING'));
      observe(READY);
      observe(at('08:11:00', 'WORK'));
      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'state-changed',
      ]);
      expect(stateOf(events[2]).state).to.equal('WORK');
    });

    it('exposes the current agent and state', () => {
      const { session, observe } = makeSession();
      expect(session.current).to.equal(undefined);
      observe(SIGN_IN);
      observe(READY);
      expect(session.current?.state.state).to.equal('READY');
      observe(at('09:00:00', 'LOGOUT'));
      expect(session.current).to.equal(undefined);
    });
  });

  describe('the connection to Finesse', () => {
    it('emits one connection event per change, ignoring duplicates', () => {
      const { session, events } = makeSession();
      const t = (s: number) => new Date(Date.UTC(2025, 2, 4, 8, 0, s));

      session.connectionChanged(true, t(1)); // already connected
      session.connectionChanged(false, t(2));
      session.connectionChanged(false, t(3));
      session.connectionChanged(true, t(4));
      session.connectionChanged(true, t(5));

      expect(events).to.deep.equal([
        { kind: 'connection', state: 'lost', at: t(2) },
        { kind: 'connection', state: 'restored', at: t(4) },
      ]);
      expect(session.isConnected).to.equal(true);
    });

    it('reports the connection lost', () => {
      const { session } = makeSession();
      session.connectionChanged(false, new Date());
      expect(session.isConnected).to.equal(false);
    });
  });

  describe('the spurious LOGOUT around a failover', () => {
    const LOST_AT = new Date('2025-03-04T08:06:00.000Z');
    const SPURIOUS = at('08:06:01', 'LOGOUT', { reasonCodeId: '-1' });

    function signedInThenLost() {
      const made = makeSession();
      made.observe(SIGN_IN);
      made.observe(READY);
      made.session.connectionChanged(false, LOST_AT);
      made.events.splice(0);
      return made;
    }

    it('holds back a LOGOUT -1 while the connection is lost, for the grace period', () => {
      const { events, observe, timers } = signedInThenLost();

      observe(SPURIOUS);

      expect(events).to.deep.equal([
        { kind: 'sign-out-held', graceMs: GRACE_MS },
      ]);
      expect(timers.pending).to.have.lengthOf(1);
      expect(timers.pending[0]!.ms).to.equal(GRACE_MS);
    });

    it('drops it when a signed-in reading follows within the grace period: no signed-out, no new signed-in', () => {
      const { session, events, observe, timers } = signedInThenLost();

      observe(SPURIOUS);
      session.connectionChanged(true, new Date('2025-03-04T08:06:05.000Z'));
      observe(READY); // failover recovery re-reads the User
      timers.fire();

      expect(kinds(events)).to.deep.equal([
        'sign-out-held',
        'connection',
        'refreshed',
      ]);
      expect(timers.pending).to.deep.equal([]);
      expect(session.current?.state.state).to.equal('READY');
    });

    it('drops it when a newer signed-in reading follows', () => {
      const { events, observe, timers } = signedInThenLost();

      observe(SPURIOUS);
      observe(at('08:06:30', 'READY'));
      timers.fire();

      expect(kinds(events)).to.deep.equal(['sign-out-held', 'state-changed']);
      expect(kinds(events)).to.not.include('signed-in');
      expect(kinds(events)).to.not.include('signed-out');
    });

    it('signs out once the grace timer fires with no follow-up', () => {
      const { events, observe, timers, session } = signedInThenLost();

      observe(SPURIOUS);
      expect(kinds(events)).to.deep.equal(['sign-out-held']);
      events.splice(0);
      timers.fire();

      expect(kinds(events)).to.deep.equal(['signed-out']);
      const [event] = events;
      if (event?.kind !== 'signed-out') throw new Error('no sign-out');
      expect(event.signOut.reasonCode).to.equal('-1');
      expect(event.signOut.reason).to.equal('connection_failure');
      expect(event.signOut.stateChangeTime).to.equal(
        '2025-03-04T08:06:01.000Z',
      );
      expect(event.signOut.bestEffort).to.equal(false);
      expect(session.current).to.equal(undefined);
    });

    it('signs out at once for a LOGOUT with no reason id ("") while the connection is lost', () => {
      const { events, observe, timers } = signedInThenLost();
      observe({ ...SPURIOUS, reasonCodeId: '' });
      expect(kinds(events)).to.deep.equal(['signed-out']);
      expect(timers.tasks).to.deep.equal([]);
    });

    it('holds back a LOGOUT -1 that arrives just after the connection is restored', () => {
      const { session, events, observe, timers } = signedInThenLost();
      const restored = new Date('2025-03-04T08:06:10.000Z');
      session.connectionChanged(true, restored);
      events.splice(0);

      observe(SPURIOUS, new Date(restored.getTime() + GRACE_MS - 1));

      expect(kinds(events)).to.deep.equal(['sign-out-held']);
      expect(timers.pending).to.have.lengthOf(1);
    });

    it('holds a LOGOUT -1 well after a failover too, and then signs out with reason agent', () => {
      const { session, events, observe, timers } = signedInThenLost();
      const restored = new Date('2025-03-04T08:06:10.000Z');
      session.connectionChanged(true, restored);
      events.splice(0);
      const later = new Date(restored.getTime() + GRACE_MS + 60_000);

      observe(at('08:30:00', 'LOGOUT', { reasonCodeId: '-1' }), later);
      expect(kinds(events)).to.deep.equal(['sign-out-held']);
      timers.fire();

      const last = events.at(-1)!;
      if (last.kind !== 'signed-out') throw new Error('no sign-out');
      expect(last.signOut.reason).to.equal('agent');
    });

    it('drops a LOGOUT -1 that comes just BEFORE the disconnect, once the agent reads signed in', () => {
      const { session, events, observe, timers } = makeSession();
      observe(SIGN_IN);
      observe(READY);
      events.splice(0);

      observe(at('08:06:00', 'LOGOUT', { reasonCodeId: '-1' }));
      session.connectionChanged(false, new Date('2025-03-04T08:06:01.000Z'));
      session.connectionChanged(true, new Date('2025-03-04T08:06:05.000Z'));
      observe(READY);
      timers.fire();

      expect(kinds(events)).to.deep.equal([
        'sign-out-held',
        'connection',
        'connection',
        'refreshed',
      ]);
    });

    it('signs out at once for a LOGOUT with a real reason while the connection is lost', () => {
      const { events, observe, timers } = signedInThenLost();
      observe({ ...SPURIOUS, reasonCodeId: '255' });
      expect(kinds(events)).to.deep.equal(['signed-out']);
      expect(timers.tasks).to.deep.equal([]);
    });

    it("holds a reloaded gadget's first reading if it is a LOGOUT -1, then resumes the sign-in", () => {
      const before = makeSession();
      before.observe(SIGN_IN);
      before.observe(READY);

      // The desktop reloads onto the other node mid-failover.
      const after = makeSession(before.store);
      after.observe(at('08:06:00', 'LOGOUT', { reasonCodeId: '-1' }));
      after.observe(READY); // the recovery reading, with its old time
      after.timers.fire();

      expect(kinds(after.events)).to.deep.equal(['sign-out-held', 'resumed']);
    });

    it('keeps the first deadline when LOGOUT -1 repeats', () => {
      const { events, observe, timers } = signedInThenLost();
      observe(SPURIOUS);
      observe(SPURIOUS);
      observe(SPURIOUS);

      expect(kinds(events)).to.deep.equal(['sign-out-held']);
      expect(timers.pending).to.have.lengthOf(1);
    });

    it('sends a held LOGOUT at once when the page unloads, not as best effort', () => {
      const { session, events, observe, timers } = makeSession();
      observe(SIGN_IN);
      events.splice(0);

      observe(at('09:00:00', 'LOGOUT', { reasonCodeId: '-1' }));
      session.closing(new Date('2025-03-04T09:00:01.000Z'));
      session.closing(new Date('2025-03-04T09:00:02.000Z'));

      expect(kinds(events)).to.deep.equal(['sign-out-held', 'signed-out']);
      const last = events.at(-1)!;
      if (last.kind !== 'signed-out') throw new Error('no sign-out');
      expect(last.signOut.reason).to.equal('agent');
      expect(last.signOut.bestEffort).to.equal(false);
      expect(timers.pending).to.deep.equal([]);
    });

    it('a stale reading does not cancel a held LOGOUT', () => {
      const { events, observe, timers } = signedInThenLost();
      observe(SPURIOUS);
      observe(at('08:01:00', 'NOT_READY'));
      timers.fire();

      expect(kinds(events)).to.deep.equal(['sign-out-held', 'signed-out']);
    });
  });

  describe('logout reasons', () => {
    const reasons: [id: string, reason: string][] = [
      ['255', 'connection_failure'],
      ['22', 'supervisor'],
      ['999', 'supervisor'],
      ['32740', 'signed_in_elsewhere'],
      ['1', 'agent'],
      ['12', 'agent'],
      ['50002', 'agent'],
      ['', 'agent'],
      ['-1', 'agent'],
      ['toString', 'agent'],
      ['__proto__', 'agent'],
    ];

    for (const [id, reason] of reasons) {
      it(`maps reason code ${JSON.stringify(id)} to ${reason}`, () => {
        expect(logoutReasonFor(id)).to.equal(reason);
      });

      it(`signs out with reason ${reason} and reasonCode ${JSON.stringify(id)} for a LOGOUT with code ${JSON.stringify(id)}`, () => {
        const { events, observe, timers } = makeSession();
        observe(SIGN_IN);
        observe(at('09:00:00', 'LOGOUT', { reasonCodeId: id }));
        // A LOGOUT -1 is held in case a failover follows; none does here.
        timers.fire();

        const last = events.at(-1)!;
        if (last.kind !== 'signed-out') throw new Error('no sign-out');
        expect(last.signOut).to.deep.equal({
          stateChangeTime: '2025-03-04T09:00:00.000Z',
          reasonCode: id,
          reason,
          bestEffort: false,
        });
      });
    }

    it('emits nothing for a LOGOUT when no one is signed in', () => {
      const { events, observe } = makeSession();
      observe(at('09:00:00', 'LOGOUT', { reasonCodeId: '255' }));
      expect(events).to.deep.equal([]);
    });
  });

  describe('the desktop closing', () => {
    it('signs out with desktop_closed, best effort, while signed in', () => {
      const { session, events, observe } = makeSession();
      observe(SIGN_IN);
      observe(READY);
      const closedAt = new Date('2025-03-04T08:20:00.000Z');

      session.closing(closedAt);

      const last = events.at(-1)!;
      if (last.kind !== 'signed-out') throw new Error('no sign-out');
      expect(last.signOut).to.deep.equal({
        stateChangeTime: '2025-03-04T08:20:00.000Z',
        reasonCode: '',
        reason: 'desktop_closed',
        bestEffort: true,
      });
      expect(last.agent.identity.loginId).to.equal('1001001');
    });

    it('emits nothing when no one is signed in', () => {
      const { session, events } = makeSession();
      session.closing(new Date());
      expect(events).to.deep.equal([]);
    });

    it('keeps the sign-in in the store: a new session on the same store resumes it', () => {
      const store = memorySignInStore();
      const first = makeSession(store);
      first.observe(SIGN_IN);
      first.observe(READY);
      first.session.closing(new Date('2025-03-04T08:20:00.000Z'));

      expect(store.load()).to.deep.equal({
        loginId: '1001001',
        signInTime: SIGN_IN_TIME,
        lastStateChangeTime: READY.stateChangeTime,
      });

      const second = makeSession(store);
      second.observe(READY);

      expect(kinds(second.events)).to.deep.equal(['resumed']);
      const [event] = second.events;
      if (event?.kind !== 'resumed') throw new Error('not resumed');
      expect(event.agent.signInTime).to.equal(SIGN_IN_TIME);
      expect(event.state.state).to.equal('READY');
    });

    it('resumes a refresh right after sign-in (same NOT_READY -1 reading) rather than signing in again', () => {
      const store = memorySignInStore();
      const first = makeSession(store);
      first.observe(SIGN_IN);
      first.session.closing(new Date());

      const second = makeSession(store);
      second.observe(SIGN_IN);

      expect(kinds(second.events)).to.deep.equal(['resumed']);
    });
  });

  describe('reason fields', () => {
    const systemCodes = ['999', '33', '50002', '-1'];

    for (const id of systemCodes) {
      it(`gives a Not Ready with system code ${id} and no label reasonCode "${id}" and reasonLabel ""`, () => {
        const { events, observe } = makeSession();
        observe(SIGN_IN);
        observe(READY);

        observe(at('08:10:00', 'NOT_READY', { reasonCodeId: id }));

        expect(kinds(events)).to.deep.equal([
          'signed-in',
          'state-changed',
          'state-changed',
        ]);
        expect(stateOf(events[2])).to.deep.equal({
          state: 'NOT_READY',
          stateChangeTime: '2025-03-04T08:10:00.000Z',
          reasonCode: id,
          reasonCodeId: id,
          reasonLabel: '',
        });
      });
    }

    it('prefers the reason code to its id when Finesse gives one', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(notReady('08:10:00', '12', 'LUNCH', 'Lunch'));
      expect(stateOf(events[1]).reasonCode).to.equal('LUNCH');
      expect(stateOf(events[1]).reasonCodeId).to.equal('12');
    });

    for (const state of ['READY', 'TALKING', 'WORK', 'RESERVED']) {
      it(`gives ${state} empty reason fields, even when Finesse leaves a reason on the User`, () => {
        const { events, observe } = makeSession();
        observe(SIGN_IN);

        observe(
          at('08:10:00', state, {
            reasonCodeId: '12',
            reasonCode: 'LUNCH',
            reasonLabel: 'Lunch',
          }),
        );

        const info = stateOf(events[1]);
        expect(info.state).to.equal(state);
        expect(info.reasonCode).to.equal('');
        expect(info.reasonCodeId).to.equal('');
        expect(info.reasonLabel).to.equal('');
      });
    }

    it('treats a change of Not Ready reason at the same state as a new state-changed', () => {
      const { events, observe } = makeSession();
      observe(SIGN_IN);
      observe(notReady('08:10:00', '12', 'LUNCH', 'Lunch'));
      observe(notReady('08:20:00', '14', 'MEETING', 'Meeting'));
      expect(kinds(events)).to.deep.equal([
        'signed-in',
        'state-changed',
        'state-changed',
      ]);
    });

    it('never produces "Invalid Date" for an empty stateChangeTime', () => {
      const { events, session } = makeSession();
      const when = new Date('2025-03-04T08:00:13.000Z');
      session.observe(snapshot({ stateChangeTime: '' }), when);
      expect(stateOf(events[0]).stateChangeTime).to.equal(when.toISOString());
    });
  });
});
