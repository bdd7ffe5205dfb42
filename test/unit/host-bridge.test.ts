import { AGENT, READY_STATE, SIGNED_IN_STATE } from './fixtures.js';
import { expect, waitUntil } from '@open-wc/testing';
import {
  HostBridge,
  MAX_WAITING_MESSAGES,
  type BridgeStatus,
  type HostBridgeOptions,
} from '../../src/bridge/host-bridge.js';
import { createLogger } from '../../src/log/logger.js';
import {
  buildAgentStateMessage,
  buildConnectionMessage,
  buildLoginMessage,
  buildLogoutMessage,
  ConnectionState,
  LogoutReason,
  type AgentStateInfo,
  type OutgoingMessage,
} from '../../src/protocol/index.js';
import type { SignedInAgent } from '../../src/session/sign-in-tracker.js';
import {
  recordedHost,
  removeRecordedHosts,
  splitEnvelope,
  type PostCall,
  type RecordedHost,
} from './host-window.js';
import {
  expectAck,
  expectContractLogin,
  isLogin,
  registerRequest,
  SAMPLE_LOGIN_DATA,
  type ContractLoginData,
} from './contract-check.js';

const EHR = 'https://ehr.example';
const PORTAL = 'https://portal.example';
const EVIL = 'https://evil.example';

const SIGNED_IN = SIGNED_IN_STATE;

const READY = READY_STATE;

function readyAt(minute: number): AgentStateInfo {
  const mm = String(minute % 60).padStart(2, '0');
  const hh = String(9 + Math.floor(minute / 60)).padStart(2, '0');
  return { ...READY, stateChangeTime: `2025-03-04T${hh}:${mm}:00.000Z` };
}

/** The live Login of a new sign-in. */
function liveLogin(agent: SignedInAgent = AGENT): OutgoingMessage {
  return buildLoginMessage(agent.identity, agent.signInTime, false);
}

/** A live state change. */
function liveState(
  state: AgentStateInfo,
  agent: SignedInAgent = AGENT,
): OutgoingMessage {
  return buildAgentStateMessage(agent.identity, state, false);
}

/** What a late host must learn: the Login and the state, replay-marked. */
function currentSet(
  state: AgentStateInfo = SIGNED_IN,
  agent: SignedInAgent = AGENT,
): OutgoingMessage[] {
  return [
    buildLoginMessage(agent.identity, agent.signInTime, true),
    buildAgentStateMessage(agent.identity, state, true),
  ];
}

/** A new sign-in, as the relay tells the bridge. */
function signIn(bridge: HostBridge, agent: SignedInAgent = AGENT) {
  bridge.publish(liveLogin(agent));
  bridge.setCurrent(currentSet(SIGNED_IN, agent));
}

/** A state change, as the relay tells the bridge. */
function changeState(bridge: HostBridge, state: AgentStateInfo) {
  bridge.publish(liveState(state));
  bridge.setCurrent(currentSet(state));
}

/** The end of a sign-in, as the relay tells the bridge. */
function signOut(bridge: HostBridge, agent: SignedInAgent = AGENT) {
  bridge.publish(
    buildLogoutMessage(
      agent.identity,
      {
        stateChangeTime: '2025-03-04T09:00:00.000Z',
        reasonCode: '',
        reason: LogoutReason.Agent,
        bestEffort: false,
      },
      false,
    ),
  );
  bridge.setCurrent([]);
}

/** A sign-in the gadget learnt of after it started (a desktop refresh). */
function resume(bridge: HostBridge, agent: SignedInAgent = AGENT) {
  bridge.setCurrent(currentSet(READY, agent), true);
}

function register(
  bridge: HostBridge,
  host: RecordedHost,
  origin: string,
  data: unknown = registerRequest(),
) {
  bridge.handleMessage(
    new MessageEvent('message', { data, origin, source: host.win }),
  );
}

function makeBridge(options: Partial<HostBridgeOptions> = {}) {
  const lines: string[] = [];
  const statuses: BridgeStatus[] = [];
  const bridge = new HostBridge({
    allowedOrigins: [EHR, PORTAL],
    log: createLogger((line) => lines.push(line), false),
    onStatus: (status) => statuses.push(status),
    now: () => new Date('2025-03-04T08:00:20.000Z'),
    ...options,
  });
  return { bridge, lines, statuses };
}

function logins(host: RecordedHost): PostCall[] {
  return host.calls.filter(([message]) => isLogin(message));
}

interface Sent {
  subtopic: string;
  replay: boolean;
  event: string;
}

/** Each message a host received, in short. */
function summary(host: RecordedHost): Sent[] {
  return host.calls.map(([message]) => {
    const m = message as OutgoingMessage;
    return {
      subtopic: m.subtopic,
      replay: m.replay,
      event: String(m.message.event),
    };
  });
}

const ACK: Sent = { subtopic: 'Register', replay: false, event: 'registered' };
const LOGIN_LIVE: Sent = { subtopic: 'Login', replay: false, event: 'login' };
const LOGIN_REPLAY: Sent = { subtopic: 'Login', replay: true, event: 'login' };
const NOT_READY_REPLAY: Sent = {
  subtopic: 'SetAgentState',
  replay: true,
  event: 'NotReady',
};
const READY_LIVE: Sent = {
  subtopic: 'SetAgentState',
  replay: false,
  event: 'Ready',
};
const READY_REPLAY: Sent = { ...READY_LIVE, replay: true };

describe('HostBridge', () => {
  const frames: HTMLIFrameElement[] = [];

  afterEach(() => {
    removeRecordedHosts();
    for (const frame of frames.splice(0)) frame.remove();
  });

  describe('registration', () => {
    it('answers a registration from an allowed origin with an ack, at that origin', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();

      register(bridge, host, EHR, registerRequest('Cardiology EHR'));

      expect(host.calls).to.have.lengthOf(1);
      expectAck(host.calls[0]![0], 'Cardiology EHR', 'false');
      expect(host.calls[0]![1]).to.equal(EHR);
    });

    it('sends the ack then the current set, marked replay, when the agent was already signed in (refresh)', () => {
      const { bridge } = makeBridge();
      resume(bridge);
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_REPLAY, READY_REPLAY]);
      expectAck(host.calls[0]![0], 'EHR', 'true');
      expectContractLogin(host.calls[1]![0], SAMPLE_LOGIN_DATA, true);
      expect(host.calls[2]![0]).to.deep.equal(currentSet(READY)[1]);
      expect(host.calls.map(([, origin]) => origin)).to.deep.equal([
        EHR,
        EHR,
        EHR,
      ]);
    });

    it('tells a host that registered before the agent was known, marked replay, once the gadget learns of an ongoing sign-in (refresh)', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR); // ack: agentSignedIn "false"

      resume(bridge); // the first User reading after a refresh

      expect(summary(host)).to.deep.equal([ACK, LOGIN_REPLAY, READY_REPLAY]);
      expectContractLogin(logins(host)[0]![0], SAMPLE_LOGIN_DATA, true);
      expect(logins(host)[0]![1]).to.equal(EHR);
    });

    it('does not send the current set to registered hosts unless asked', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);

      bridge.setCurrent(currentSet(READY));

      expect(summary(host)).to.deep.equal([ACK]);
    });

    it('sends a Login with replay false to every registered host on a fresh sign-in, each at its exact origin', () => {
      const { bridge } = makeBridge();
      const ehr = recordedHost();
      const portal = recordedHost();
      register(bridge, ehr, EHR);
      register(bridge, portal, PORTAL);

      signIn(bridge);

      expect(summary(ehr)).to.deep.equal([ACK, LOGIN_LIVE]);
      expect(summary(portal)).to.deep.equal([ACK, LOGIN_LIVE]);
      expectContractLogin(logins(ehr)[0]![0], SAMPLE_LOGIN_DATA, false);
      expectContractLogin(logins(portal)[0]![0], SAMPLE_LOGIN_DATA, false);
      expect(logins(ehr)[0]![1]).to.equal(EHR);
      expect(logins(portal)[0]![1]).to.equal(PORTAL);
    });

    it('sends each published message once to each registered host, and nothing for setCurrent', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);

      signIn(bridge);
      bridge.setCurrent(currentSet());
      bridge.setCurrent(
        currentSet(SIGNED_IN, {
          ...AGENT,
          identity: { ...AGENT.identity, teamName: 'Oncology' },
        }),
      );
      changeState(bridge, READY);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_LIVE, READY_LIVE]);
    });

    it('gives a host registering after a fresh sign-in replay false the first time, replay true when it registers again', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EHR);
      register(bridge, host, EHR); // the host application reloaded

      expect(summary(host)).to.deep.equal([
        ACK,
        LOGIN_LIVE,
        ACK,
        LOGIN_REPLAY,
        NOT_READY_REPLAY,
      ]);
      const sent = logins(host);
      expectContractLogin(sent[0]![0], SAMPLE_LOGIN_DATA, false);
      expectContractLogin(sent[1]![0], SAMPLE_LOGIN_DATA, true);
    });

    it('gives a host of another allowed origin replay false after the first origin was told', () => {
      const { bridge } = makeBridge();
      const ehr = recordedHost();
      register(bridge, ehr, EHR);
      signIn(bridge);
      const portal = recordedHost();

      register(bridge, portal, PORTAL);

      expect(summary(portal)).to.deep.equal([ACK, LOGIN_LIVE]);
      expectContractLogin(logins(portal)[0]![0], SAMPLE_LOGIN_DATA, false);
    });

    it('replays the newest name and team to a window registering after a change', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      register(bridge, recordedHost(), EHR); // the origin's first window
      const renamed: SignedInAgent = {
        ...AGENT,
        identity: {
          ...AGENT.identity,
          name: 'Jane Doe-Smith',
          teamName: 'Oncology',
        },
      };
      bridge.setCurrent(currentSet(SIGNED_IN, renamed));
      const host = recordedHost();

      register(bridge, host, EHR);

      const expected: ContractLoginData = {
        ...SAMPLE_LOGIN_DATA,
        name: 'Jane Doe-Smith',
        teamName: 'Oncology',
      };
      expectContractLogin(logins(host)[0]![0], expected, true);
    });

    it('answers a registration after sign-out with agentSignedIn "false" and no Login', () => {
      const { bridge } = makeBridge();
      register(bridge, recordedHost(), EHR);
      signIn(bridge);
      signOut(bridge);
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(host.calls).to.have.lengthOf(1);
      expectAck(host.calls[0]![0], 'EHR', 'false');
    });

    it('sends a new Login with replay false after sign-out and a new sign-in', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);
      signIn(bridge);
      signOut(bridge);

      const again = { ...AGENT, signInTime: '2025-03-04T10:00:00.000Z' };
      signIn(bridge, again);

      const sent = logins(host);
      expect(sent).to.have.lengthOf(2);
      expectContractLogin(
        sent[1]![0],
        { ...SAMPLE_LOGIN_DATA, stateChangeTime: '2025-03-04T10:00:00.000Z' },
        false,
      );
    });
  });

  describe('the waiting queue of an origin that has not registered yet', () => {
    it('gives a host registering after a sign-in the live Login (replay false), then later live messages', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EHR);
      changeState(bridge, READY);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_LIVE, READY_LIVE]);
      expectAck(host.calls[0]![0], 'EHR', 'true');
      expectContractLogin(host.calls[1]![0], SAMPLE_LOGIN_DATA, false);
      expect(host.calls[2]![0]).to.deep.equal(liveState(READY));
    });

    it('flushes every live message since the sign-in, in order, each once', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      changeState(bridge, READY);
      changeState(bridge, readyAt(1));
      bridge.publish(
        buildConnectionMessage(
          ConnectionState.Lost,
          new Date('2025-03-04T09:02:00.000Z'),
        ),
      );
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(host.calls.map(([message]) => message)).to.deep.equal([
        host.calls[0]![0], // the ack, checked below
        liveLogin(),
        liveState(READY),
        liveState(readyAt(1)),
        buildConnectionMessage(
          ConnectionState.Lost,
          new Date('2025-03-04T09:02:00.000Z'),
        ),
      ]);
      expectAck(host.calls[0]![0], 'EHR', 'true');
    });

    it('gives a second window of the same origin the current replay set', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      changeState(bridge, READY);
      const first = recordedHost();
      const second = recordedHost();

      register(bridge, first, EHR);
      register(bridge, second, EHR);

      expect(summary(first)).to.deep.equal([ACK, LOGIN_LIVE, READY_LIVE]);
      expect(summary(second)).to.deep.equal([ACK, LOGIN_REPLAY, READY_REPLAY]);
      expect(second.calls.slice(1).map(([m]) => m)).to.deep.equal(
        currentSet(READY),
      );
    });

    it('keeps a separate queue for each allowed origin', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const ehr = recordedHost();
      register(bridge, ehr, EHR);
      changeState(bridge, READY);
      const portal = recordedHost();

      register(bridge, portal, PORTAL);

      expect(summary(ehr)).to.deep.equal([ACK, LOGIN_LIVE, READY_LIVE]);
      expect(summary(portal)).to.deep.equal([ACK, LOGIN_LIVE, READY_LIVE]);
    });

    it('gives the current set when the queue does not start with a Login (the gadget resumed a sign-in)', () => {
      const { bridge } = makeBridge();
      resume(bridge);
      changeState(bridge, readyAt(1));
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_REPLAY, READY_REPLAY]);
      expect(host.calls.slice(1).map(([m]) => m)).to.deep.equal(
        currentSet(readyAt(1)),
      );
    });

    it(`flushes a queue of exactly MAX_WAITING_MESSAGES (${MAX_WAITING_MESSAGES}) live messages`, () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      for (let i = 1; i < MAX_WAITING_MESSAGES; i += 1)
        changeState(bridge, readyAt(i));
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(host.calls).to.have.lengthOf(1 + MAX_WAITING_MESSAGES);
      expect(summary(host)[1]).to.deep.equal(LOGIN_LIVE);
      expect(host.calls.at(-1)![0]).to.deep.equal(
        liveState(readyAt(MAX_WAITING_MESSAGES - 1)),
      );
      expect(summary(host).every((s) => !s.replay)).to.equal(true);
    });

    it('gives the current set after the queue overflowed past MAX_WAITING_MESSAGES', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      for (let i = 1; i <= MAX_WAITING_MESSAGES; i += 1)
        changeState(bridge, readyAt(i));
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_REPLAY, READY_REPLAY]);
      expect(host.calls.slice(1).map(([m]) => m)).to.deep.equal(
        currentSet(readyAt(MAX_WAITING_MESSAGES)),
      );
    });

    it('starts the queue over at a new Login, dropping the previous sign-in', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      changeState(bridge, READY);
      signOut(bridge);
      const again = { ...AGENT, signInTime: '2025-03-04T10:00:00.000Z' };
      signIn(bridge, again);
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_LIVE]);
      expectContractLogin(
        host.calls[1]![0],
        { ...SAMPLE_LOGIN_DATA, stateChangeTime: '2025-03-04T10:00:00.000Z' },
        false,
      );
    });

    it('starts the queue over at a new Login even after it overflowed', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      for (let i = 1; i <= MAX_WAITING_MESSAGES + 5; i += 1)
        changeState(bridge, readyAt(i));
      signOut(bridge);
      const again = { ...AGENT, signInTime: '2025-03-04T12:00:00.000Z' };
      signIn(bridge, again);
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_LIVE]);
    });

    it('has no queue for an origin that is not allowed', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EVIL);

      expect(host.calls).to.deep.equal([]);
    });
  });

  describe('ignores what it must not answer', () => {
    it('posts nothing and logs nothing for a registration from a foreign origin (debug off)', () => {
      const { bridge, lines, statuses } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EVIL);
      register(bridge, host, 'null');
      register(bridge, host, 'https://ehr.example.evil.example');
      register(bridge, host, 'http://ehr.example');
      register(bridge, host, 'https://ehr.example:8443');

      expect(host.calls).to.deep.equal([]);
      expect(lines).to.deep.equal([]);
      expect(statuses).to.deep.equal([]);
      expect(bridge.status.hosts).to.deep.equal([]);
    });

    it('logs an ignored foreign registration only when debug is on', () => {
      const lines: string[] = [];
      const { bridge } = makeBridge({
        log: createLogger((line) => lines.push(line), true),
      });
      const host = recordedHost();

      register(bridge, host, EVIL);

      expect(host.calls).to.deep.equal([]);
      expect(lines.join('\n')).to.contain(EVIL);
    });

    it('says nothing, even in debug, about traffic that is not ours', () => {
      const lines: string[] = [];
      const { bridge } = makeBridge({
        log: createLogger((line) => lines.push(line), true),
      });
      const host = recordedHost();

      register(bridge, host, EHR, { hello: 'world' });

      expect(host.calls).to.deep.equal([]);
      expect(lines).to.deep.equal([]);
    });

    it('logs a refused registration only when debug is on', () => {
      for (const debug of [false, true]) {
        const lines: string[] = [];
        const { bridge } = makeBridge({
          log: createLogger((line) => lines.push(line), debug),
        });
        const host = recordedHost();

        register(bridge, host, EVIL);

        expect(host.calls).to.deep.equal([]);
        expect(lines.some((line) => line.includes(EVIL))).to.equal(debug);
      }
    });

    it('refuses a source name with line breaks or bidirectional controls', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();

      register(bridge, host, EHR, registerRequest('EHR\nerror: forged'));
      register(bridge, host, EHR, registerRequest('\u202Eevil'));

      expect(host.calls).to.deep.equal([]);
    });

    const malformed: [label: string, data: unknown][] = [
      ['null', null],
      ['undefined', undefined],
      ['a string', JSON.stringify(registerRequest())],
      ['a number', 42],
      ['an array', [registerRequest()]],
      ['the wrong channel', { ...registerRequest(), channel: 'Genesys' }],
      ['a lower-case channel', { ...registerRequest(), channel: 'finesse' }],
      ['the wrong topic', { ...registerRequest(), topic: 'Agent' }],
      ['the wrong subtopic', { ...registerRequest(), subtopic: 'Login' }],
      [
        'a missing source',
        { channel: 'Finesse', topic: 'Channel', subtopic: 'Register' },
      ],
      ['an empty source', registerRequest('')],
      ['a numeric source', { ...registerRequest(), source: 7 }],
      ['a source 1000 characters long', registerRequest('x'.repeat(1000))],
      [
        'fields only on the prototype',
        Object.create(registerRequest()) as unknown,
      ],
      [
        'a Login echoed back',
        { channel: 'Finesse', topic: 'Agent', subtopic: 'Login', message: {} },
      ],
      [
        'a Connection echoed back',
        buildConnectionMessage(ConnectionState.Lost, new Date()),
      ],
    ];

    for (const [label, data] of malformed) {
      it(`ignores ${label} from an allowed origin`, () => {
        const { bridge, lines, statuses } = makeBridge();
        signIn(bridge);
        const host = recordedHost();

        // Not through register(): its default would replace undefined.
        bridge.handleMessage(
          new MessageEvent('message', { data, origin: EHR, source: host.win }),
        );

        expect(host.calls).to.deep.equal([]);
        expect(statuses).to.deep.equal([]);
        expect(lines).to.deep.equal([]);
      });
    }

    it('keeps the queue of an origin whose malformed message was ignored', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EHR, { ...registerRequest(), channel: 'x' });
      register(bridge, host, EHR);

      expect(summary(host)).to.deep.equal([ACK, LOGIN_LIVE]);
    });

    it('accepts a registration with extra keys', () => {
      const { bridge } = makeBridge();
      signIn(bridge);
      const host = recordedHost();

      register(bridge, host, EHR, {
        ...registerRequest(),
        version: '2',
        requestId: 17,
      });

      expect(host.calls).to.have.lengthOf(2);
      expectAck(host.calls[0]![0], 'EHR', 'true');
    });

    it('accepts a source of exactly 100 characters', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR, registerRequest('x'.repeat(100)));
      expect(host.calls).to.have.lengthOf(1);
    });

    it('ignores a registration without a sender window', () => {
      const { bridge, statuses } = makeBridge();
      bridge.handleMessage(
        new MessageEvent('message', {
          data: registerRequest(),
          origin: EHR,
          source: null,
        }),
      );
      expect(statuses).to.deep.equal([]);
      expect(bridge.status.hosts).to.deep.equal([]);
    });

    it('ignores a registration that came through a MessagePort', () => {
      const { bridge, statuses } = makeBridge();
      const channel = new MessageChannel();
      bridge.handleMessage(
        new MessageEvent('message', {
          data: registerRequest(),
          origin: EHR,
          source: channel.port1,
        }),
      );
      expect(statuses).to.deep.equal([]);
      channel.port1.close();
    });
  });

  describe('status', () => {
    it('lists registered hosts and the last message sent', () => {
      const { bridge, statuses } = makeBridge();
      const ehr = recordedHost();
      const portal = recordedHost();
      register(bridge, ehr, EHR, registerRequest('Cardiology EHR'));
      register(bridge, portal, PORTAL, registerRequest('Portal'));
      signIn(bridge);

      expect(bridge.status.hosts).to.deep.equal([
        { origin: EHR, source: 'Cardiology EHR' },
        { origin: PORTAL, source: 'Portal' },
      ]);
      expect(bridge.status.lastSent).to.deep.equal({
        kind: 'Agent/Login',
        origin: PORTAL,
        replay: false,
        at: new Date('2025-03-04T08:00:20.000Z'),
      });
      expect(statuses.at(-1)).to.deep.equal(bridge.status);
    });

    it('reports a replay as the last message sent', () => {
      const { bridge } = makeBridge();
      resume(bridge);
      register(bridge, recordedHost(), EHR);

      expect(bridge.status.lastSent).to.deep.equal({
        kind: 'Agent/SetAgentState',
        origin: EHR,
        replay: true,
        at: new Date('2025-03-04T08:00:20.000Z'),
      });
    });

    it('lists a host that registers twice once', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);
      register(bridge, host, EHR);
      expect(bridge.status.hosts).to.have.lengthOf(1);
    });

    it('keeps telling the other hosts when posting to one fails, and logs why', () => {
      const { bridge, lines } = makeBridge();
      const broken = recordedHost();
      const working = recordedHost();
      register(bridge, broken, EHR);
      register(bridge, working, PORTAL);
      Object.defineProperty(broken.win, 'postMessage', {
        configurable: true,
        value: () => {
          throw new DOMException('detached', 'InvalidStateError');
        },
      });

      signIn(bridge);

      expect(logins(working)).to.have.lengthOf(1);
      expect(lines.join('\n')).to.contain(EHR);
    });
  });

  it('never posts to "*" and only to allowed origins, with string data, through a whole session', () => {
    const { bridge } = makeBridge();
    const hosts = [recordedHost(), recordedHost(), recordedHost()];
    register(bridge, hosts[0]!, EHR);
    resume(bridge);
    register(bridge, hosts[1]!, PORTAL);
    changeState(bridge, readyAt(3));
    signOut(bridge);
    signIn(bridge);
    bridge.publish(buildConnectionMessage(ConnectionState.Lost, new Date()));
    register(bridge, hosts[2]!, EHR);
    register(bridge, hosts[2]!, EVIL);

    const all = hosts.flatMap((host) => host.calls);
    expect(all.length).to.be.greaterThan(8);
    for (const [message, origin] of all) {
      expect(origin).to.be.oneOf([EHR, PORTAL]);
      expect(origin).to.not.equal('*');
      const data = (message as { message: { data: Record<string, unknown> } })
        .message.data;
      for (const value of Object.values(data)) expect(value).to.be.a('string');
    }
  });

  it('logs no name or identifier when debug is off, through a whole session', () => {
    const { bridge, lines } = makeBridge();
    const host = recordedHost();
    register(bridge, host, EHR);
    signIn(bridge);
    changeState(bridge, READY);
    register(bridge, host, EHR);
    register(bridge, recordedHost(), EVIL);
    signOut(bridge);

    const log = lines.join('\n');
    for (const secret of ['Jane', 'Doe', 'jdoe', '1001001', '5001']) {
      expect(log).to.not.contain(secret);
    }
  });

  describe('with real windows', () => {
    it('a same-origin host frame that registers receives the ack and the Login', async () => {
      const origin = window.location.origin;
      const bridge = new HostBridge({ allowedOrigins: [origin] });
      signIn(bridge);
      window.addEventListener('message', bridge.handleMessage);

      const received: { data: unknown; origin: string }[] = [];
      (window as unknown as { hostReceived: typeof received }).hostReceived =
        received;

      const frame = document.createElement('iframe');
      frame.title = 'host';
      frame.srcdoc = `<script>
        addEventListener('message', (e) => parent.hostReceived.push({ data: e.data, origin: e.origin }));
        parent.postMessage(${JSON.stringify(registerRequest('Frame host'))}, ${JSON.stringify(origin)});
      </script>`;
      frames.push(frame);
      try {
        document.body.append(frame);
        await waitUntil(
          () => received.length >= 2,
          'the frame got no ack and Login',
        );

        const [ack, ackEnvelope] = splitEnvelope(received[0]!.data);
        const [login, loginEnvelope] = splitEnvelope(received[1]!.data);
        expectAck(ack, 'Frame host', 'true');
        expectContractLogin(login, SAMPLE_LOGIN_DATA, false);
        expect([ackEnvelope['seq'], loginEnvelope['seq']]).to.deep.equal([
          1, 2,
        ]);
        expect(loginEnvelope['version']).to.equal(1);
        expect(loginEnvelope['session']).to.equal(ackEnvelope['session']);
        expect(loginEnvelope['id']).to.not.equal(ackEnvelope['id']);
        expect(received.every((r) => r.origin === origin)).to.equal(true);
        expect(bridge.status.hosts).to.deep.equal([
          { origin, source: 'Frame host' },
        ]);
      } finally {
        window.removeEventListener('message', bridge.handleMessage);
      }
    });

    it('a same-origin frame that is not allowed receives nothing', async () => {
      const bridge = new HostBridge({ allowedOrigins: [EHR] });
      signIn(bridge);
      let seen = 0;
      const listener = (event: MessageEvent) => {
        seen += 1;
        bridge.handleMessage(event);
      };
      window.addEventListener('message', listener);

      const received: unknown[] = [];
      (window as unknown as { hostReceived: unknown[] }).hostReceived =
        received;
      const frame = document.createElement('iframe');
      frame.title = 'host';
      frame.srcdoc = `<script>
        addEventListener('message', (e) => parent.hostReceived.push(e.data));
        parent.postMessage(${JSON.stringify(registerRequest('Frame host'))}, '*');
      </script>`;
      frames.push(frame);
      try {
        document.body.append(frame);
        await waitUntil(() => seen > 0, 'the registration never arrived');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).to.deep.equal([]);
      } finally {
        window.removeEventListener('message', listener);
      }
    });
  });
});
