import { AGENT, SIGNED_IN_STATE } from './fixtures.js';
import { expect } from '@open-wc/testing';
import { AgentRelay } from '../../src/bridge/agent-relay.js';
import { HostBridge } from '../../src/bridge/host-bridge.js';
import type {
  AgentStateInfo,
  OutgoingMessage,
} from '../../src/protocol/index.js';
import {
  AgentSession,
  type AgentEvent,
} from '../../src/session/agent-session.js';
import type { AgentSnapshot } from '../../src/session/agent-snapshot.js';
import { memorySignInStore } from '../../src/session/sign-in-store.js';
import type { SignedInAgent } from '../../src/session/sign-in-tracker.js';
import {
  expectAck,
  expectContractLogin,
  registerRequest,
  SAMPLE_LOGIN_DATA,
} from './contract-check.js';
import {
  recordedHost,
  removeRecordedHosts,
  type RecordedHost,
} from './host-window.js';

const EHR = 'https://ehr.example';
const PORTAL = 'https://portal.example';

function info(
  state: string,
  time: string,
  reason: Partial<AgentStateInfo> = {},
): AgentStateInfo {
  return {
    state,
    stateChangeTime: `2025-03-04T${time}.000Z`,
    reasonCode: '',
    reasonCodeId: '',
    reasonLabel: '',
    ...reason,
  };
}

function register(bridge: HostBridge, host: RecordedHost, origin = EHR) {
  bridge.handleMessage(
    new MessageEvent('message', {
      data: registerRequest(),
      origin,
      source: host.win,
    }),
  );
}

/** A bridge, a relay, and a host registered before anything happened. */
function setup() {
  const bridge = new HostBridge({ allowedOrigins: [EHR, PORTAL] });
  const relay = new AgentRelay(bridge);
  const host = recordedHost();
  register(bridge, host);
  host.calls.splice(0); // the ack
  return { bridge, relay, host };
}

function messages(host: RecordedHost): OutgoingMessage[] {
  return host.calls.map(([message]) => message as OutgoingMessage);
}

function signedIn(relay: AgentRelay) {
  relay.relay({ kind: 'signed-in', agent: AGENT, state: SIGNED_IN_STATE });
}

function stateChanged(relay: AgentRelay, state: AgentStateInfo) {
  relay.relay({ kind: 'state-changed', agent: AGENT, state });
}

function expectAllStrings(message: OutgoingMessage) {
  for (const [key, value] of Object.entries(message.message.data)) {
    expect(value, `${message.subtopic}.${key}`).to.be.a('string');
  }
}

describe('AgentRelay', () => {
  afterEach(() => removeRecordedHosts());

  it('turns signed-in into one live Login', () => {
    const { relay, host } = setup();

    signedIn(relay);

    expect(host.calls).to.have.lengthOf(1);
    expectContractLogin(host.calls[0]![0], SAMPLE_LOGIN_DATA, false);
    expect(host.calls[0]![1]).to.equal(EHR);
  });

  const states: [
    state: string,
    event: string,
    agentType: string,
    reason?: Partial<AgentStateInfo>,
  ][] = [
    ['READY', 'Ready', 'routable'],
    [
      'NOT_READY',
      'NotReady',
      'not_routable',
      { reasonCode: 'LUNCH', reasonCodeId: '12', reasonLabel: 'Lunch' },
    ],
    ['TALKING', 'Talking', 'not_routable'],
    ['WORK_READY', 'WorkReady', 'not_routable'],
    ['ON_A_BREAK_2030', 'Unknown', 'not_routable'],
  ];

  for (const [state, event, agentType, reason] of states) {
    it(`turns state-changed to ${state} into one live SetAgentState "${event}" with agentType ${agentType}`, () => {
      const { relay, host } = setup();
      signedIn(relay);
      host.calls.splice(0);
      const next = info(state, '08:10:00', reason);

      stateChanged(relay, next);

      expect(host.calls).to.have.lengthOf(1);
      expect(host.calls[0]![1]).to.equal(EHR);
      expect(host.calls[0]![0]).to.deep.equal({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'SetAgentState',
        message: {
          event,
          source: 'event',
          data: { ...AGENT.identity, ...next, agentType },
        },
        replay: false,
      });
    });
  }

  it('turns refreshed into nothing for registered hosts, but updates what a late host learns', () => {
    const { bridge, relay, host } = setup();
    signedIn(relay);
    register(bridge, recordedHost()); // EHR's queue is spent
    host.calls.splice(0);
    const renamed: SignedInAgent = {
      ...AGENT,
      identity: { ...AGENT.identity, name: 'Jane Doe-Smith' },
    };

    relay.relay({ kind: 'refreshed', agent: renamed, state: SIGNED_IN_STATE });
    const late = recordedHost();
    register(bridge, late);

    expect(host.calls).to.deep.equal([]);
    expectContractLogin(
      late.calls[1]![0],
      { ...SAMPLE_LOGIN_DATA, name: 'Jane Doe-Smith' },
      true,
    );
  });

  it('turns signed-out into a Logout with agentType offline and the reason', () => {
    const { relay, host } = setup();
    signedIn(relay);
    host.calls.splice(0);

    relay.relay({
      kind: 'signed-out',
      agent: AGENT,
      signOut: {
        stateChangeTime: '2025-03-04T09:00:00.000Z',
        reasonCode: '255',
        reason: 'connection_failure',
        bestEffort: false,
      },
    });

    expect(host.calls).to.have.lengthOf(1);
    expect(host.calls[0]![0]).to.deep.equal({
      channel: 'Finesse',
      topic: 'Agent',
      subtopic: 'Logout',
      message: {
        event: 'logout',
        source: 'event',
        data: {
          ...AGENT.identity,
          state: 'logout',
          stateChangeTime: '2025-03-04T09:00:00.000Z',
          reasonCode: '255',
          reason: 'connection_failure',
          bestEffort: 'false',
          agentType: 'offline',
        },
      },
      replay: false,
    });
  });

  function signOutEvent(): AgentEvent {
    return {
      kind: 'signed-out',
      agent: AGENT,
      signOut: {
        stateChangeTime: '2025-03-04T09:00:00.000Z',
        reasonCode: '',
        reason: 'agent',
        bestEffort: false,
      },
    };
  }

  it('after signed-out, a window of an origin that registered before gets an ack with agentSignedIn "false" and nothing else', () => {
    const { bridge, relay } = setup();
    signedIn(relay);
    stateChanged(relay, info('READY', '08:05:00'));
    relay.relay(signOutEvent());
    const late = recordedHost();

    register(bridge, late);

    expect(late.calls).to.have.lengthOf(1);
    expectAck(late.calls[0]![0], 'EHR', 'false');
  });

  it('after signed-out, a host of an origin that never registered gets an ack with agentSignedIn "false" and nothing else', () => {
    const { bridge, relay } = setup();
    signedIn(relay);
    stateChanged(relay, info('READY', '08:05:00'));
    relay.relay(signOutEvent());
    const late = recordedHost();

    register(bridge, late, PORTAL);

    expect(
      messages(late).map((m) => `${m.topic}/${m.subtopic}`),
      'a host told no one is signed in must not then get the Login',
    ).to.deep.equal(['Channel/Register']);
    expectAck(late.calls[0]![0], 'EHR', 'false');
  });

  it('turns connection lost into one Connection message and nothing else', () => {
    const { relay, host } = setup();
    signedIn(relay);
    host.calls.splice(0);
    const at = new Date('2025-03-04T08:06:00.000Z');

    relay.relay({ kind: 'connection', state: 'lost', at });

    expect(messages(host)).to.deep.equal([
      {
        channel: 'Finesse',
        topic: 'Channel',
        subtopic: 'Connection',
        message: {
          event: 'lost',
          source: 'event',
          data: { state: 'lost', at: '2025-03-04T08:06:00.000Z' },
        },
        replay: false,
      },
    ]);
  });

  it('turns connection restored into a Connection message, then the current SetAgentState with replay true', () => {
    const { relay, host } = setup();
    signedIn(relay);
    const ready = info('READY', '08:05:00');
    stateChanged(relay, ready);
    relay.relay({
      kind: 'connection',
      state: 'lost',
      at: new Date('2025-03-04T08:06:00.000Z'),
    });
    host.calls.splice(0);

    relay.relay({
      kind: 'connection',
      state: 'restored',
      at: new Date('2025-03-04T08:06:30.000Z'),
    });

    const sent = messages(host);
    expect(sent).to.have.lengthOf(2);
    expect(sent[0]).to.deep.include({
      topic: 'Channel',
      subtopic: 'Connection',
      replay: false,
    });
    expect(sent[0]!.message.event).to.equal('restored');
    expect(sent[1]).to.deep.equal({
      channel: 'Finesse',
      topic: 'Agent',
      subtopic: 'SetAgentState',
      message: {
        event: 'Ready',
        source: 'event',
        data: { ...AGENT.identity, ...ready, agentType: 'routable' },
      },
      replay: true,
    });
  });

  it('sends only the Connection message on restore when no one is signed in', () => {
    const { relay, host } = setup();
    relay.relay({ kind: 'connection', state: 'restored', at: new Date() });
    expect(messages(host).map((m) => m.subtopic)).to.deep.equal(['Connection']);
  });

  it('turns resumed into Login + SetAgentState, both replay true, for registered hosts', () => {
    const { relay, host } = setup();
    const ready = info('READY', '08:05:00');

    relay.relay({ kind: 'resumed', agent: AGENT, state: ready });

    const sent = messages(host);
    expect(sent.map((m) => [m.subtopic, m.replay])).to.deep.equal([
      ['Login', true],
      ['SetAgentState', true],
    ]);
    expectContractLogin(sent[0], SAMPLE_LOGIN_DATA, true);
    expect(sent[1]!.message.event).to.equal('Ready');
    expect(host.calls.every(([, origin]) => origin === EHR)).to.equal(true);
  });

  it('gives a host that registers after resumed the ack and the same replay set', () => {
    const { bridge, relay } = setup();
    relay.relay({
      kind: 'resumed',
      agent: AGENT,
      state: info('TALKING', '08:05:00'),
    });
    const late = recordedHost();

    register(bridge, late, PORTAL);

    expect(messages(late).map((m) => [m.subtopic, m.replay])).to.deep.equal([
      ['Register', false],
      ['Login', true],
      ['SetAgentState', true],
    ]);
    expectAck(late.calls[0]![0], 'EHR', 'true');
  });

  it('sends only strings as data values, in every message of a whole session driven by AgentSession', () => {
    const { bridge, relay, host } = setup();
    const session = new AgentSession({
      store: memorySignInStore(),
      onEvent: relay.relay,
      schedule: () => () => {},
    });
    const base: AgentSnapshot = {
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
      teamId: '',
      teamName: '',
      mediaType: '',
    };
    const reading = (state: string, time: string, more = {}) => ({
      ...base,
      state,
      stateChangeTime: `2025-03-04T${time}.000Z`,
      reasonCodeId: '',
      ...more,
    });
    const seen = new Date('2025-03-04T12:00:00.000Z');

    session.observe(base, seen);
    session.observe(reading('READY', '08:05:00'), seen);
    session.observe(
      reading('NOT_READY', '08:10:00', {
        reasonCodeId: '12',
        reasonCode: 'LUNCH',
        reasonLabel: 'Lunch',
      }),
      seen,
    );
    session.observe(
      reading('NOT_READY', '08:20:00', { reasonCodeId: '999' }),
      seen,
    );
    session.connectionChanged(false, seen);
    session.connectionChanged(true, seen);
    session.observe(reading('TALKING', '08:30:00'), seen);
    session.observe(reading('WORK', '08:40:00'), seen);
    const late = recordedHost();
    register(bridge, late, PORTAL);
    session.observe(
      reading('LOGOUT', '17:00:00', { reasonCodeId: '22' }),
      seen,
    );
    session.observe(
      reading('NOT_READY', '18:00:00', { reasonCodeId: '-1' }),
      seen,
    );
    session.closing(seen);

    const all = [...messages(host), ...messages(late)];
    expect(
      all.map((m) => `${m.subtopic}:${String(m.message.event)}`),
    ).to.include.members([
      'Login:login',
      'SetAgentState:Ready',
      'SetAgentState:NotReady',
      'SetAgentState:Talking',
      'SetAgentState:Work',
      'Connection:lost',
      'Connection:restored',
      'Logout:logout',
      'Register:registered',
    ]);
    for (const message of all) expectAllStrings(message);
    for (const [, origin] of [...host.calls, ...late.calls]) {
      expect(origin).to.be.oneOf([EHR, PORTAL]);
    }
    // One live message per transition for the host registered throughout.
    expect(
      messages(host).map(
        (m) => `${m.subtopic}:${String(m.message.event)}:${m.replay}`,
      ),
    ).to.deep.equal([
      'Login:login:false',
      'SetAgentState:Ready:false',
      'SetAgentState:NotReady:false',
      'SetAgentState:NotReady:false',
      'Connection:lost:false',
      'Connection:restored:false',
      'SetAgentState:NotReady:true',
      'SetAgentState:Talking:false',
      'SetAgentState:Work:false',
      'Logout:logout:false',
      'Login:login:false',
      'Logout:logout:false',
    ]);
  });
});
