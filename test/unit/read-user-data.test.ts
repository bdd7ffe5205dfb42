import { snapshot as sampleSnapshot, userData } from './fixtures.js';
import { expect } from '@open-wc/testing';
import { readUserData } from '../../src/session/read-user-data.js';

/** A User document as finesse.js hands it over after a fresh sign-in. */

function expectOk(result: ReturnType<typeof readUserData>) {
  if (!result.ok) {
    throw new Error(`expected ok, got problems: ${result.problems.join('; ')}`);
  }
  return result.snapshot;
}

function expectProblems(result: ReturnType<typeof readUserData>): string[] {
  if (result.ok) throw new Error('expected ok:false, got a snapshot');
  expect(result.problems).to.not.be.empty;
  return result.problems;
}

describe('readUserData', () => {
  it('reads every field of a complete User as the same strings', () => {
    const snapshot = expectOk(readUserData(userData(), '1001001'));

    expect(snapshot).to.deep.equal({
      state: 'NOT_READY',
      stateChangeTime: '2025-03-04T08:00:12.345Z',
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
    });
  });

  describe('turns an empty or absent value into ""', () => {
    const fields = [
      'stateChangeTime',
      'reasonCodeId',
      'loginName',
      'firstName',
      'lastName',
      'extension',
      'teamId',
      'teamName',
      'mediaType',
    ] as const;

    for (const field of fields) {
      it(`reads ${field} as "" when Finesse sends null (an empty element)`, () => {
        const snapshot = expectOk(
          readUserData(userData({ [field]: null }), '1001001'),
        );
        expect(snapshot[field]).to.equal('');
      });

      it(`reads ${field} as "" when Finesse leaves it out`, () => {
        const data = userData();
        delete data[field];
        const snapshot = expectOk(readUserData(data, '1001001'));
        expect(snapshot[field]).to.equal('');
      });
    }
  });

  describe('refuses a value of the wrong kind, naming the field but never the value', () => {
    const cases: { field: string; value: unknown; kind: string }[] = [
      { field: 'extension', value: ['5001', '5002'], kind: 'a list' },
      { field: 'firstName', value: ['Jane', 'Janet'], kind: 'a list' },
      {
        field: 'teamName',
        value: ['Cardiology Scheduling', 'Oncology'],
        kind: 'a list',
      },
      { field: 'loginId', value: ['1001001', '1001002'], kind: 'a list' },
      { field: 'state', value: ['READY', 'NOT_READY'], kind: 'a list' },
      { field: 'loginId', value: 1001001, kind: 'number' },
      { field: 'extension', value: 5001, kind: 'number' },
      { field: 'teamId', value: 5000, kind: 'number' },
      { field: 'lastName', value: { first: 'Doe' }, kind: 'object' },
      { field: 'mediaType', value: true, kind: 'boolean' },
    ];

    for (const { field, value, kind } of cases) {
      it(`refuses ${field} given as ${kind}`, () => {
        const problems = expectProblems(
          readUserData(userData({ [field]: value }), '1001001'),
        );

        const text = problems.join('\n');
        expect(text).to.contain(field);
        for (const part of [value].flat()) {
          if (typeof part === 'object' && part !== null) {
            for (const inner of Object.values(part)) {
              expect(text).to.not.contain(String(inner));
            }
          } else if (typeof part !== 'boolean') {
            expect(text).to.not.contain(String(part));
          }
        }
      });
    }

    it('names every wrong field, not only the first', () => {
      const problems = expectProblems(
        readUserData(
          userData({ extension: ['1', '2'], teamName: ['a', 'b'] }),
          '1001001',
        ),
      );
      const text = problems.join('\n');
      expect(text).to.contain('extension');
      expect(text).to.contain('teamName');
    });
  });

  describe('still yields a sign-out whose own fields are readable', () => {
    const LOGOUT = { state: 'LOGOUT', reasonCodeId: '255' };

    it('with a repeated team name: the sign-out, with the team as ""', () => {
      const result = readUserData(
        userData({ ...LOGOUT, teamName: ['Cardiology', 'Oncology'] }),
        '1001001',
      );

      expect(expectProblems(result).join('\n')).to.contain('teamName');
      expect(result.ok || result.signOut).to.deep.equal(
        sampleSnapshot({ ...LOGOUT, teamName: '' }),
      );
    });

    it('with an unreadable ReasonCode: the sign-out, without its label', () => {
      const result = readUserData(
        userData({ ...LOGOUT, ReasonCode: ['255', '256'] }),
        '1001001',
      );

      expect(expectProblems(result).join('\n')).to.contain('ReasonCode');
      expect(result.ok || result.signOut).to.deep.equal(sampleSnapshot(LOGOUT));
    });

    it('with an unreadable reason code: the sign-out, without it', () => {
      const result = readUserData(
        userData({
          ...LOGOUT,
          ReasonCode: { code: ['1', '2'], label: 'End of shift' },
        }),
        '1001001',
      );

      expect(expectProblems(result).join('\n')).to.contain('ReasonCode.code');
      expect(result.ok || result.signOut).to.deep.equal(
        sampleSnapshot({ ...LOGOUT, reasonLabel: 'End of shift' }),
      );
    });

    const unusable: [label: string, data: Record<string, unknown>][] = [
      ['its time', { ...LOGOUT, stateChangeTime: ['a', 'b'] }],
      ['its reason id', { ...LOGOUT, reasonCodeId: ['255', '22'] }],
      ['its login id', { ...LOGOUT, loginId: ['1001001', '1001002'] }],
      ['its state', { state: ['LOGOUT', 'READY'] }],
      ['any field, when it is not a sign-out', { teamName: ['a', 'b'] }],
    ];
    for (const [label, overrides] of unusable) {
      it(`but nothing when ${label} is unreadable`, () => {
        const result = readUserData(userData(overrides), '1001001');
        expectProblems(result);
        expect(result.ok || result.signOut).to.equal(undefined);
      });
    }
  });

  describe('refuses what is not a User document', () => {
    const cases: { label: string; data: unknown }[] = [
      { label: 'null', data: null },
      { label: 'undefined', data: undefined },
      { label: 'a string', data: 'NOT_READY' },
      { label: 'a number', data: 1001001 },
      { label: 'an array', data: [userData()] },
    ];

    for (const { label, data } of cases) {
      it(`refuses ${label}`, () => {
        expectProblems(readUserData(data, '1001001'));
      });
    }
  });

  describe('refuses a User without a state', () => {
    for (const state of [undefined, null, '']) {
      it(`refuses state ${JSON.stringify(state) ?? 'absent'}`, () => {
        const data = userData({ state });
        if (state === undefined) delete data.state;
        const problems = expectProblems(readUserData(data, '1001001'));
        expect(problems.join('\n')).to.contain('state');
      });
    }
  });

  describe('falls back to the User id for loginId', () => {
    for (const loginId of [undefined, null, '']) {
      it(`uses the user id when loginId is ${JSON.stringify(loginId) ?? 'absent'}`, () => {
        const data = userData({ loginId });
        if (loginId === undefined) delete data.loginId;
        const snapshot = expectOk(readUserData(data, '0012345'));
        expect(snapshot.loginId).to.equal('0012345');
      });
    }

    it('prefers the data loginId over the user id', () => {
      const snapshot = expectOk(
        readUserData(userData({ loginId: '1001001' }), '9999'),
      );
      expect(snapshot.loginId).to.equal('1001001');
    });
  });

  describe('keeps identifiers byte-identical', () => {
    const identifiers = [
      '0012345',
      '+4610499940',
      "agent.o'neil",
      ' 5001 ',
      'Ågren-Łukasz',
    ];
    const fields = ['loginId', 'loginName', 'extension', 'teamId'] as const;

    for (const field of fields) {
      for (const value of identifiers) {
        it(`keeps ${field} ${JSON.stringify(value)} unchanged`, () => {
          const snapshot = expectOk(
            readUserData(userData({ [field]: value }), 'other'),
          );
          expect(snapshot[field]).to.equal(value);
          expect(snapshot[field]).to.have.lengthOf(value.length);
        });
      }
    }
  });

  describe('accepts roles.role as a string or a list', () => {
    for (const role of ['Agent', ['Agent', 'Supervisor'], null]) {
      it(`accepts roles.role = ${JSON.stringify(role)}`, () => {
        expectOk(readUserData(userData({ roles: { role } }), '1001001'));
      });
    }
  });

  describe('resists hostile keys', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
      delete (Object.prototype as Record<string, unknown>).state;
    });

    it('does not pollute Object.prototype through a "__proto__" key', () => {
      const data: unknown = JSON.parse(
        '{"state":"NOT_READY","loginId":"1001001","__proto__":{"polluted":"yes","state":"READY"},' +
          '"constructor":{"prototype":{"polluted":"yes"}}}',
      );

      const snapshot = expectOk(readUserData(data, '1001001'));

      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(
        Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
      ).to.equal(false);
      expect(Object.getPrototypeOf(snapshot)).to.equal(Object.prototype);
      expect(snapshot.state).to.equal('NOT_READY');
      expect(Object.keys(snapshot)).to.not.include('__proto__');
    });

    it('does not take a state from a "__proto__" key', () => {
      const data: unknown = JSON.parse(
        '{"loginId":"1001001","__proto__":{"state":"READY"}}',
      );
      const problems = expectProblems(readUserData(data, '1001001'));
      expect(problems.join('\n')).to.contain('state');
    });

    it('reads only own fields, never inherited ones', () => {
      const data = Object.create({
        state: 'READY',
        loginId: 'inherited',
      }) as Record<string, unknown>;
      data.firstName = 'Jane';
      const problems = expectProblems(readUserData(data, '1001001'));
      expect(problems.join('\n')).to.contain('state');
    });
  });
});
