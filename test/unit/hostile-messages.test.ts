import { AGENT, READY_STATE, SIGN_IN_TIME } from './fixtures.js';
import { expect } from '@open-wc/testing';
import { HostBridge } from '../../src/bridge/host-bridge.js';
import { createLogger } from '../../src/log/logger.js';
import {
  buildAgentStateMessage,
  buildLoginMessage,
} from '../../src/protocol/index.js';
import { recordedHost, removeRecordedHosts } from './host-window.js';

const EHR = 'https://ehr.example';
const OTHERS = ['https://evil.example', 'null', 'http://ehr.example', ''];
const COUNT = 1000;

const READY = READY_STATE;

// A small deterministic generator, so that a failure can be replayed.
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

const KEYS = [
  'channel',
  'topic',
  'subtopic',
  'source',
  'message',
  'data',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
];
const WORDS = [
  'Finesse',
  'Channel',
  'Register',
  'Agent',
  'GetAgentState',
  'Login',
  '*',
  '',
  'x'.repeat(100_000),
  '\u202E',
  'line\nbreak',
];

const REQUIRED = ['channel', 'topic', 'subtopic', 'source'];

// A value no required field accepts: not a string, or a string with a
// control character, or too long.
function spoiled(next: () => number, depth: number): unknown {
  const value = hostile(next, depth + 1);
  if (typeof value !== 'string') return value;
  return next() < 0.5 ? `${value}\u0000` : 'x'.repeat(101);
}

function hostile(next: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T =>
    list[Math.floor(next() * list.length)]!;
  switch (Math.floor(next() * (depth > 6 ? 5 : 8))) {
    case 0:
      return pick(WORDS);
    case 1:
      return next() * 1e9 - 5e8;
    case 2:
      return pick([null, undefined, true, false, NaN, -0]);
    case 3:
      return JSON.stringify({ channel: 'Finesse', topic: 'Channel' });
    case 4: {
      // A request with one required field spoiled.
      const request: Record<string, unknown> = {
        channel: 'Finesse',
        topic: pick(['Channel', 'Agent']),
        subtopic: pick(['Register', 'GetAgentState']),
        source: 'EHR',
      };
      request[pick(REQUIRED)] = spoiled(next, depth);
      return request;
    }
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () =>
        hostile(next, depth + 1),
      );
    case 6: {
      const entries = Array.from({ length: Math.floor(next() * 5) }, () => [
        pick(KEYS),
        hostile(next, depth + 1),
      ]);
      // JSON.parse makes "__proto__" an own key, as structured clone does.
      return JSON.parse(JSON.stringify(Object.fromEntries(entries)) ?? '{}');
    }
    default: {
      // Deep nesting.
      let value: unknown = { channel: 'Finesse' };
      for (let i = 0; i < 200; i += 1) {
        value = i % 2 ? { message: value } : [value];
      }
      return value;
    }
  }
}

describe('hostile messages', () => {
  afterEach(() => removeRecordedHosts());

  for (const debug of [false, true]) {
    it(`${COUNT} generated messages change nothing and reach no one (debug ${debug})`, () => {
      const lines: string[] = [];
      const statuses: unknown[] = [];
      const bridge = new HostBridge({
        allowedOrigins: [EHR],
        log: createLogger((line) => lines.push(line), debug),
        onStatus: (status) => statuses.push(status),
      });
      bridge.publish(buildLoginMessage(AGENT.identity, SIGN_IN_TIME, false));
      bridge.setCurrent([
        buildLoginMessage(AGENT.identity, SIGN_IN_TIME, true),
        buildAgentStateMessage(AGENT.identity, READY, true),
      ]);
      const sender = recordedHost();
      const next = random(debug ? 2 : 1);
      const prototypes = [Object.prototype, Array.prototype];
      const before = prototypes.map(descriptors);

      for (let i = 0; i < COUNT; i += 1) {
        const origin = next() < 0.5 ? EHR : OTHERS[i % OTHERS.length]!;
        const data = hostile(next);
        expect(() =>
          bridge.handleMessage(
            new MessageEvent('message', { data, origin, source: sender.win }),
          ),
        ).to.not.throw();
      }

      expect(sender.calls, 'nothing was posted').to.deep.equal([]);
      expect(bridge.status.hosts, 'no one registered').to.deep.equal([]);
      expect(statuses).to.deep.equal([]);
      const after = prototypes.map(descriptors);
      expect(after, 'no prototype gained or changed a member').to.deep.equal(
        before,
      );
      for (const key of KEYS.filter((k) => !(k in Object.prototype))) {
        expect(({} as Record<string, unknown>)[key], key).to.equal(undefined);
      }
      if (!debug) expect(lines, 'nothing logged').to.deep.equal([]);
      // Only refused registrations are worth a debug line.
      for (const line of lines) expect(line).to.match(/^debug: ignored/);

      // The sign-in is still kept for the host, as news, exactly once.
      const host = recordedHost();
      bridge.handleMessage(
        new MessageEvent('message', {
          data: {
            channel: 'Finesse',
            topic: 'Channel',
            subtopic: 'Register',
            source: 'EHR',
          },
          origin: EHR,
          source: host.win,
        }),
      );
      expect(host.calls.map(([m]) => subtopicAndReplay(m))).to.deep.equal([
        ['Register', false],
        ['Login', false],
      ]);
      expect(sender.calls, 'still nothing to the sender').to.deep.equal([]);
    });
  }
});

/** Every own member of `object`, with its value or accessors. */
function descriptors(object: object): PropertyDescriptorMap {
  return Object.getOwnPropertyDescriptors(object);
}

function subtopicAndReplay(message: unknown): [unknown, unknown] {
  const { subtopic, replay } = message as Record<string, unknown>;
  return [subtopic, replay];
}
