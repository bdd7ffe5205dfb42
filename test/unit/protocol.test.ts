import { expect } from '@open-wc/testing';
import { IDENTITY } from './fixtures.js';
import {
  agentStateEventFor,
  AgentStateEvent,
  buildAgentStateMessage,
  buildConnectionMessage,
  buildLoginMessage,
  buildLogoutMessage,
  buildRegisteredMessage,
  ConnectionState,
  LogoutReason,
  type AgentIdentity,
} from '../../src/protocol/index.js';
import { SAMPLE_LOGIN_DATA } from './contract-check.js';

describe('protocol builders', () => {
  describe('buildLoginMessage', () => {
    it('builds the contract sample, live', () => {
      expect(
        buildLoginMessage(IDENTITY, '2025-03-04T08:00:12.345Z', false),
      ).to.deep.equal({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'Login',
        message: {
          event: 'login',
          source: 'event',
          data: {
            name: 'Jane Doe',
            extension: '5001',
            loginName: 'jdoe',
            loginId: '1001001',
            mediaType: '1',
            teamId: '5000',
            teamName: 'Cardiology Scheduling',
            reasonCode: 'login',
            state: 'login',
            stateChangeTime: '2025-03-04T08:00:12.345Z',
            agentType: 'not_routable',
          },
        },
        replay: false,
      });
    });

    it('equals the contract sample data exactly, and marks a replay', () => {
      const message = buildLoginMessage(
        IDENTITY,
        '2025-03-04T08:00:12.345Z',
        true,
      );
      expect(message.message.data).to.deep.equal(SAMPLE_LOGIN_DATA);
      expect(message.replay).to.equal(true);
    });

    it('copies only the contract fields, even from a wider object', () => {
      const wider = { ...IDENTITY, password: 'secret' } as AgentIdentity;
      const data = buildLoginMessage(wider, '2025-03-04T08:00:12.345Z', false)
        .message.data;
      expect(data).to.not.have.property('password');
    });
  });

  describe('buildAgentStateMessage', () => {
    it('builds a Not Ready with its reason, live', () => {
      expect(
        buildAgentStateMessage(
          IDENTITY,
          {
            state: 'NOT_READY',
            stateChangeTime: '2025-03-04T08:30:00.000Z',
            reasonCode: 'LUNCH',
            reasonCodeId: '12',
            reasonLabel: 'Lunch',
          },
          false,
        ),
      ).to.deep.equal({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'SetAgentState',
        message: {
          event: 'NotReady',
          source: 'event',
          data: {
            name: 'Jane Doe',
            extension: '5001',
            loginName: 'jdoe',
            loginId: '1001001',
            mediaType: '1',
            teamId: '5000',
            teamName: 'Cardiology Scheduling',
            state: 'NOT_READY',
            stateChangeTime: '2025-03-04T08:30:00.000Z',
            reasonCode: 'LUNCH',
            reasonCodeId: '12',
            reasonLabel: 'Lunch',
            agentType: 'not_routable',
          },
        },
        replay: false,
      });
    });

    it('builds a Ready, routable, replayed', () => {
      expect(
        buildAgentStateMessage(
          IDENTITY,
          {
            state: 'READY',
            stateChangeTime: '2025-03-04T08:05:00.000Z',
            reasonCode: '',
            reasonCodeId: '',
            reasonLabel: '',
          },
          true,
        ),
      ).to.deep.equal({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'SetAgentState',
        message: {
          event: 'Ready',
          source: 'event',
          data: {
            name: 'Jane Doe',
            extension: '5001',
            loginName: 'jdoe',
            loginId: '1001001',
            mediaType: '1',
            teamId: '5000',
            teamName: 'Cardiology Scheduling',
            state: 'READY',
            stateChangeTime: '2025-03-04T08:05:00.000Z',
            reasonCode: '',
            reasonCodeId: '',
            reasonLabel: '',
            agentType: 'routable',
          },
        },
        replay: true,
      });
    });

    it('builds an unknown state as Unknown, not routable, with the raw state', () => {
      const message = buildAgentStateMessage(
        IDENTITY,
        {
          state: 'ON_A_BREAK_2030',
          stateChangeTime: '2025-03-04T08:05:00.000Z',
          reasonCode: '',
          reasonCodeId: '',
          reasonLabel: '',
        },
        false,
      );
      expect(message.message.event).to.equal('Unknown');
      expect(message.message.data.state).to.equal('ON_A_BREAK_2030');
      expect(message.message.data.agentType).to.equal('not_routable');
    });
  });

  describe('buildLogoutMessage', () => {
    it('builds a supervisor Logout, live', () => {
      expect(
        buildLogoutMessage(
          IDENTITY,
          {
            stateChangeTime: '2025-03-04T17:00:00.000Z',
            reasonCode: '999',
            reason: LogoutReason.Supervisor,
            bestEffort: false,
          },
          false,
        ),
      ).to.deep.equal({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'Logout',
        message: {
          event: 'logout',
          source: 'event',
          data: {
            name: 'Jane Doe',
            extension: '5001',
            loginName: 'jdoe',
            loginId: '1001001',
            mediaType: '1',
            teamId: '5000',
            teamName: 'Cardiology Scheduling',
            state: 'logout',
            stateChangeTime: '2025-03-04T17:00:00.000Z',
            reasonCode: '999',
            reason: 'supervisor',
            bestEffort: 'false',
            agentType: 'offline',
          },
        },
        replay: false,
      });
    });

    it('builds a best-effort desktop_closed Logout with bestEffort "true"', () => {
      const message = buildLogoutMessage(
        IDENTITY,
        {
          stateChangeTime: '2025-03-04T17:00:00.000Z',
          reasonCode: '',
          reason: LogoutReason.DesktopClosed,
          bestEffort: true,
        },
        false,
      );
      expect(message.message.data).to.deep.include({
        reasonCode: '',
        reason: 'desktop_closed',
        bestEffort: 'true',
        agentType: 'offline',
      });
    });

    it('has the documented reason vocabulary', () => {
      expect(Object.values(LogoutReason).sort()).to.deep.equal([
        'agent',
        'connection_failure',
        'desktop_closed',
        'signed_in_elsewhere',
        'supervisor',
      ]);
    });
  });

  describe('buildConnectionMessage', () => {
    for (const state of [ConnectionState.Lost, ConnectionState.Restored]) {
      it(`builds a Connection "${state}"`, () => {
        expect(
          buildConnectionMessage(state, new Date('2025-03-04T08:06:00.000Z')),
        ).to.deep.equal({
          channel: 'Finesse',
          topic: 'Channel',
          subtopic: 'Connection',
          message: {
            event: state,
            source: 'event',
            data: { state, at: '2025-03-04T08:06:00.000Z' },
          },
          replay: false,
        });
      });
    }
  });

  describe('buildRegisteredMessage', () => {
    for (const signedIn of [true, false]) {
      it(`builds the ack with agentSignedIn "${String(signedIn)}"`, () => {
        expect(
          buildRegisteredMessage('Cardiology EHR', signedIn),
        ).to.deep.equal({
          channel: 'Finesse',
          topic: 'Channel',
          subtopic: 'Register',
          message: {
            event: 'registered',
            source: 'event',
            data: {
              source: 'Cardiology EHR',
              agentSignedIn: String(signedIn),
            },
          },
          replay: false,
        });
      });
    }
  });

  describe('agentStateEventFor', () => {
    const table: [state: string, event: string][] = [
      ['READY', 'Ready'],
      ['NOT_READY', 'NotReady'],
      ['RESERVED', 'Reserved'],
      ['RESERVED_OUTBOUND', 'ReservedOutbound'],
      ['RESERVED_OUTBOUND_PREVIEW', 'ReservedOutboundPreview'],
      ['TALKING', 'Talking'],
      ['HOLD', 'Hold'],
      ['WORK', 'Work'],
      ['WORK_READY', 'WorkReady'],
      ['LOGIN', 'Unknown'],
      ['LOGOUT', 'Unknown'],
      ['UNKNOWN', 'Unknown'],
      ['ready', 'Unknown'],
      ['', 'Unknown'],
      ['toString', 'Unknown'],
      ['__proto__', 'Unknown'],
      ['constructor', 'Unknown'],
    ];

    for (const [state, event] of table) {
      it(`maps ${JSON.stringify(state)} to ${event}`, () => {
        expect(agentStateEventFor(state)).to.equal(event);
      });
    }

    it('covers the whole closed vocabulary', () => {
      const produced = new Set(
        table.map(([state]) => agentStateEventFor(state)),
      );
      expect([...produced].sort()).to.deep.equal(
        Object.values(AgentStateEvent).sort(),
      );
    });
  });
});
