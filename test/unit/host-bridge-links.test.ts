import { AGENT, READY_STATE, SIGN_IN_TIME } from './fixtures.js';
import { expect } from '@open-wc/testing';
import { HostBridge } from '../../src/bridge/host-bridge.js';
import {
  buildAgentStateMessage,
  buildLoginMessage,
} from '../../src/protocol/index.js';
import { registerRequest } from './contract-check.js';
import {
  recordedHost,
  removeRecordedHosts,
  type RecordedHost,
} from './host-window.js';

const EHR = 'https://ehr.example';
const PORTAL = 'https://portal.example';
const SESSION = 'gadget-session-1';

const READY = READY_STATE;

const getAgentState = {
  channel: 'Finesse',
  topic: 'Agent',
  subtopic: 'GetAgentState',
  source: 'EHR',
};

function post(
  bridge: HostBridge,
  host: RecordedHost,
  origin: string,
  data: unknown,
) {
  bridge.handleMessage(
    new MessageEvent('message', { data, origin, source: host.win }),
  );
}

function signedInBridge() {
  const bridge = new HostBridge({
    allowedOrigins: [EHR, PORTAL],
    session: SESSION,
  });
  bridge.publish(buildLoginMessage(AGENT.identity, SIGN_IN_TIME, false));
  bridge.setCurrent([
    buildLoginMessage(AGENT.identity, SIGN_IN_TIME, true),
    buildAgentStateMessage(AGENT.identity, READY, true),
  ]);
  return bridge;
}

function kinds(host: RecordedHost): string[] {
  return host.calls.map(([message]) => {
    const m = message as { topic: string; subtopic: string; replay: boolean };
    return `${m.topic}/${m.subtopic}${m.replay ? ' (replay)' : ''}`;
  });
}

describe('HostBridge links', () => {
  afterEach(() => removeRecordedHosts());

  describe('the envelope', () => {
    it('numbers the messages to each window from 1, with one session', () => {
      const bridge = signedInBridge();
      const ehr = recordedHost();
      const portal = recordedHost();

      post(bridge, ehr, EHR, registerRequest());
      post(bridge, portal, PORTAL, registerRequest('Portal'));
      bridge.publish(buildAgentStateMessage(AGENT.identity, READY, false));

      expect(ehr.envelopes.map((e) => e['seq'])).to.deep.equal([1, 2, 3]);
      expect(portal.envelopes.map((e) => e['seq'])).to.deep.equal([1, 2, 3]);
      for (const envelope of [...ehr.envelopes, ...portal.envelopes]) {
        expect(envelope['version']).to.equal(1);
        expect(envelope['session']).to.equal(SESSION);
        expect(envelope['sentAt']).to.match(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
        );
      }
      const ids = [...ehr.envelopes, ...portal.envelopes].map((e) => e['id']);
      expect(new Set(ids).size, 'every id is unique').to.equal(ids.length);
    });

    it('starts counting again when a window registers again', () => {
      const bridge = signedInBridge();
      const ehr = recordedHost();

      post(bridge, ehr, EHR, registerRequest());
      post(bridge, ehr, EHR, registerRequest());

      // First: ack and the kept live Login; then ack and the current set.
      expect(ehr.envelopes.map((e) => e['seq'])).to.deep.equal([1, 2, 1, 2, 3]);
    });
  });

  describe('GetAgentState', () => {
    it('answers a registered window with the current state, as replays', () => {
      const bridge = signedInBridge();
      const ehr = recordedHost();
      post(bridge, ehr, EHR, registerRequest());
      ehr.calls.splice(0);

      post(bridge, ehr, EHR, getAgentState);

      expect(kinds(ehr)).to.deep.equal([
        'Agent/GetAgentState',
        'Agent/Login (replay)',
        'Agent/SetAgentState (replay)',
      ]);
      const [reply] = ehr.calls[0]!;
      expect(
        (reply as { message: { data: unknown } }).message.data,
      ).to.deep.equal({ agentSignedIn: 'true' });
      expect(ehr.calls.every(([, origin]) => origin === EHR)).to.equal(true);
    });

    it('says no agent is signed in, and nothing more, after a sign-out', () => {
      const bridge = signedInBridge();
      const ehr = recordedHost();
      post(bridge, ehr, EHR, registerRequest());
      bridge.setCurrent([]);
      ehr.calls.splice(0);

      post(bridge, ehr, EHR, getAgentState);

      expect(kinds(ehr)).to.deep.equal(['Agent/GetAgentState']);
      const [reply] = ehr.calls[0]!;
      expect(
        (reply as { message: { data: unknown } }).message.data,
      ).to.deep.equal({ agentSignedIn: 'false' });
    });

    it('ignores a window that never registered, even from an allowed origin', () => {
      const bridge = signedInBridge();
      const stranger = recordedHost();

      post(bridge, stranger, EHR, getAgentState);

      expect(stranger.calls).to.deep.equal([]);
    });

    it('ignores a registered window asking from another origin', () => {
      const bridge = signedInBridge();
      const ehr = recordedHost();
      post(bridge, ehr, EHR, registerRequest());
      ehr.calls.splice(0);

      post(bridge, ehr, PORTAL, getAgentState);
      post(bridge, ehr, 'https://evil.example', getAgentState);

      expect(ehr.calls).to.deep.equal([]);
    });
  });

  describe('many hosts', () => {
    it('gives every registered window every live event exactly once', () => {
      const bridge = signedInBridge();
      const hosts = [recordedHost(), recordedHost(), recordedHost()];
      post(bridge, hosts[0]!, EHR, registerRequest('EHR'));
      post(bridge, hosts[1]!, PORTAL, registerRequest('Portal'));
      post(bridge, hosts[2]!, EHR, registerRequest('EHR second tab'));
      for (const host of hosts) host.calls.splice(0);

      bridge.publish(buildAgentStateMessage(AGENT.identity, READY, false));

      for (const host of hosts) {
        expect(kinds(host)).to.deep.equal(['Agent/SetAgentState']);
      }
      expect(hosts.map((h) => h.calls[0]![1])).to.deep.equal([
        EHR,
        PORTAL,
        EHR,
      ]);
    });

    it('drops a window that has gone, without an error, and keeps the rest', () => {
      const bridge = signedInBridge();
      const gone = recordedHost();
      const staying = recordedHost();
      post(bridge, gone, EHR, registerRequest('Gone'));
      post(bridge, staying, PORTAL, registerRequest('Staying'));
      gone.frame.remove();

      expect(() =>
        bridge.publish(buildAgentStateMessage(AGENT.identity, READY, false)),
      ).to.not.throw();

      expect(bridge.status.hosts).to.deep.equal([
        { origin: PORTAL, source: 'Staying' },
      ]);
      expect(kinds(staying).at(-1)).to.equal('Agent/SetAgentState');
    });
  });
});
