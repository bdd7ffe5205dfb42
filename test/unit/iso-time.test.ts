import { expect } from '@open-wc/testing';
import { toIsoTime } from '../../src/session/iso-time.js';

const FALLBACK = new Date('2025-03-04T08:00:59.999Z');
const ISO_WITH_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('toIsoTime', () => {
  describe('keeps a time Finesse wrote', () => {
    const cases: [raw: string, expected: string][] = [
      ['2024-04-22T11:28:06.628Z', '2024-04-22T11:28:06.628Z'],
      ['2025-03-04T08:00:12.345Z', '2025-03-04T08:00:12.345Z'],
      ['2024-04-22T11:28:06.000Z', '2024-04-22T11:28:06.000Z'],
      ['2024-04-22T11:28:06Z', '2024-04-22T11:28:06.000Z'],
      ['2024-04-22T11:28Z', '2024-04-22T11:28:00.000Z'],
      ['2024-04-22T13:28:06.628+02:00', '2024-04-22T11:28:06.628Z'],
      ['2024-04-22T06:28:06.628-05:00', '2024-04-22T11:28:06.628Z'],
      ['2024-04-22T13:28:06.628+0200', '2024-04-22T11:28:06.628Z'],
      ['2024-04-22T11:28:06.628123456Z', '2024-04-22T11:28:06.628Z'],
      ['2024-04-22T11:28:06.6Z', '2024-04-22T11:28:06.600Z'],
    ];

    for (const [raw, expected] of cases) {
      it(`turns ${raw} into ${expected}`, () => {
        expect(toIsoTime(raw, FALLBACK)).to.equal(expected);
      });
    }
  });

  describe('uses the fallback for what is not a time', () => {
    const junk = [
      '',
      ' ',
      '1',
      '0',
      '1714000000000',
      'Invalid Date',
      'May 5',
      'Mon, 22 Apr 2024 11:28:06 GMT',
      '2024-04-22',
      '2024-04-22 11:28:06',
      '2024-04-22T11:28:06',
      'not a time 2024-04-22T11:28:06.628Z',
      '2024-04-22T11:28:06.628Z trailing',
      '2024-13-45T99:99:99.000Z',
      'null',
      'undefined',
    ];

    for (const raw of junk) {
      it(`uses the fallback for ${JSON.stringify(raw)}`, () => {
        expect(toIsoTime(raw, FALLBACK)).to.equal('2025-03-04T08:00:59.999Z');
      });
    }
  });

  it('never answers "Invalid Date", whatever the input', () => {
    const inputs = [
      '',
      '1',
      'Invalid Date',
      'May 5',
      '2024-99-99T00:00Z',
      'x'.repeat(500),
    ];
    for (const raw of inputs) {
      const result = toIsoTime(raw, FALLBACK);
      expect(result, raw).to.not.contain('Invalid');
      expect(result, raw).to.match(ISO_WITH_MILLIS);
    }
  });
});
