import { expect } from '@open-wc/testing';
import { isGadgetMessage } from '../../src/host/is-gadget-message.js';
import {
  buildAgentStateMessage,
  buildAgentStateReply,
  buildConnectionMessage,
  buildHeartbeatMessage,
  buildHelloMessage,
  buildLoginMessage,
  buildLogoutMessage,
  buildRegisteredMessage,
  ConnectionState,
  LogoutReason,
  type AgentStateInfo,
  type OutgoingMessage,
} from '../../src/protocol/index.js';
import { IDENTITY, SIGN_IN_TIME } from './fixtures.js';
import { GadgetStream } from './finesse-client-harness.js';
import { registerRequest } from './contract-check.js';

const AT = new Date('2025-03-04T08:05:00.000Z');

function stateInfo(state: string): AgentStateInfo {
  return {
    state,
    stateChangeTime: '2025-03-04T08:05:00.000Z',
    reasonCode: state === 'NOT_READY' ? '10' : '',
    reasonCodeId: state === 'NOT_READY' ? '16' : '',
    reasonLabel: state === 'NOT_READY' ? 'Lunch' : '',
  };
}

const STATES = [
  'READY',
  'NOT_READY',
  'RESERVED',
  'RESERVED_OUTBOUND',
  'RESERVED_OUTBOUND_PREVIEW',
  'TALKING',
  'HOLD',
  'WORK',
  'WORK_READY',
  'SOMETHING_NEWER',
];

// Every builder's output, as the gadget builds it.
const BUILT: [string, OutgoingMessage][] = [
  ['Login', buildLoginMessage(IDENTITY, SIGN_IN_TIME, false)],
  ['Login (replay)', buildLoginMessage(IDENTITY, SIGN_IN_TIME, true)],
  ...STATES.map((state): [string, OutgoingMessage] => [
    `SetAgentState ${state}`,
    buildAgentStateMessage(IDENTITY, stateInfo(state), false),
  ]),
  [
    'SetAgentState (replay)',
    buildAgentStateMessage(IDENTITY, stateInfo('READY'), true),
  ],
  ...Object.values(LogoutReason).map((reason): [string, OutgoingMessage] => [
    `Logout ${reason}`,
    buildLogoutMessage(
      IDENTITY,
      {
        stateChangeTime: '2025-03-04T09:00:00.000Z',
        reasonCode: '',
        reason,
        bestEffort: reason === LogoutReason.DesktopClosed,
      },
      false,
    ),
  ]),
  ['Connection lost', buildConnectionMessage(ConnectionState.Lost, AT)],
  ['Connection restored', buildConnectionMessage(ConnectionState.Restored, AT)],
  ['GetAgentState answer (true)', buildAgentStateReply(true)],
  ['GetAgentState answer (false)', buildAgentStateReply(false)],
  ['Registered (true)', buildRegisteredMessage('my-ehr', true)],
  ['Registered (false)', buildRegisteredMessage('my-ehr', false)],
  ['Hello', buildHelloMessage()],
  ['Heartbeat (true)', buildHeartbeatMessage(true)],
  ['Heartbeat (false)', buildHeartbeatMessage(false)],
];

/** A fresh, enveloped Login as a plain JSON object, to mutate. */
function login(): Record<string, any> {
  return JSON.parse(
    JSON.stringify(
      new GadgetStream().next(buildLoginMessage(IDENTITY, SIGN_IN_TIME, false)),
    ),
  );
}

function mutated(change: (m: Record<string, any>) => void): unknown {
  const message = login();
  change(message);
  return message;
}

class LookAlike {
  channel = 'Finesse';
  topic = 'Agent';
  subtopic = 'Login';
  message = login().message;
  replay = false;
}

const INVALID: [string, () => unknown][] = [
  // Not an object at all.
  ['undefined', () => undefined],
  ['null', () => null],
  ['a number', () => 42],
  ['a boolean', () => true],
  ['a string', () => 'Finesse'],
  ['the JSON text of a valid message', () => JSON.stringify(login())],
  ['an array', () => [login()]],
  ['a class instance', () => new LookAlike()],
  ['an object inheriting every field', () => Object.create(login())],
  ['a Map', () => new Map(Object.entries(login()))],
  ['a Date', () => new Date()],
  // The family's envelope.
  ['no channel', () => mutated((m) => delete m.channel)],
  ['another channel', () => mutated((m) => (m.channel = 'Other'))],
  ['channel in lower case', () => mutated((m) => (m.channel = 'finesse'))],
  ['channel not a string', () => mutated((m) => (m.channel = ['Finesse']))],
  ['no topic', () => mutated((m) => delete m.topic)],
  ['unknown topic', () => mutated((m) => (m.topic = 'System'))],
  ['topic of another subtopic', () => mutated((m) => (m.topic = 'Channel'))],
  ['no subtopic', () => mutated((m) => delete m.subtopic)],
  ['unknown subtopic', () => mutated((m) => (m.subtopic = 'MakeCall'))],
  ['subtopic in lower case', () => mutated((m) => (m.subtopic = 'login'))],
  [
    'topic and subtopic joined in the topic',
    () =>
      mutated((m) => {
        m.topic = 'Agent/Login';
        delete m.subtopic;
      }),
  ],
  // Only strings name a topic: `${["Agent"]}` is "Agent".
  ['topic an array', () => mutated((m) => (m.topic = ['Agent']))],
  ['subtopic an array', () => mutated((m) => (m.subtopic = ['Login']))],
  [
    'topic an object that prints as Agent',
    () => mutated((m) => (m.topic = { toString: () => 'Agent' })),
  ],
  // replay
  ['no replay', () => mutated((m) => delete m.replay)],
  ['replay a string', () => mutated((m) => (m.replay = 'false'))],
  ['replay a number', () => mutated((m) => (m.replay = 0))],
  ['replay null', () => mutated((m) => (m.replay = null))],
  // version
  ['version 2', () => mutated((m) => (m.version = 2))],
  ['version 0', () => mutated((m) => (m.version = 0))],
  ['version "1"', () => mutated((m) => (m.version = '1'))],
  ['version null', () => mutated((m) => (m.version = null))],
  // message
  ['no message', () => mutated((m) => delete m.message)],
  ['message null', () => mutated((m) => (m.message = null))],
  ['message a string', () => mutated((m) => (m.message = 'login'))],
  ['message an array', () => mutated((m) => (m.message = [m.message]))],
  ['no event', () => mutated((m) => delete m.message.event)],
  ['event a number', () => mutated((m) => (m.message.event = 1))],
  ['event null', () => mutated((m) => (m.message.event = null))],
  ['no message.source', () => mutated((m) => delete m.message.source)],
  [
    'message.source "request"',
    () => mutated((m) => (m.message.source = 'request')),
  ],
  // data
  ['no data', () => mutated((m) => delete m.message.data)],
  ['data null', () => mutated((m) => (m.message.data = null))],
  ['data a string', () => mutated((m) => (m.message.data = 'jdoe'))],
  ['data an array', () => mutated((m) => (m.message.data = ['jdoe']))],
  [
    'data a number value',
    () => mutated((m) => (m.message.data.loginId = 1001001)),
  ],
  ['data a null value', () => mutated((m) => (m.message.data.teamId = null))],
  ['data a boolean value', () => mutated((m) => (m.message.data.name = true))],
  [
    'data an undefined value',
    () => mutated((m) => (m.message.data.teamName = undefined)),
  ],
  [
    'data an object value',
    () => mutated((m) => (m.message.data.name = { first: 'Jane' })),
  ],
  [
    'data an array value',
    () => mutated((m) => (m.message.data.extension = ['5001'])),
  ],
  [
    'data inheriting its fields',
    () =>
      mutated(
        (m) => (m.message.data = Object.create({ name: 1, extension: 2 })),
      ),
  ],
  // Prototype pollution through JSON: __proto__ becomes an own key.
  [
    'replay only in a JSON __proto__',
    () =>
      JSON.parse(
        '{"channel":"Finesse","topic":"Agent","subtopic":"Login",' +
          '"message":{"event":"login","source":"event","data":{}},' +
          '"__proto__":{"replay":false}}',
      ),
  ],
  [
    'every field only in a JSON __proto__',
    () =>
      JSON.parse(
        `{"__proto__":${JSON.stringify(
          buildLoginMessage(IDENTITY, SIGN_IN_TIME, false),
        )}}`,
      ),
  ],
  [
    'message fields only in a JSON __proto__',
    () =>
      JSON.parse(
        '{"channel":"Finesse","topic":"Agent","subtopic":"Login",' +
          '"replay":false,"message":{"__proto__":' +
          '{"event":"login","source":"event","data":{}}}}',
      ),
  ],
  [
    'data with a JSON __proto__ object',
    () =>
      JSON.parse(
        '{"channel":"Finesse","topic":"Agent","subtopic":"Login",' +
          '"replay":false,"message":{"event":"login","source":"event",' +
          '"data":{"name":"x","__proto__":{"polluted":"yes"}}}}',
      ),
  ],
  // What a host sends, not the gadget.
  ['a Register request', () => registerRequest('my-ehr')],
  [
    'a GetAgentState request',
    () => ({
      channel: 'Finesse',
      topic: 'Agent',
      subtopic: 'GetAgentState',
      source: 'my-ehr',
    }),
  ],
];

// The guard promises ReceivedMessage = OutgoingMessage & Partial<Envelope>,
// and schema/messages.schema.json says seq is an integer >= 0 and id,
// session strings: an envelope field present with another type is not one.
const BAD_ENVELOPE: [string, () => unknown][] = [
  ['seq a string', () => mutated((m) => (m.seq = '3'))],
  ['seq null', () => mutated((m) => (m.seq = null))],
  ['seq negative', () => mutated((m) => (m.seq = -1))],
  ['seq not an integer', () => mutated((m) => (m.seq = 1.5))],
  ['session a number', () => mutated((m) => (m.session = 42))],
  ['id a number', () => mutated((m) => (m.id = 7))],
  ['sentAt a number', () => mutated((m) => (m.sentAt = Date.now()))],
];

describe('isGadgetMessage', () => {
  describe('accepts every message the gadget builds', () => {
    for (const [name, message] of BUILT) {
      it(`${name}, bare`, () => {
        expect(isGadgetMessage(message)).to.equal(true);
      });

      it(`${name}, with its envelope`, () => {
        expect(isGadgetMessage(new GadgetStream().next(message))).to.equal(
          true,
        );
      });

      it(`${name}, after a trip through JSON and structuredClone`, () => {
        const wire = new GadgetStream().next(message, 0);
        expect(isGadgetMessage(JSON.parse(JSON.stringify(wire)))).to.equal(
          true,
        );
        expect(isGadgetMessage(structuredClone(wire))).to.equal(true);
      });
    }

    it('a message whose objects have no prototype', () => {
      const message = login();
      const bare = Object.assign(Object.create(null), message);
      bare.message = Object.assign(Object.create(null), message.message);
      bare.message.data = Object.assign(
        Object.create(null),
        message.message.data,
      );
      expect(isGadgetMessage(bare)).to.equal(true);
    });

    it('extra fields beside the family’s', () => {
      expect(
        isGadgetMessage(mutated((m) => (m.somethingNew = { any: 1 }))),
      ).to.equal(true);
    });

    it('a JSON __proto__ key holding a string inside data', () => {
      // An own key of that name, not a prototype: harmless as a string.
      const message = JSON.parse(
        '{"channel":"Finesse","topic":"Channel","subtopic":"Heartbeat",' +
          '"replay":false,"message":{"event":"heartbeat","source":"event",' +
          '"data":{"finesseConnected":"true","__proto__":"x"}}}',
      );
      expect(isGadgetMessage(message)).to.equal(true);
      expect(Object.getPrototypeOf(message.message.data)).to.equal(
        Object.prototype,
      );
    });
  });

  describe('rejects', () => {
    for (const [name, make] of INVALID) {
      it(name, () => {
        expect(isGadgetMessage(make())).to.equal(false);
      });
    }

    for (const [name, make] of BAD_ENVELOPE) {
      it(`an envelope with ${name}`, () => {
        expect(isGadgetMessage(make())).to.equal(false);
      });
    }
  });

  it('never changes Object.prototype', () => {
    for (const [, make] of INVALID) isGadgetMessage(make());
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(({} as Record<string, unknown>).replay).to.equal(undefined);
  });
});
