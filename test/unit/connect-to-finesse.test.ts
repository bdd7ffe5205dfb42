import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import {
  connectToFinesse,
  LinkState,
  Topology,
  type BridgeEvent,
  type FinesseBridge,
  type FinesseBridgeOptions,
} from '../../src/host/connect-to-finesse.js';
import * as hostIndex from '../../src/host/index.js';
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
  isGetAgentStateRequest,
  isRegisterRequest,
  LogoutReason,
  type AgentStateInfo,
} from '../../src/protocol/index.js';
import { IDENTITY, READY_STATE, SIGN_IN_TIME } from './fixtures.js';
import {
  recordedHost,
  removeRecordedHosts,
  type PostCall,
  type RecordedHost,
} from './host-window.js';
import {
  desktopFrame,
  fakeHostWindow,
  GadgetStream,
  removeDesktopFrames,
  type FakeHostWindow,
} from './finesse-client-harness.js';

const FINESSE_A = 'https://finesse-a.example.org:8445';
const FINESSE_B = 'https://finesse-b.example.org:8445';
const FOREIGN = 'https://evil.example';
const SOURCE = 'my-ehr';

const REGISTER = {
  channel: 'Finesse',
  topic: 'Channel',
  subtopic: 'Register',
  source: SOURCE,
};
const GET_AGENT_STATE = {
  channel: 'Finesse',
  topic: 'Agent',
  subtopic: 'GetAgentState',
  source: SOURCE,
};

const READY = READY_STATE;
const LUNCH: AgentStateInfo = {
  state: 'NOT_READY',
  stateChangeTime: '2025-03-04T08:30:00.000Z',
  reasonCode: '10',
  reasonCodeId: '16',
  reasonLabel: 'Lunch',
};

const login = (replay = false) =>
  buildLoginMessage(IDENTITY, SIGN_IN_TIME, replay);
const ready = (replay = false) =>
  buildAgentStateMessage(IDENTITY, READY, replay);
const logout = () =>
  buildLogoutMessage(
    IDENTITY,
    {
      stateChangeTime: '2025-03-04T09:00:00.000Z',
      reasonCode: '',
      reason: LogoutReason.Agent,
      bestEffort: false,
    },
    false,
  );
const ack = (signedIn = true) => buildRegisteredMessage(SOURCE, signedIn);
const heartbeat = () => buildHeartbeatMessage(true);

const isRegister = ([message]: PostCall) => isRegisterRequest(message);
const isGetState = ([message]: PostCall) => isGetAgentStateRequest(message);

const open: FinesseBridge[] = [];

interface Harness {
  bridge: FinesseBridge;
  host: FakeHostWindow;
  /** The gadget's window: the host window's parent. */
  gadget: RecordedHost;
  stream: GadgetStream;
  events: BridgeEvent[];
  links: LinkState[];
  /** Delivers a message from the gadget's window. */
  fromGadget(data: unknown, origin?: string): void;
  /** Acknowledges the registration, as the gadget does. */
  connect(signedIn?: boolean, origin?: string): void;
}

/** A host page in the gadget's iframe (the frame topology). */
function frameHost(options: Partial<FinesseBridgeOptions> = {}): Harness {
  const gadget = recordedHost();
  const host = fakeHostWindow(gadget.win);
  const stream = new GadgetStream();
  const events: BridgeEvent[] = [];
  const links: LinkState[] = [];
  const bridge = connectToFinesse({
    finesseOrigins: [FINESSE_A, FINESSE_B],
    source: SOURCE,
    window: host.win,
    // Long by default: a test that needs a timer sets it short.
    retryMs: 60_000,
    silenceMs: 60_000,
    // No hold by default: the hold has tests of its own.
    reloadGraceMs: 0,
    onEvent: (event) => events.push(event),
    onLink: (state) => links.push(state),
    ...options,
  });
  open.push(bridge);
  const fromGadget = (data: unknown, origin = FINESSE_A) =>
    host.deliver(data, origin, gadget.win);
  return {
    bridge,
    host,
    gadget,
    stream,
    events,
    links,
    fromGadget,
    connect: (signedIn = true, origin = FINESSE_A) =>
      fromGadget(stream.next(ack(signedIn)), origin),
  };
}

afterEach(() => {
  for (const bridge of open.splice(0)) bridge.close();
  removeRecordedHosts();
  removeDesktopFrames();
});

describe('connectToFinesse', () => {
  it('refuses a wildcard or a non-origin in finesseOrigins', () => {
    for (const origin of ['*', 'https://finesse.example/', 'finesse']) {
      expect(
        () =>
          connectToFinesse({
            finesseOrigins: [origin],
            source: 'EHR',
            onEvent: () => {},
          }),
        origin,
      ).to.throw();
    }
  });

  describe('registration, frame topology', () => {
    it('registers with the parent at each Finesse origin, never "*"', () => {
      const { gadget } = frameHost();

      expect(gadget.calls).to.deep.equal([
        [REGISTER, FINESSE_A],
        [REGISTER, FINESSE_B],
      ]);
      // The gadget's own check accepts it.
      expect(gadget.calls.every(isRegister)).to.equal(true);
    });

    it('starts in "connecting" without calling onLink', () => {
      const { bridge, links } = frameHost();

      expect(bridge.link).to.equal(LinkState.Connecting);
      expect(links).to.deep.equal([]);
    });

    it('registers again every retryMs until the ack, then stops', async () => {
      const { gadget, connect } = frameHost({ retryMs: 20 });

      await waitUntil(() => gadget.calls.length >= 6, 'no retries');
      for (const [message, origin] of gadget.calls) {
        expect(message).to.deep.equal(REGISTER);
        expect([FINESSE_A, FINESSE_B]).to.include(origin);
      }

      connect();
      const after = gadget.calls.length;
      await aTimeout(150);
      expect(gadget.calls.length).to.equal(after);
    });

    it('an ack makes the link "connected", onLink called once', () => {
      const { bridge, links, connect } = frameHost();

      connect();
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(links).to.deep.equal([LinkState.Connected]);

      // A second ack (the gadget answering a second Register) changes nothing.
      connect();
      expect(links).to.deep.equal([LinkState.Connected]);
    });

    it('an ack from the other node of the pair is accepted', () => {
      const { bridge, gadget, connect } = frameHost();

      connect(true, FINESSE_B);
      expect(bridge.link).to.equal(LinkState.Connected);

      gadget.calls.length = 0;
      bridge.requestState();
      expect(gadget.calls).to.deep.equal([[GET_AGENT_STATE, FINESSE_B]]);
    });

    it('posts nothing when the host page is not framed', () => {
      const gadget = recordedHost();
      const host = fakeHostWindow('self');
      open.push(
        connectToFinesse({
          finesseOrigins: [FINESSE_A],
          source: SOURCE,
          window: host.win,
          retryMs: 60_000,
          onEvent: () => {},
        }),
      );

      expect(gadget.calls).to.deep.equal([]);
      expect(host.listeners).to.have.length(1);
    });
  });

  describe('what it ignores', () => {
    const wrongShapes: [string, (stream: GadgetStream) => unknown][] = [
      ['null', () => null],
      ['a string', () => 'Finesse'],
      ['the JSON text of a Login', (s) => JSON.stringify(s.next(login(), 2))],
      ['another channel', (s) => ({ ...s.next(login(), 2), channel: 'Other' })],
      [
        'an unknown subtopic',
        (s) => ({ ...s.next(login(), 2), subtopic: 'MakeCall' }),
      ],
      [
        'data with a non-string value',
        (s) => {
          const message = s.next(login(), 2);
          return {
            ...message,
            message: {
              ...message.message,
              data: { ...message.message.data, loginId: 1001001 },
            },
          };
        },
      ],
      ['version 2', (s) => ({ ...s.next(login(), 2), version: 2 })],
      ['seq a string', (s) => ({ ...s.next(login(), 2), seq: '2' })],
      [
        'fields only in a JSON __proto__',
        () => JSON.parse(`{"seq":2,"__proto__":${JSON.stringify(login())}}`),
      ],
      [
        'data with a JSON __proto__ object',
        () =>
          JSON.parse(
            JSON.stringify(login()).replace(
              '"data":{',
              '"data":{"__proto__":{"polluted":"yes"},',
            ),
          ),
      ],
    ];

    for (const [name, make] of wrongShapes) {
      it(`a message of the wrong shape: ${name}`, () => {
        const { bridge, events, connect, fromGadget, gadget } = frameHost();
        connect(false);

        expect(() => fromGadget(make(new GadgetStream()))).not.to.throw();
        expect(events).to.deep.equal([]);
        expect(bridge.current().signedIn).to.equal(false);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);

        // Nothing was counted: seq 2 is still news, with no gap.
        fromGadget(new GadgetStream().next(login(), 2));
        expect(events.map((e) => e.type)).to.deep.equal(['login']);
        expect(gadget.calls.filter(isGetState)).to.deep.equal([]);
      });
    }

    const wrongOrigins = [
      FOREIGN,
      `${FINESSE_A}/`,
      'https://finesse-a.example.org',
      'http://finesse-a.example.org:8445',
      'null',
      '',
    ];

    for (const origin of wrongOrigins) {
      it(`messages from an origin not listed: "${origin}"`, () => {
        const { bridge, events, links, host, gadget, stream } = frameHost();

        host.deliver(stream.next(ack()), origin, gadget.win);
        expect(bridge.link).to.equal(LinkState.Connecting);
        expect(links).to.deep.equal([]);

        host.deliver(buildHelloMessage(), origin, gadget.win);
        expect(gadget.calls.filter(isRegister)).to.have.length(2);

        host.deliver(new GadgetStream().next(ack()), FINESSE_A, gadget.win);
        host.deliver(stream.next(login()), origin, gadget.win);
        host.deliver(stream.next(logout()), origin, gadget.win);
        expect(events).to.deep.equal([]);
      });
    }

    it('messages with no source window', () => {
      const { bridge, events, host, stream } = frameHost();

      host.deliver(stream.next(ack()), FINESSE_A, null);
      host.deliver(stream.next(login()), FINESSE_A, null);
      expect(bridge.link).to.equal(LinkState.Connecting);
      expect(events).to.deep.equal([]);
    });

    it('an ack from a window other than the parent', () => {
      const { bridge, links, host } = frameHost();
      const other = recordedHost();

      host.deliver(new GadgetStream().next(ack()), FINESSE_A, other.win);
      expect(bridge.link).to.equal(LinkState.Connecting);
      expect(links).to.deep.equal([]);
    });

    it('events from a window other than the gadget', () => {
      const { events, host, connect, stream } = frameHost();
      const other = recordedHost();
      connect();

      expect(() => {
        host.deliver(stream.next(login()), FINESSE_A, other.win);
        host.deliver(stream.next(ready()), FINESSE_B, other.win);
      }).not.to.throw();
      expect(events).to.deep.equal([]);
    });

    it('events from the gadget before its ack', () => {
      const { events, fromGadget, stream } = frameHost();

      fromGadget(stream.next(login(), 2));
      expect(events).to.deep.equal([]);
    });
  });

  describe('events', () => {
    it('Login, SetAgentState, Connection and Logout become typed events', () => {
      const { events, connect, fromGadget, stream } = frameHost();
      connect();

      const messages = [
        stream.next(login(true)),
        stream.next(ready(true)),
        stream.next(buildConnectionMessage(ConnectionState.Lost, new Date(0))),
        stream.next(buildAgentStateMessage(IDENTITY, LUNCH, false)),
        stream.next(logout()),
      ];
      for (const message of messages) fromGadget(message);

      const meta = (m: (typeof messages)[number]) => ({
        replay: m.replay,
        id: m.id,
        seq: m.seq,
        session: m.session,
        sentAt: m.sentAt,
      });
      expect(events).to.deep.equal([
        {
          type: 'login',
          data: messages[0]!.message.data,
          meta: meta(messages[0]!),
        },
        {
          type: 'state',
          event: 'Ready',
          data: messages[1]!.message.data,
          meta: meta(messages[1]!),
        },
        {
          type: 'connection',
          state: 'lost',
          meta: meta(messages[2]!),
        },
        {
          type: 'state',
          event: 'NotReady',
          data: messages[3]!.message.data,
          meta: meta(messages[3]!),
        },
        {
          type: 'logout',
          data: messages[4]!.message.data,
          meta: meta(messages[4]!),
        },
      ]);
      expect(events[0]!.meta).to.include({
        replay: true,
        seq: 2,
        session: 'gadget-session-1',
      });
      expect(events[3]!.meta).to.include({ replay: false, seq: 5 });
    });

    it('acks, answers, heartbeats and hellos are not events', () => {
      const { events, connect, fromGadget, stream } = frameHost();
      connect();

      fromGadget(stream.next(heartbeat()));
      fromGadget(stream.next(buildAgentStateReply(true)));
      fromGadget(new GadgetStream('another').next(buildHelloMessage(), 0));
      expect(events).to.deep.equal([]);
    });

    it('messages without an envelope pass, with an empty meta', () => {
      const { events, connect, fromGadget } = frameHost();
      connect();

      fromGadget(login());
      fromGadget(login());
      expect(events).to.have.length(2);
      expect(events[0]!.meta).to.deep.equal({
        replay: false,
        id: undefined,
        seq: undefined,
        session: undefined,
        sentAt: undefined,
      });
    });
  });

  describe('sign-outs a reload also produces', () => {
    it('holds a best-effort Logout and drops it when the same sign-in is reported again', async () => {
      const h = frameHost({ reloadGraceMs: 40 });
      h.connect();
      h.fromGadget(h.stream.next(login()));
      h.fromGadget(
        h.stream.next(
          buildLogoutMessage(
            IDENTITY,
            {
              stateChangeTime: '2025-03-04T09:00:00.000Z',
              reasonCode: '',
              reason: LogoutReason.DesktopClosed,
              bestEffort: true,
            },
            false,
          ),
        ),
      );
      expect(h.events.map((e) => e.type)).to.deep.equal(['login']);

      // The reloaded gadget: a new session, the same sign-in, replayed.
      const reloaded = new GadgetStream('gadget-session-2');
      h.fromGadget(reloaded.next(ack()));
      h.fromGadget(reloaded.next(login(true)));
      await aTimeout(80);

      expect(h.events.map((e) => e.type)).to.deep.equal(['login']);
      expect(h.bridge.current().signedIn).to.equal(true);
    });

    it('hands on a held "cleared" when no agent comes back in time', async () => {
      const h = frameHost({ reloadGraceMs: 20 });
      h.connect();
      h.fromGadget(h.stream.next(login()));
      h.fromGadget(h.stream.next(buildAgentStateReply(false)));
      expect(h.events.map((e) => e.type)).to.deep.equal(['login']);

      await waitUntil(() => h.events.length === 2, 'never cleared');
      expect(h.events.map((e) => e.type)).to.deep.equal(['login', 'cleared']);
      expect(h.bridge.current().signedIn).to.equal(false);
    });
  });

  describe('the connection to Finesse', () => {
    it('learns of an outage from a heartbeat when the Connection message was missed', () => {
      const h = frameHost();
      h.connect();
      h.fromGadget(h.stream.next(buildHeartbeatMessage(false)));
      h.fromGadget(h.stream.next(buildHeartbeatMessage(false)));
      h.fromGadget(h.stream.next(buildHeartbeatMessage(true)));

      expect(
        h.events.map((e) => (e.type === 'connection' ? e.state : e.type)),
      ).to.deep.equal(['lost', 'restored']);
      expect(h.bridge.current().finesseConnected).to.equal(true);
    });
  });

  describe('current()', () => {
    it('is empty before anything arrives', () => {
      const { bridge } = frameHost();
      expect(bridge.current()).to.deep.equal({
        signedIn: false,
        login: undefined,
        state: undefined,
        finesseConnected: true,
      });
    });

    it('reflects the Login and the latest state', () => {
      const { bridge, connect, fromGadget, stream } = frameHost();
      connect();

      const loginMessage = stream.next(login(true));
      fromGadget(loginMessage);
      expect(bridge.current()).to.deep.equal({
        finesseConnected: true,
        signedIn: true,
        login: loginMessage.message.data,
        state: undefined,
      });

      const stateMessage = stream.next(ready(true));
      fromGadget(stateMessage);
      expect(bridge.current()).to.deep.equal({
        finesseConnected: true,
        signedIn: true,
        login: loginMessage.message.data,
        state: stateMessage.message.data,
      });
    });

    it('an ack with agentSignedIn "true" keeps what is known', () => {
      const { bridge, connect, fromGadget, stream } = frameHost();
      connect();
      fromGadget(stream.next(login()));

      connect(true);
      expect(bridge.current().signedIn).to.equal(true);
      expect(bridge.current().login).to.deep.equal(login().message.data);
    });

    const clearers: [string, (h: Harness) => void][] = [
      ['a Logout', (h) => h.fromGadget(h.stream.next(logout()))],
      ['an ack with agentSignedIn "false"', (h) => h.connect(false)],
      [
        'a GetAgentState answer with agentSignedIn "false"',
        (h) => h.fromGadget(h.stream.next(buildAgentStateReply(false))),
      ],
    ];

    for (const [name, clear] of clearers) {
      it(`is cleared by ${name}`, () => {
        const h = frameHost();
        h.connect();
        h.fromGadget(h.stream.next(login()));
        h.fromGadget(h.stream.next(ready()));
        expect(h.bridge.current().signedIn).to.equal(true);

        clear(h);
        expect(h.bridge.current()).to.deep.equal({
          signedIn: false,
          login: undefined,
          state: undefined,
          finesseConnected: true,
        });
      });
    }

    it('is a copy', () => {
      const { bridge, connect, fromGadget, stream } = frameHost();
      connect();
      fromGadget(stream.next(login()));

      const seen = bridge.current();
      seen.signedIn = false;
      expect(bridge.current().signedIn).to.equal(true);
    });
  });

  describe('sequence', () => {
    it('hands on a replay only when it tells the application something new', () => {
      const { events, connect, fromGadget, stream } = frameHost();
      connect();
      fromGadget(stream.next(login()));
      fromGadget(stream.next(ready()));

      // A second answer to a registration that crossed the first.
      fromGadget(stream.next(login(true)));
      fromGadget(stream.next(ready(true)));
      expect(events.map((e) => e.type)).to.deep.equal(['login', 'state']);
    });

    it('says "cleared" when the gadget reports no agent after a missed Logout', () => {
      const { events, bridge, connect, fromGadget, stream } = frameHost();
      connect();
      fromGadget(stream.next(login()));
      fromGadget(stream.next(buildAgentStateReply(false)));

      expect(events.map((e) => e.type)).to.deep.equal(['login', 'cleared']);
      expect(bridge.current().signedIn).to.equal(false);
    });

    it('drops a duplicate or an older seq', () => {
      const { events, gadget, connect, fromGadget, stream } = frameHost();
      connect();

      const first = stream.next(login());
      fromGadget(first);
      fromGadget(first);
      fromGadget({ ...stream.next(ready(), 2) });
      fromGadget(stream.next(ready(), 1));
      expect(events.map((e) => e.type)).to.deep.equal(['login']);
      expect(gadget.calls.filter(isGetState)).to.deep.equal([]);
    });

    it('a gap sends exactly one GetAgentState, to the gadget at its origin', () => {
      const { events, gadget, connect, fromGadget, stream } = frameHost();
      connect(true, FINESSE_B);
      fromGadget(stream.next(login()), FINESSE_B); // seq 2
      gadget.calls.length = 0;

      fromGadget(stream.next(ready(), 4), FINESSE_B);
      expect(gadget.calls).to.deep.equal([[GET_AGENT_STATE, FINESSE_B]]);
      expect(gadget.calls.every(isGetState)).to.equal(true);
      // The message after the gap is still handed on.
      expect(events.map((e) => e.type)).to.deep.equal(['login', 'state']);

      // The stream goes on without a gap: no further request.
      fromGadget(stream.next(buildAgentStateReply(true)), FINESSE_B); // 5
      fromGadget(stream.next(login(true)), FINESSE_B); // 6
      fromGadget(stream.next(ready(true)), FINESSE_B); // 7
      expect(gadget.calls).to.have.length(1);
      // The answer repeats what the application already has: no news.
      expect(events).to.have.length(2);
    });

    it('a new session resets the sequence without asking', () => {
      const { events, gadget, connect, fromGadget, stream } = frameHost();
      connect();
      for (let i = 0; i < 4; i += 1) fromGadget(stream.next(ready()));
      expect(stream.seq).to.equal(5);
      gadget.calls.length = 0;
      events.length = 0;

      const reloaded = new GadgetStream('gadget-session-2');
      fromGadget(reloaded.next(login(true))); // seq 1 of the new session
      fromGadget(reloaded.next(ready(true))); // seq 2
      expect(
        events.map((e) => [e.type, e.meta.session, e.meta.seq]),
      ).to.deep.equal([
        ['login', 'gadget-session-2', 1],
        ['state', 'gadget-session-2', 2],
      ]);
      expect(gadget.calls).to.deep.equal([]);

      // The new session is counted on its own: a repeat is dropped...
      fromGadget(reloaded.next(ready(true), 2));
      expect(events).to.have.length(2);
      // ...and a gap in it is noticed.
      fromGadget(reloaded.next(ready(), 4));
      expect(gadget.calls).to.deep.equal([[GET_AGENT_STATE, FINESSE_A]]);
    });
  });

  describe('requestState()', () => {
    it('does nothing before the ack', () => {
      const { bridge, gadget } = frameHost();
      bridge.requestState();
      expect(gadget.calls.filter(isGetState)).to.deep.equal([]);
    });

    it('asks the gadget at its origin once connected', () => {
      const { bridge, gadget, connect } = frameHost();
      connect();
      gadget.calls.length = 0;

      bridge.requestState();
      expect(gadget.calls).to.deep.equal([[GET_AGENT_STATE, FINESSE_A]]);
    });
  });

  describe('silence', () => {
    it('silence longer than silenceMs makes the link "silent" and registers again', async () => {
      const { bridge, gadget, links, events, connect, fromGadget, stream } =
        frameHost({ silenceMs: 80 });
      connect();
      gadget.calls.length = 0;

      await waitUntil(() => bridge.link === LinkState.Silent, 'never silent');
      expect(links).to.deep.equal([LinkState.Connected, LinkState.Silent]);
      expect(gadget.calls).to.deep.equal([
        [REGISTER, FINESSE_A],
        [REGISTER, FINESSE_B],
      ]);

      // The gadget is kept: if it was only slow, nothing it says is lost.
      fromGadget(stream.next(login()));
      expect(events.map((e) => e.type)).to.deep.equal(['login']);

      connect();
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(links).to.deep.equal([
        LinkState.Connected,
        LinkState.Silent,
        LinkState.Connected,
      ]);
    });

    it('keeps registering while silent, until an ack', async () => {
      const { bridge, gadget, connect } = frameHost({
        silenceMs: 80,
        retryMs: 15,
      });
      connect();
      await waitUntil(() => bridge.link === LinkState.Silent, 'never silent');
      const atSilence = gadget.calls.length;

      await waitUntil(
        () => gadget.calls.length >= atSilence + 4,
        'no registration retries while silent',
      );
      connect();
      const after = gadget.calls.length;
      await aTimeout(40); // two retry periods, half of silenceMs
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(gadget.calls.length).to.equal(after);
    });

    it('heartbeats before silenceMs keep the link connected', async () => {
      const { bridge, links, events, gadget, connect, fromGadget, stream } =
        frameHost({ silenceMs: 150 });
      connect();
      const registers = gadget.calls.length;

      for (let i = 0; i < 8; i += 1) {
        await aTimeout(40);
        fromGadget(stream.next(heartbeat()));
      }
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(links).to.deep.equal([LinkState.Connected]);
      expect(events).to.deep.equal([]);
      expect(gadget.calls.length).to.equal(registers);

      await waitUntil(() => bridge.link === LinkState.Silent, 'never silent');
    });

    it('heartbeats from another window do not keep it connected', async () => {
      const { bridge, host, connect, stream } = frameHost({ silenceMs: 100 });
      const other = recordedHost();
      connect();

      const beat = setInterval(
        () => host.deliver(stream.next(heartbeat()), FINESSE_A, other.win),
        30,
      );
      try {
        await waitUntil(() => bridge.link === LinkState.Silent, 'never silent');
      } finally {
        clearInterval(beat);
      }
    });
  });

  describe('Hello', () => {
    it('in a frame, ignores a Hello from any window but the parent', () => {
      const { host } = frameHost();
      const stranger = recordedHost();

      host.deliver(
        new GadgetStream('gadget-session-2').next(buildHelloMessage(), 0),
        FINESSE_B,
        stranger.win,
      );
      expect(stranger.calls).to.deep.equal([]);
    });

    it('a Hello from the gadget re-registers, and the new session is followed', () => {
      const { bridge, gadget, events, links, connect, fromGadget, stream } =
        frameHost();
      connect();
      fromGadget(stream.next(login()));
      fromGadget(stream.next(ready()));
      gadget.calls.length = 0;

      const reloaded = new GadgetStream('gadget-session-2');
      fromGadget(reloaded.next(buildHelloMessage(), 0));
      expect(gadget.calls).to.deep.equal([[REGISTER, FINESSE_A]]);

      fromGadget(reloaded.next(ack()));
      fromGadget(reloaded.next(login(true)));
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(links).to.deep.equal([LinkState.Connected]);
      // The reloaded gadget's replay repeats the Login the application
      // has: it is not handed on again.
      expect(events.map((e) => e.type)).to.deep.equal(['login', 'state']);
      expect(gadget.calls.filter(isGetState)).to.deep.equal([]);
    });
  });

  describe('top topology', () => {
    function topHost(options: Partial<FinesseBridgeOptions> = {}) {
      const desk = desktopFrame();
      const host = fakeHostWindow('self');
      const events: BridgeEvent[] = [];
      const links: LinkState[] = [];
      const bridge = connectToFinesse({
        finesseOrigins: [FINESSE_A, FINESSE_B],
        source: SOURCE,
        topology: Topology.Top,
        desktopFrame: desk.frame,
        window: host.win,
        retryMs: 60_000,
        silenceMs: 60_000,
        onEvent: (event) => events.push(event),
        onLink: (state) => links.push(state),
        ...options,
      });
      open.push(bridge);
      return { desk, host, bridge, events, links };
    }

    it('registers with every nested frame of the desktop, at each origin', () => {
      const { desk } = topHost();
      const both = [
        [REGISTER, FINESSE_A],
        [REGISTER, FINESSE_B],
      ];

      expect(desk.childCalls[0]).to.deep.equal(both);
      expect(desk.childCalls[1]).to.deep.equal(both);
      expect(desk.gadgetCalls).to.deep.equal(both);
      expect(desk.desktopCalls).to.deep.equal([]);
    });

    it('connects to the frame that acks, and stops retrying', async () => {
      const { desk, host, bridge, events, links } = topHost({ retryMs: 20 });
      await waitUntil(() => desk.gadgetCalls.length >= 4, 'no retries');

      const stream = new GadgetStream();
      host.deliver(stream.next(ack()), FINESSE_A, desk.gadget);
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(links).to.deep.equal([LinkState.Connected]);
      const after = desk.gadgetCalls.length;

      host.deliver(stream.next(login()), FINESSE_A, desk.gadget);
      // Another frame of the desktop is not the gadget.
      host.deliver(stream.next(ready()), FINESSE_A, desk.children[0]!);
      expect(events.map((e) => e.type)).to.deep.equal(['login']);

      await aTimeout(100);
      expect(desk.gadgetCalls.length).to.equal(after);
      bridge.requestState();
      expect(desk.gadgetCalls.slice(after)).to.deep.equal([
        [GET_AGENT_STATE, FINESSE_A],
      ]);
    });

    it('registers with a reloaded gadget that says Hello', () => {
      const { desk, host, bridge, events } = topHost();
      const first = new GadgetStream();
      host.deliver(first.next(ack()), FINESSE_A, desk.gadget);
      host.deliver(first.next(login()), FINESSE_A, desk.gadget);
      desk.gadgetCalls.length = 0;

      const second = new GadgetStream('gadget-session-2');
      host.deliver(second.next(buildHelloMessage(), 0), FINESSE_A, desk.gadget);
      expect(desk.gadgetCalls).to.deep.equal([[REGISTER, FINESSE_A]]);

      host.deliver(second.next(ack()), FINESSE_A, desk.gadget);
      host.deliver(second.next(login(true)), FINESSE_A, desk.gadget);
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(events.map((e) => [e.type, e.meta.session])).to.deep.equal([
        ['login', 'gadget-session-1'],
      ]);
      expect(desk.gadgetCalls.filter(isGetState)).to.deep.equal([]);
    });

    it('without desktopFrame, finds no gadget at all', () => {
      const desk = desktopFrame();
      const host = fakeHostWindow('self');
      const bridge = connectToFinesse({
        finesseOrigins: [FINESSE_A],
        source: SOURCE,
        topology: Topology.Top,
        window: host.win,
        retryMs: 60_000,
        onEvent: () => {},
      });
      open.push(bridge);

      // Any gadget of the desktop shares the Finesse origin: only a frame
      // inside desktopFrame is believed.
      host.deliver(buildHelloMessage(), FINESSE_A, desk.gadget);
      expect(desk.gadgetCalls).to.deep.equal([]);
      expect(bridge.link).to.equal(LinkState.Connecting);
    });

    it('stops retrying and listening', async () => {
      const { bridge, host, gadget, events, fromGadget, stream } = frameHost({
        retryMs: 20,
      });
      const listener = host.listeners[0];
      expect(host.listeners).to.have.length(1);
      await waitUntil(() => gadget.calls.length >= 4, 'no retries');

      bridge.close();
      expect(host.listeners).to.deep.equal([]);
      expect(host.removed).to.deep.equal([listener]);

      const atClose = gadget.calls.length;
      await aTimeout(100);
      expect(gadget.calls.length).to.equal(atClose);

      fromGadget(stream.next(ack()));
      fromGadget(stream.next(login()));
      expect(events).to.deep.equal([]);
      expect(bridge.link).to.equal(LinkState.Connecting);
    });

    it('stops watching for silence', async () => {
      const { bridge, links, gadget, connect } = frameHost({
        silenceMs: 30,
        retryMs: 20,
      });
      connect();
      const atClose = gadget.calls.length;

      bridge.close();
      await aTimeout(120);
      expect(links).to.deep.equal([LinkState.Connected]);
      expect(bridge.link).to.equal(LinkState.Connected);
      expect(gadget.calls.length).to.equal(atClose);
    });
  });
});

describe('src/host/index.ts', () => {
  it('exports the client, its constants and the guard', () => {
    expect(hostIndex.connectToFinesse).to.equal(connectToFinesse);
    expect(hostIndex.isGadgetMessage).to.equal(isGadgetMessage);
    expect(hostIndex.LinkState).to.deep.equal({
      Connecting: 'connecting',
      Connected: 'connected',
      Silent: 'silent',
    });
    expect(hostIndex.Topology).to.deep.equal({ Frame: 'frame', Top: 'top' });
  });
});
