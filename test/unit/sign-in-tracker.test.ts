import { expect } from '@open-wc/testing';
import { SIGN_IN_TIME, snapshot } from './fixtures.js';
import type { AgentSnapshot } from '../../src/session/agent-snapshot.js';
import { readUserData } from '../../src/session/read-user-data.js';
import {
  memorySignInStore,
  sessionSignInStore,
  STORE_WRITE_DELAY_MS,
  type SignInRecord,
  type SignInStore,
} from '../../src/session/sign-in-store.js';
import {
  identityOf,
  SignInTracker,
  type SessionChange,
} from '../../src/session/sign-in-tracker.js';

const SEEN_AT = new Date('2025-03-04T08:00:13.000Z');
const LATER = new Date('2025-03-04T09:30:00.000Z');
/** Lets the current task end, as a page reload always does. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const STORAGE_KEY = 'finesse-host-bridge.sign-in';

const READY = snapshot({
  state: 'READY',
  reasonCodeId: '',
  stateChangeTime: '2025-03-04T08:05:00.000Z',
});
const TALKING = snapshot({
  state: 'TALKING',
  reasonCodeId: '',
  stateChangeTime: '2025-03-04T08:07:30.500Z',
});
const LOGOUT = snapshot({
  state: 'LOGOUT',
  reasonCodeId: '',
  stateChangeTime: '2025-03-04T09:00:00.000Z',
});

function kinds(changes: SessionChange[]): string[] {
  return changes.map((change) => change.kind);
}

function signInTimeOf(change: SessionChange): string | undefined {
  return 'agent' in change ? change.agent.signInTime : undefined;
}

type StoreKind = 'memory' | 'session';

/** Stores on window.sessionStorage, flushed after each test. */
const openStores: SignInStore[] = [];

function sessionStore(): SignInStore {
  const store = sessionSignInStore(window.sessionStorage);
  openStores.push(store);
  return store;
}

function makeStore(kind: StoreKind): SignInStore {
  return kind === 'memory' ? memorySignInStore() : sessionStore();
}

describe('SignInTracker', () => {
  afterEach(() => {
    // As the page would on its way out: no write may still be pending
    // when the next test starts.
    for (const store of openStores.splice(0)) store.flush();
    window.sessionStorage.clear();
  });

  for (const storeKind of ['memory', 'session'] as const) {
    describe(`with ${storeKind}SignInStore`, () => {
      it('reports a fresh sign-in (NOT_READY, -1) as signed-in, with its time', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        const change = tracker.observe(snapshot(), SEEN_AT);

        expect(change.kind).to.equal('signed-in');
        expect(signInTimeOf(change)).to.equal(SIGN_IN_TIME);
        expect(tracker.current?.identity.loginId).to.equal('1001001');
      });

      describe('a desktop refresh is never a new sign-in', () => {
        const cases: {
          name: string;
          before: AgentSnapshot[];
          after: AgentSnapshot;
        }[] = [
          { name: 'while READY', before: [snapshot(), READY], after: READY },
          {
            name: 'while TALKING',
            before: [snapshot(), READY, TALKING],
            after: TALKING,
          },
          {
            name: 'while READY, after the state changed since the last reading',
            before: [snapshot()],
            after: READY,
          },
          {
            name: 'while still NOT_READY -1 with the same stateChangeTime',
            before: [snapshot()],
            after: snapshot(),
          },
        ];

        for (const { name, before, after } of cases) {
          it(`reports a refresh ${name} as resumed, keeping the sign-in time`, async () => {
            const store = makeStore(storeKind);
            const first = new SignInTracker(store);
            for (const reading of before) first.observe(reading, SEEN_AT);

            // The refresh: the old page goes (writing its store), then a
            // new page (a later task), a new tracker, the same storage.
            store.flush();
            await nextTask();
            const refreshed = new SignInTracker(
              storeKind === 'memory' ? store : makeStore('session'),
            );
            const change = refreshed.observe(after, LATER);

            expect(change.kind).to.equal('resumed');
            expect(signInTimeOf(change)).to.equal(SIGN_IN_TIME);
          });
        }

        for (const [label, reading] of [
          ['READY', READY],
          ['TALKING', TALKING],
        ] as const) {
          it(`reports a refresh while ${label} with an EMPTY store as resumed, never signed-in`, () => {
            const tracker = new SignInTracker(makeStore(storeKind));
            const change = tracker.observe(reading, LATER);

            expect(change.kind).to.equal('resumed');
            expect(signInTimeOf(change)).to.equal(reading.stateChangeTime);
          });
        }
      });

      it('reports failover recovery (the same reading again) as unchanged', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        const changes = [
          tracker.observe(snapshot(), SEEN_AT),
          tracker.observe(snapshot(), LATER),
          tracker.observe(snapshot(), LATER),
        ];

        expect(kinds(changes)).to.deep.equal([
          'signed-in',
          'unchanged',
          'unchanged',
        ]);
        expect(signInTimeOf(changes[2]!)).to.equal(SIGN_IN_TIME);
      });

      it('reports Ready, Not Ready and calls after sign-in as unchanged', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        const changes = [
          tracker.observe(snapshot(), SEEN_AT),
          tracker.observe(READY, LATER),
          tracker.observe(TALKING, LATER),
          tracker.observe(
            snapshot({
              reasonCodeId: '-1',
              stateChangeTime: '2025-03-04T08:10:00.000Z',
            }),
            LATER,
          ),
        ];

        expect(kinds(changes)).to.deep.equal([
          'signed-in',
          'unchanged',
          'unchanged',
          'unchanged',
        ]);
      });

      it('reports LOGOUT then a sign-in as signed-out then signed-in with the new time', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        const again = snapshot({ stateChangeTime: '2025-03-04T10:00:00.123Z' });

        const changes = [
          tracker.observe(snapshot(), SEEN_AT),
          tracker.observe(LOGOUT, LATER),
          tracker.observe(again, LATER),
        ];

        expect(kinds(changes)).to.deep.equal([
          'signed-in',
          'signed-out',
          'signed-in',
        ]);
        expect(signInTimeOf(changes[2]!)).to.equal('2025-03-04T10:00:00.123Z');
        expect(tracker.current?.signInTime).to.equal(
          '2025-03-04T10:00:00.123Z',
        );
      });

      it('reports a sign-in after LOGOUT as signed-in even when it reads as READY', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        tracker.observe(snapshot(), SEEN_AT);
        tracker.observe(LOGOUT, LATER);

        expect(tracker.observe(READY, LATER).kind).to.equal('signed-in');
      });

      it('reports a second LOGOUT as none and forgets the agent', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        tracker.observe(snapshot(), SEEN_AT);

        expect(tracker.observe(LOGOUT, LATER).kind).to.equal('signed-out');
        expect(tracker.observe(LOGOUT, LATER).kind).to.equal('none');
        expect(tracker.current).to.equal(undefined);
      });

      it('reports a LOGOUT seen first as none, and the next sign-in as signed-in', () => {
        const tracker = new SignInTracker(makeStore(storeKind));
        expect(tracker.observe(LOGOUT, SEEN_AT).kind).to.equal('none');
        expect(tracker.observe(snapshot(), LATER).kind).to.equal('signed-in');
      });

      it('after a LOGOUT and a refresh, a sign-in with a new time is signed-in', () => {
        const store = makeStore(storeKind);
        const first = new SignInTracker(store);
        first.observe(snapshot(), SEEN_AT);
        first.observe(LOGOUT, LATER);

        const refreshed = new SignInTracker(store);
        const change = refreshed.observe(
          snapshot({ stateChangeTime: '2025-03-04T10:00:00.000Z' }),
          LATER,
        );
        expect(change.kind).to.equal('signed-in');
      });

      describe('a change of name, team or reason is not a sign-in', () => {
        const changes: {
          name: string;
          reading: AgentSnapshot;
          check: (c: SessionChange) => void;
        }[] = [
          {
            name: 'a new last name',
            reading: snapshot({ lastName: 'Doe-Smith' }),
            check: (c) =>
              expect('agent' in c && c.agent.identity.name).to.equal(
                'Jane Doe-Smith',
              ),
          },
          {
            name: 'a new team',
            reading: snapshot({ teamId: '5001', teamName: 'Oncology' }),
            check: (c) => {
              expect('agent' in c && c.agent.identity.teamId).to.equal('5001');
              expect('agent' in c && c.agent.identity.teamName).to.equal(
                'Oncology',
              );
            },
          },
          {
            name: 'a reason code',
            reading: snapshot({
              reasonCodeId: '12',
              stateChangeTime: '2025-03-04T08:20:00.000Z',
            }),
            check: (c) =>
              expect('agent' in c && c.agent.identity.loginId).to.equal(
                '1001001',
              ),
          },
        ];

        for (const { name, reading, check } of changes) {
          it(`reports ${name} as unchanged and updates the identity`, () => {
            const tracker = new SignInTracker(makeStore(storeKind));
            tracker.observe(snapshot(), SEEN_AT);
            const change = tracker.observe(reading, LATER);

            expect(change.kind).to.equal('unchanged');
            expect(signInTimeOf(change)).to.equal(SIGN_IN_TIME);
            check(change);
            expect(tracker.current?.identity).to.deep.equal(
              identityOf(reading),
            );
          });
        }
      });

      describe('an empty stateChangeTime', () => {
        it('signs in at the time the gadget saw it, in ISO, never "Invalid Date"', () => {
          const tracker = new SignInTracker(makeStore(storeKind));
          const change = tracker.observe(
            snapshot({ stateChangeTime: '' }),
            SEEN_AT,
          );

          expect(change.kind).to.equal('signed-in');
          expect(signInTimeOf(change)).to.equal('2025-03-04T08:00:13.000Z');
        });

        it('resumes a READY agent at the time seen, never "Invalid Date"', () => {
          const tracker = new SignInTracker(makeStore(storeKind));
          const change = tracker.observe(
            snapshot({ state: 'READY', reasonCodeId: '', stateChangeTime: '' }),
            LATER,
          );

          expect(change.kind).to.equal('resumed');
          expect(signInTimeOf(change)).to.equal(LATER.toISOString());
        });

        for (const junk of ['1', 'Invalid Date', 'May 5']) {
          it(`signs in at the seen time for stateChangeTime ${JSON.stringify(junk)}`, () => {
            const tracker = new SignInTracker(makeStore(storeKind));
            const change = tracker.observe(
              snapshot({ stateChangeTime: junk }),
              SEEN_AT,
            );
            expect(signInTimeOf(change)).to.equal(SEEN_AT.toISOString());
          });
        }
      });
    });
  }

  describe('with a corrupted stored record', () => {
    const stored: [label: string, text: string][] = [
      ['text that is not JSON', '{"loginId":'],
      ['JSON null', 'null'],
      ['a number', '42'],
      [
        'a record with a numeric loginId',
        '{"loginId":1001001,"signInTime":"2025-03-04T08:00:12.345Z","lastStateChangeTime":"2025-03-04T08:00:12.345Z"}',
      ],
      [
        'a record without signInTime',
        '{"loginId":"1001001","lastStateChangeTime":"2025-03-04T08:00:12.345Z"}',
      ],
    ];

    for (const [label, text] of stored) {
      it(`ignores ${label}: a fresh sign-in is still signed-in`, () => {
        window.sessionStorage.setItem(STORAGE_KEY, text);
        const tracker = new SignInTracker(sessionStore());

        const change = tracker.observe(snapshot(), SEEN_AT);
        expect(change.kind).to.equal('signed-in');
        expect(signInTimeOf(change)).to.equal(SIGN_IN_TIME);
      });

      it(`ignores ${label}: a READY agent is resumed at its state's time`, () => {
        window.sessionStorage.setItem(STORAGE_KEY, text);
        const tracker = new SignInTracker(sessionStore());

        const change = tracker.observe(READY, LATER);
        expect(change.kind).to.equal('resumed');
        expect(signInTimeOf(change)).to.equal(READY.stateChangeTime);
      });
    }

    it('does not trust a record of another agent', () => {
      const other: SignInRecord = {
        loginId: '2002002',
        signInTime: '2025-03-03T08:00:00.000Z',
        lastStateChangeTime: SIGN_IN_TIME,
      };
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(other));
      const tracker = new SignInTracker(sessionStore());

      const change = tracker.observe(snapshot(), SEEN_AT);
      expect(change.kind).to.equal('signed-in');
      expect(signInTimeOf(change)).to.equal(SIGN_IN_TIME);
    });
  });

  describe('sessionSignInStore', () => {
    const save = (store: SignInStore, lastStateChangeTime: string) =>
      store.save({
        loginId: '1001001',
        signInTime: SIGN_IN_TIME,
        lastStateChangeTime,
      });
    const storedIn = (storage: Storage) =>
      JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as SignInRecord | null;
    const stored = () => storedIn(window.sessionStorage);

    // The timing tests watch one store's writes alone, on a storage of
    // their own.
    function privateStorage(): Storage {
      const items = new Map<string, string>();
      return {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => void items.set(key, value),
        removeItem: (key: string) => void items.delete(key),
      } as Storage;
    }

    it('writes a sign-in after its task, and later readings a moment later, once for a burst', async () => {
      const storage = privateStorage();
      const store = sessionSignInStore(storage, 20);
      save(store, 't0');
      expect(storedIn(storage)).to.equal(null);
      expect(store.load()?.lastStateChangeTime, 'memory first').to.equal('t0');
      await nextTask();
      expect(storedIn(storage)?.lastStateChangeTime).to.equal('t0');

      for (let i = 1; i < 100; i += 1) save(store, `t${i}`);
      expect(store.load()?.lastStateChangeTime, 'memory first').to.equal('t99');
      await nextTask();
      expect(storedIn(storage)?.lastStateChangeTime, 'too soon').to.equal('t0');

      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(storedIn(storage)?.lastStateChangeTime).to.equal('t99');

      store.clear();
      expect(storedIn(storage), 'a sign-out is written at once').to.equal(null);
    });

    it(`holds a later reading ${STORE_WRITE_DELAY_MS} ms unless flushed, as the page does when it goes`, async () => {
      const storage = privateStorage();
      const store = sessionSignInStore(storage);
      save(store, 't0');
      await nextTask();
      save(store, 't1');
      await nextTask();
      expect(storedIn(storage)?.lastStateChangeTime).to.equal('t0');

      store.flush();
      expect(storedIn(storage)?.lastStateChangeTime).to.equal('t1');

      // Nothing is left to write: a later sign-out stays written.
      store.clear();
      await new Promise((resolve) =>
        setTimeout(resolve, STORE_WRITE_DELAY_MS + 20),
      );
      expect(storedIn(storage)).to.equal(null);
    });

    it('writes a new sign-in after its task even while a later reading waits', async () => {
      const storage = privateStorage();
      const store = sessionSignInStore(storage);
      save(store, 't0');
      await nextTask();
      save(store, 't1');

      store.save({
        loginId: '2002002',
        signInTime: '2025-03-04T09:00:00.000Z',
        lastStateChangeTime: '2025-03-04T09:00:00.000Z',
      });
      await nextTask();
      expect(storedIn(storage)?.loginId).to.equal('2002002');
    });

    it('keeps the sign-in in sessionStorage across trackers, written after its task', async () => {
      const store = sessionStore();
      new SignInTracker(store).observe(snapshot(), SEEN_AT);
      await nextTask();

      expect(stored()).to.deep.equal({
        loginId: '1001001',
        signInTime: SIGN_IN_TIME,
        lastStateChangeTime: SIGN_IN_TIME,
      });
      expect(
        new SignInTracker(sessionStore()).observe(snapshot(), LATER).kind,
      ).to.equal('resumed');
    });

    it('clears sessionStorage on LOGOUT, at once', async () => {
      const tracker = new SignInTracker(sessionStore());
      tracker.observe(snapshot(), SEEN_AT);
      await nextTask();
      expect(stored(), 'the sign-in was written').to.not.equal(null);

      tracker.observe(LOGOUT, LATER);
      expect(stored()).to.equal(null);
    });

    it('lets no delayed write bring a sign-out back', async () => {
      const storage = privateStorage();
      const store = sessionSignInStore(storage, 20);
      save(store, 't0');
      await nextTask();
      save(store, 't1');
      store.clear();

      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(storedIn(storage)).to.equal(null);
    });

    it('falls back to memory when storage refuses access', () => {
      const refusing = {
        getItem() {
          throw new DOMException(
            'Access is denied for this document',
            'SecurityError',
          );
        },
        setItem() {
          throw new DOMException(
            'Access is denied for this document',
            'SecurityError',
          );
        },
        removeItem() {
          throw new DOMException(
            'Access is denied for this document',
            'SecurityError',
          );
        },
      } as unknown as Storage;
      const tracker = new SignInTracker(sessionSignInStore(refusing));

      expect(tracker.observe(snapshot(), SEEN_AT).kind).to.equal('signed-in');
      expect(tracker.observe(snapshot(), LATER).kind).to.equal('unchanged');
      expect(tracker.observe(LOGOUT, LATER).kind).to.equal('signed-out');
    });

    it('works without storage at all', () => {
      const store = sessionSignInStore(undefined);
      const first = new SignInTracker(store);
      first.observe(snapshot(), SEEN_AT);
      expect(new SignInTracker(store).observe(snapshot(), LATER).kind).to.equal(
        'resumed',
      );
    });
  });
});

describe('identityOf (the Login fields)', () => {
  const names: [first: string, last: string, expected: string][] = [
    ['Jane', 'Doe', 'Jane Doe'],
    ['', '', ''],
    ['Jane', '', 'Jane'],
    ['', 'Doe', 'Doe'],
    ['  Jane ', ' Doe  ', 'Jane Doe'],
    ['   ', 'Doe', 'Doe'],
    ['Seán', "O'Neil", "Seán O'Neil"],
  ];

  for (const [firstName, lastName, expected] of names) {
    it(`names ${JSON.stringify(firstName)} + ${JSON.stringify(lastName)} as ${JSON.stringify(expected)}`, () => {
      expect(identityOf(snapshot({ firstName, lastName })).name).to.equal(
        expected,
      );
    });
  }

  it('sends mediaType "1" (voice) when Finesse sends none', () => {
    expect(identityOf(snapshot({ mediaType: '' })).mediaType).to.equal('1');
  });

  it('keeps a mediaType Finesse sends', () => {
    expect(identityOf(snapshot({ mediaType: '3' })).mediaType).to.equal('3');
  });

  it('sends teamId and teamName as "" when Finesse sent null', () => {
    const read = readUserData(
      {
        ...snapshot(),
        // Finesse's ReasonCode is an element (null when empty), not the
        // snapshot's flattened text.
        reasonCode: null,
        teamId: null,
        teamName: null,
        mediaType: null,
      },
      '1001001',
    );
    if (!read.ok) throw new Error(read.problems.join('; '));
    const identity = identityOf(read.snapshot);
    expect(identity.mediaType).to.equal('1');
    expect(identity.teamId).to.equal('');
    expect(identity.teamName).to.equal('');
  });

  it('keeps identifiers byte-identical', () => {
    const identity = identityOf(
      snapshot({
        loginId: '0012345',
        extension: '+4610499940',
        loginName: "agent.o'neil",
      }),
    );
    expect(identity).to.include({
      loginId: '0012345',
      extension: '+4610499940',
      loginName: "agent.o'neil",
    });
  });

  it('keeps an extension with spaces as it came', () => {
    expect(identityOf(snapshot({ extension: ' 5001 ' })).extension).to.equal(
      ' 5001 ',
    );
  });

  it('produces exactly the contract fields, all strings', () => {
    const identity = identityOf(snapshot());
    expect(Object.keys(identity).sort()).to.deep.equal([
      'extension',
      'loginId',
      'loginName',
      'mediaType',
      'name',
      'teamId',
      'teamName',
    ]);
    for (const value of Object.values(identity))
      expect(value).to.be.a('string');
  });
});
