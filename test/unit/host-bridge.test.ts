import { expect, waitUntil } from '@open-wc/testing';
import {
  HostBridge,
  type BridgeStatus,
  type HostBridgeOptions,
} from '../../src/bridge/host-bridge.js';
import { createLogger } from '../../src/log/logger.js';
import type { SignedInAgent } from '../../src/session/sign-in-tracker.js';
import {
  recordedHost,
  removeRecordedHosts,
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

const AGENT: SignedInAgent = {
  identity: {
    name: 'Jane Doe',
    extension: '5001',
    loginName: 'jdoe',
    loginId: '1001001',
    mediaType: '1',
    teamId: '5000',
    teamName: 'Cardiology Scheduling',
  },
  signInTime: '2025-03-04T08:00:12.345Z',
};

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

    it('sends the ack then the current Login, marked replay, when the agent was already signed in (refresh)', () => {
      const { bridge } = makeBridge();
      bridge.update(AGENT);
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(host.calls).to.have.lengthOf(2);
      expectAck(host.calls[0]![0], 'EHR', 'true');
      expectContractLogin(host.calls[1]![0], SAMPLE_LOGIN_DATA, true);
      expect(host.calls.map(([, origin]) => origin)).to.deep.equal([EHR, EHR]);
    });

    it('tells a host that registered before the agent was known, marked replay, once the gadget learns of an ongoing sign-in (refresh)', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR); // ack: agentSignedIn "false"

      bridge.update(AGENT); // the first User reading after a refresh

      const sent = logins(host);
      expect(
        sent,
        'the registered host was never told who is signed in',
      ).to.have.lengthOf(1);
      expectContractLogin(sent[0]![0], SAMPLE_LOGIN_DATA, true);
      expect(sent[0]![1]).to.equal(EHR);
    });

    it('sends a Login with replay false to every registered host on a fresh sign-in, each at its exact origin', () => {
      const { bridge } = makeBridge();
      const ehr = recordedHost();
      const portal = recordedHost();
      register(bridge, ehr, EHR);
      register(bridge, portal, PORTAL);

      bridge.signedIn(AGENT);

      expect(logins(ehr)).to.have.lengthOf(1);
      expect(logins(portal)).to.have.lengthOf(1);
      expectContractLogin(logins(ehr)[0]![0], SAMPLE_LOGIN_DATA, false);
      expectContractLogin(logins(portal)[0]![0], SAMPLE_LOGIN_DATA, false);
      expect(logins(ehr)[0]![1]).to.equal(EHR);
      expect(logins(portal)[0]![1]).to.equal(PORTAL);
    });

    it('sends one Login per sign-in, however many times the agent is updated', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);

      bridge.signedIn(AGENT);
      bridge.update(AGENT);
      bridge.update({
        ...AGENT,
        identity: { ...AGENT.identity, teamName: 'Oncology' },
      });

      expect(logins(host)).to.have.lengthOf(1);
    });

    it('gives a host registering after a fresh sign-in replay false the first time, replay true when it registers again', () => {
      const { bridge } = makeBridge();
      bridge.signedIn(AGENT);
      const host = recordedHost();

      register(bridge, host, EHR);
      register(bridge, host, EHR); // the host application reloaded

      const sent = logins(host);
      expect(sent).to.have.lengthOf(2);
      expectContractLogin(sent[0]![0], SAMPLE_LOGIN_DATA, false);
      expectContractLogin(sent[1]![0], SAMPLE_LOGIN_DATA, true);
    });

    it('gives a second window of an origin already told replay true', () => {
      const { bridge } = makeBridge();
      bridge.signedIn(AGENT);
      const first = recordedHost();
      const second = recordedHost();

      register(bridge, first, EHR);
      register(bridge, second, EHR);

      expectContractLogin(logins(first)[0]![0], SAMPLE_LOGIN_DATA, false);
      expectContractLogin(logins(second)[0]![0], SAMPLE_LOGIN_DATA, true);
    });

    it('gives a host of another allowed origin replay false after the first origin was told', () => {
      const { bridge } = makeBridge();
      const ehr = recordedHost();
      register(bridge, ehr, EHR);
      bridge.signedIn(AGENT);
      const portal = recordedHost();

      register(bridge, portal, PORTAL);

      expectContractLogin(logins(portal)[0]![0], SAMPLE_LOGIN_DATA, false);
    });

    it('replays the newest name and team to a host registering after a change', () => {
      const { bridge } = makeBridge();
      bridge.signedIn(AGENT);
      bridge.update({
        ...AGENT,
        identity: {
          ...AGENT.identity,
          name: 'Jane Doe-Smith',
          teamName: 'Oncology',
        },
      });
      const host = recordedHost();

      register(bridge, host, EHR);

      const expected: ContractLoginData = {
        ...SAMPLE_LOGIN_DATA,
        name: 'Jane Doe-Smith',
        teamName: 'Oncology',
      };
      expectContractLogin(logins(host)[0]![0], expected, false);
    });

    it('answers a registration after sign-out with agentSignedIn "false" and no Login', () => {
      const { bridge } = makeBridge();
      bridge.signedIn(AGENT);
      bridge.signedOut();
      const host = recordedHost();

      register(bridge, host, EHR);

      expect(host.calls).to.have.lengthOf(1);
      expectAck(host.calls[0]![0], 'EHR', 'false');
    });

    it('sends a new Login with replay false after sign-out and a new sign-in', () => {
      const { bridge } = makeBridge();
      const host = recordedHost();
      register(bridge, host, EHR);
      bridge.signedIn(AGENT);
      bridge.signedOut();

      const again = { ...AGENT, signInTime: '2025-03-04T10:00:00.000Z' };
      bridge.signedIn(again);

      const sent = logins(host);
      expect(sent).to.have.lengthOf(2);
      expectContractLogin(
        sent[1]![0],
        { ...SAMPLE_LOGIN_DATA, stateChangeTime: '2025-03-04T10:00:00.000Z' },
        false,
      );
    });
  });

  describe('ignores what it must not answer', () => {
    it('posts nothing and logs nothing for a registration from a foreign origin (debug off)', () => {
      const { bridge, lines, statuses } = makeBridge();
      bridge.signedIn(AGENT);
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
    ];

    for (const [label, data] of malformed) {
      it(`ignores ${label} from an allowed origin`, () => {
        const { bridge, lines, statuses } = makeBridge();
        bridge.signedIn(AGENT);
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

    it('accepts a registration with extra keys', () => {
      const { bridge } = makeBridge();
      bridge.signedIn(AGENT);
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
      bridge.signedIn(AGENT);

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

      bridge.signedIn(AGENT);

      expect(logins(working)).to.have.lengthOf(1);
      expect(lines.join('\n')).to.contain(EHR);
    });
  });

  it('never posts to "*" and only to allowed origins, through a whole session', () => {
    const { bridge } = makeBridge();
    const hosts = [recordedHost(), recordedHost(), recordedHost()];
    register(bridge, hosts[0]!, EHR);
    bridge.update(AGENT);
    register(bridge, hosts[1]!, PORTAL);
    bridge.signedOut();
    bridge.signedIn(AGENT);
    register(bridge, hosts[2]!, EHR);
    register(bridge, hosts[2]!, EVIL);

    const all = hosts.flatMap((host) => host.calls);
    expect(all.length).to.be.greaterThan(4);
    for (const [message, origin] of all) {
      expect(origin).to.be.oneOf([EHR, PORTAL]);
      if (isLogin(message)) {
        const data = (message as { message: { data: Record<string, unknown> } })
          .message.data;
        for (const value of Object.values(data))
          expect(value).to.be.a('string');
      }
    }
  });

  it('logs no name or identifier when debug is off, through a whole session', () => {
    const { bridge, lines } = makeBridge();
    const host = recordedHost();
    register(bridge, host, EHR);
    bridge.signedIn(AGENT);
    register(bridge, host, EHR);
    register(bridge, recordedHost(), EVIL);

    const log = lines.join('\n');
    for (const secret of ['Jane', 'Doe', 'jdoe', '1001001', '5001']) {
      expect(log).to.not.contain(secret);
    }
  });

  describe('with real windows', () => {
    it('a same-origin host frame that registers receives the ack and the Login', async () => {
      const origin = window.location.origin;
      const bridge = new HostBridge({ allowedOrigins: [origin] });
      bridge.signedIn(AGENT);
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

        expectAck(received[0]!.data, 'Frame host', 'true');
        expectContractLogin(received[1]!.data, SAMPLE_LOGIN_DATA, false);
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
      bridge.signedIn(AGENT);
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
