#!/usr/bin/env node
/**
 * End-to-end cases: the built gadget in the simulated Finesse desktop,
 * driven in Debian's chromium, judged by what the sample host received
 * and what the gadget shows. Cases run one after another, each with a
 * fresh simulator and browser context; one browser serves them all.
 * A case marked `concurrent` (one that mostly waits out a grace period)
 * runs beside the others instead of in turn; `startAfterMs` holds a case
 * back until that long after the run began, so that the waiting cases
 * do not all load at once.
 *
 *   node simulator/e2e/run.mjs [name filter]
 *
 * The last line printed is `N passed, N failed`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { EXPECTED_LOGIN, diffMessage } from '../expected-login.mjs';
import { launchBrowser } from '../launch-browser.mjs';
import {
  BUILD_HINT,
  DIST_DIR,
  HOST_SDK_FILE,
  HOST_SDK_HINT,
} from '../server.mjs';
import { conformanceCases } from './conformance.mjs';
import { checkLoginOnce, faultCases } from './faults.mjs';
import {
  check,
  isAgent,
  isConnection,
  isLogin,
  isRegisterAck,
  isState,
  nextEvent,
  received,
  sleep,
  summary,
  waitUntil,
  withDesktop,
} from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', 'fixtures');
const CASE_TIMEOUT_MS = 30000;
// The gadget's documented error codes (README, Error codes).
const ERROR_CODES = new RegExp(
  [
    'CONFIG_INVALID',
    'FINESSE_MISSING',
    'NO_USER_ID',
    'USER_LOAD_FAILED',
    'USER_DATA_INVALID',
  ].join('|'),
);

/** The contract's Login with some data fields replaced. */
function expectedLogin(data) {
  return {
    ...EXPECTED_LOGIN,
    message: {
      ...EXPECTED_LOGIN.message,
      data: { ...EXPECTED_LOGIN.message.data, ...data },
    },
  };
}

/**
 * Agent messages and Connection changes: what the session cases judge
 * (not the registration answers, nor the periodic Heartbeat).
 */
const isSessionMessage = (record) =>
  isAgent()(record) || isConnection()(record);

function after(sim, since, test) {
  return (record) => sim.hostMessages.indexOf(record) >= since && test(record);
}

function checkMatches(record, expected = EXPECTED_LOGIN) {
  const diff = diffMessage(record.message, expected);
  check(
    diff.length === 0,
    'the Login differs from the contract: ' + diff.join('; '),
  );
}

/** Fails when the gadget shows one of its error codes. */
async function checkNoGadgetError(gadgetText) {
  const text = await gadgetText();
  const code = ERROR_CODES.exec(text);
  check(!code, `the gadget shows ${code?.[0]}: "${text.slice(0, 200)}"`);
}

const cases = [
  {
    name: 'simulator: the fake finesse.js behaves like finesse.js (probe)',
    gadget: false,
    sim: {
      filesDir: FIXTURES,
      gadgetSpec: 'probe-gadget.xml',
      gadgetQuery: '',
    },
    async run({ sim, page, open, clientLog }) {
      await open();
      const probe = async () => {
        const frame = page.frames().find((f) => f.url().includes('/ifr?'));
        return frame?.evaluate(() => window.probe).catch(() => null);
      };
      let p = await waitUntil(async () => {
        const v = await probe();
        return v?.loads === 1 && v.secondUserError && v.connects === 1 && v;
      }, 'the probe to load');
      check(
        p.cfgId === '812508198' && p.cfgPassword === 'pw',
        `ClientServices.init wrote back id ${p.cfgId}`,
      );
      check(
        p.getterBeforeLoad ===
          'Cannot operate on object that is not ' +
            'fully instantiated, use onLoad/onLoadError handlers',
        `getter before load: ${p.getterBeforeLoad}`,
      );
      check(
        p.badIdError ===
          "Can't construct a <User> due to invalid id " + 'type.',
        `non-string id: ${p.badIdError}`,
      );
      check(
        p.secondUserError === 'undefined' && !p.secondUserLoaded,
        'a second User for the same id should get onError(undefined)',
      );
      check(p.prefDefault === 'a&b', `UserPref default: ${p.prefDefault}`);
      check(p.activeTabs >= 1, 'no ACTIVE_TAB handler call');
      check(
        p.data.roles.role === 'Agent' &&
          p.data.pendingState === null &&
          p.data.reasonCodeId === '-1',
        'User data: ' + JSON.stringify(p.data),
      );
      const log = await clientLog();
      check(
        log.some((l) => l.endsWith('Probe : probe booted for 812508198')),
        'client log: ' + JSON.stringify(log),
      );

      const gets = sim.stats.userGets;
      sim.act('failover', { durationMs: 400 });
      sim.act('ready'); // withheld: the re-fetch must show it
      p = await waitUntil(async () => {
        const v = await probe();
        return v?.changes === 1 && v.connects === 2 && v;
      }, 'onChange after the failover');
      check(p.disconnects === 1, `disconnect handler ran ${p.disconnects}x`);
      check(p.data.state === 'READY', `after failover: ${p.data.state}`);
      check(
        sim.stats.userGets === gets + 1 && sim.stats.withheld === 1,
        `GETs ${sim.stats.userGets - gets}, withheld ${sim.stats.withheld}`,
      );

      sim.pushUserXml(
        '<User><roles><role>Agent</role><role>Supervisor' +
          '</role></roles><loginId>812508198</loginId><state>NOT_READY' +
          '</state><ReasonCode><label>R&amp;D &lt;1&gt;</label><id>16</id>' +
          '</ReasonCode><firstName/><teamId></teamId></User>',
      );
      p = await waitUntil(async () => {
        const v = await probe();
        return v?.changes === 2 && v;
      }, 'onChange after a pushed document');
      const d = p.data;
      check(
        JSON.stringify(d.roles.role) === '["Agent","Supervisor"]',
        'repeated roles: ' + JSON.stringify(d.roles),
      );
      check(
        d.firstName === null && d.teamId === null && !('lastName' in d),
        'empty and missing elements: ' + JSON.stringify(d),
      );
      check(
        d.ReasonCode.label === 'R&amp;D &lt;1&gt;' && d.ReasonCode.id === '16',
        'ReasonCode: ' + JSON.stringify(d.ReasonCode),
      );
    },
  },
  {
    name: 'fresh sign-in: exactly one live Login, equal to the contract',
    async run({ sim, open, gadgetText }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      await sleep(1000);
      const logins = received(sim, isLogin);
      check(logins.length === 1, `Logins: ${summary(logins)}`);
      check(
        logins[0].message.replay === false,
        `replay is ${logins[0].message.replay}`,
      );
      checkMatches(logins[0]);
      check(
        received(sim, isRegisterAck).length === 1,
        `the host got: ${summary(sim.hostMessages)}`,
      );
      await checkNoGadgetError(gadgetText);
    },
  },
  {
    name: 'signed out at start, then Sign in: one live Login',
    sim: { signedIn: false },
    async run({ sim, open, click }) {
      await open();
      await sleep(1500);
      check(
        received(sim, isLogin).length === 0,
        `before sign-in the host got: ${summary(sim.hostMessages)}`,
      );
      await click('sign-in');
      const login = await sim.waitForHostMessage(isLogin);
      await sleep(800);
      check(
        received(sim, isLogin).length === 1,
        `Logins: ${summary(received(sim, isLogin))}`,
      );
      check(login.message.replay === false, 'the Login is marked a replay');
      checkMatches(login);
    },
  },
  {
    name: 'refresh while READY: no live Login, the new host gets a replay',
    async run({ sim, open, click, mark }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      sim.act('ready');
      await sleep(700);
      const since = mark();
      await click('refresh');
      const replay = await sim.waitForHostMessage(
        after(sim, since, (r) => isLogin(r) && r.message.replay === true),
      );
      await sleep(1000);
      const logins = received(sim, isLogin, since);
      check(logins.length === 1, `after the refresh: ${summary(logins)}`);
      // The Login describes the sign-in, so its stateChangeTime is the
      // sign-in's, not the later READY's.
      checkMatches(replay);
    },
  },
  {
    name: 'failover: no Login, and the gadget recovers',
    async run({ sim, open, click, mark, gadgetText }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      await sleep(300);
      const since = mark();
      const gets = sim.stats.userGets;
      await click('failover');
      await waitUntil(
        () => sim.stats.userGets > gets,
        'the User re-fetch after recovery',
        5000,
      );
      await sleep(1000);
      check(
        received(sim, isLogin, since).length === 0,
        `after failover: ${summary(received(sim, () => true, since))}`,
      );
      const text = await gadgetText();
      check(
        !/Reconnecting/i.test(text),
        `after recovery the gadget still shows: "${text.slice(0, 160)}"`,
      );
      await checkNoGadgetError(gadgetText);
    },
  },
  {
    name: 'sign out, then sign in: a new live Login',
    async run({ sim, open, click, mark }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      await sleep(300);
      const since = mark();
      await click('sign-out');
      await sleep(800);
      check(received(sim, isLogin, since).length === 0, 'a Login on sign-out');
      await click('sign-in');
      const login = await sim.waitForHostMessage(
        after(sim, since, (r) => isLogin(r) && r.message.replay === false),
      );
      await sleep(800);
      check(
        received(sim, isLogin, since).length === 1,
        `after sign-in: ${summary(received(sim, isLogin, since))}`,
      );
      const time = sim.agent.profile().stateChangeTime;
      checkMatches(login, expectedLogin({ stateChangeTime: time }));
    },
  },
  {
    name: 'Not Ready reasons, Ready and a rename: no Login',
    async run({ sim, open, mark, gadgetText }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      await sleep(300);
      const since = mark();
      sim.act('notReady', { reasonCodeId: '16' });
      await sleep(300);
      sim.act('notReady', { reasonCodeId: '17' });
      await sleep(300);
      sim.act('ready');
      await sleep(300);
      sim.act('rename', { firstName: 'Jane', lastName: "O'Hara" });
      await waitUntil(
        async () => (await gadgetText()).includes("Jane O'Hara"),
        'the gadget to show the new name',
        5000,
      );
      await sleep(800);
      check(
        received(sim, isLogin, since).length === 0,
        `the host got: ${summary(received(sim, () => true, since))}`,
      );
    },
  },
  // Each status with each way back: the switch back to 200, then a User
  // update (the same document pushed again) or a desktop refresh.
  ...[503, 401].flatMap((status) =>
    ['a User update', 'a refresh'].map((recovery) => ({
      name:
        `User GET answers ${status}: the gadget shows USER_LOAD_FAILED, ` +
        `no agent data sent; back to 200 and ${recovery}: one live Login`,
      lane: 'faults',
      sim: { userGetStatus: status },
      async run({ sim, open, click, gadgetText }) {
        await open();
        await waitUntil(
          async () => (await gadgetText()).includes('USER_LOAD_FAILED'),
          'USER_LOAD_FAILED in the gadget',
        );
        const text = await gadgetText();
        check(
          text.includes(`could not load the User (${status}`),
          `the gadget shows "${text.slice(0, 200)}"`,
        );
        await sleep(1000);
        const sent = received(sim, (r) => !isRegisterAck(r));
        check(sent.length === 0, `the host got: ${summary(sent)}`);

        await sim.setSettings({ userGetStatus: 200 });
        if (recovery === 'a refresh') await click('refresh');
        else sim.act('set', { fields: {} });
        await sim.waitForHostMessage(isLogin);
        await sleep(1000);
        checkMatches(checkLoginOnce(sim));
        await waitUntil(
          async () => !(await gadgetText()).includes('USER_LOAD_FAILED'),
          'USER_LOAD_FAILED to go',
          3000,
        );
        await checkNoGadgetError(gadgetText);
      },
    })),
  ),
  {
    name:
      'hostUrl=javascript:alert(1): CONFIG_INVALID shown and logged, ' +
      'nothing sent',
    sim: { gadgetQuery: 'hostUrl=javascript%3Aalert(1)' },
    async run({ sim, page, open, gadgetText, clientLog }) {
      let dialog = null;
      page.on('dialog', (d) => {
        dialog = d.message();
        d.dismiss().catch(() => {});
      });
      await open();
      await waitUntil(
        async () => (await gadgetText()).includes('CONFIG_INVALID'),
        'CONFIG_INVALID in the gadget',
      );
      await waitUntil(
        async () =>
          (await clientLog()).some((l) => l.includes('CONFIG_INVALID')),
        'CONFIG_INVALID in the client log',
        3000,
      );
      await sleep(800);
      check(dialog === null, `a dialog opened: ${dialog}`);
      check(
        sim.hostMessages.length === 0,
        `the host got: ${summary(sim.hostMessages)}`,
      );
    },
  },
  {
    name:
      'a foreign origin inside the host can neither register nor ' +
      'pose as Finesse',
    async run({ sim, page, open, gadgetText }) {
      sim.setSettings({
        gadgetQuery:
          'hostUrl=' + encodeURIComponent(sim.hostOrigin + '/?foreignFrame=1'),
      });
      await open();
      await sim.waitForHostMessage(isLogin);
      const foreign = await waitUntil(
        () => page.frames().find((f) => f.url().includes('/foreign.html')),
        'the foreign frame',
      );
      await waitUntil(
        () =>
          foreign.evaluate(() => window.foreignAttacks >= 2).catch(() => false),
        'the foreign frame to post twice',
        5000,
      );
      await sleep(800);
      check(
        sim.foreignMessages.length === 0,
        `the foreign frame received: ${summary(sim.foreignMessages)}`,
      );
      const acks = received(sim, isRegisterAck);
      check(acks.length === 1, `the host got ${acks.length} acks`);
      check(
        received(sim, (r) => r.message?.forged).length === 0,
        'the host accepted a forged message',
      );
      check(
        received(sim, isLogin).length === 1,
        `Logins: ${summary(received(sim, isLogin))}`,
      );
      const text = await gadgetText();
      check(
        !text.includes(sim.foreignOrigin),
        `the gadget lists the foreign origin: "${text.slice(0, 200)}"`,
      );
    },
  },
  {
    name:
      "identifiers 0012345, +4610499940, agent.o'neil arrive " +
      'byte-identical',
    sim: {
      agent: {
        loginId: '0012345',
        extension: '+4610499940',
        loginName: "agent.o'neil",
      },
    },
    async run({ sim, open }) {
      await open();
      const login = await sim.waitForHostMessage(isLogin);
      checkMatches(
        login,
        expectedLogin({
          loginId: '0012345',
          extension: '+4610499940',
          loginName: "agent.o'neil",
        }),
      );
    },
  },
  {
    name: 'onConnect fired twice: still exactly one Login',
    sim: { onConnectTimes: 2 },
    async run({ sim, page, open, gadgetText }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      await sleep(1500);
      const notes = await page.evaluate(() => window.finesseSimulator.notes);
      check(
        notes.includes('firing onConnect again'),
        'the simulator did not fire onConnect twice',
      );
      const logins = received(sim, isLogin);
      check(
        logins.length === 1 && logins[0].message.replay === false,
        `Logins: ${summary(logins)}`,
      );
      await checkNoGadgetError(gadgetText);
    },
  },
  {
    name: 'finesse.gadget.Config absent: config from gadgets.Prefs, one Login',
    sim: { libraryConfig: false },
    async run({ sim, open }) {
      await open();
      const login = await sim.waitForHostMessage(isLogin);
      await sleep(800);
      check(
        received(sim, isLogin).length === 1,
        `Logins: ${summary(received(sim, isLogin))}`,
      );
      checkMatches(login);
    },
  },
  {
    name:
      'the day: Ready, Not Ready (Lunch, Meeting), Ready, Reserved, ' +
      'Talking, Work, Ready, Logout, each once and in order',
    async run({ sim, page, open, click, gadgetText }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      // Each step through the desktop's own controls, then the message
      // it must produce.
      const steps = [
        ['ready', isState('Ready')],
        ['not-ready:16', isState('NotReady')],
        ['not-ready:17', isState('NotReady')],
        ['ready', isState('Ready')],
        ['reserved', isState('Reserved')],
        ['talking', isState('Talking')],
        ['work', isState('Work')],
        ['ready', isState('Ready')],
        ['sign-out:18', isAgent('Logout')],
      ];
      for (const [control, test] of steps) {
        const since = sim.hostMessages.length;
        const [button, value] = control.split(':');
        if (value) {
          await page.selectOption(
            button === 'sign-out' ? '#sign-out-reason' : '#reason',
            value,
          );
        }
        await click(button);
        await sim.waitForHostMessage(after(sim, since, test), 5000);
        if (control === 'not-ready:16') {
          const header = await page.textContent('.agent-state');
          check(
            /Not Ready\s*- Lunch \(16\)/.test(header ?? ''),
            `the desktop header shows "${header}"`,
          );
          await waitUntil(
            async () => /Lunch/.test(await gadgetText()),
            'the gadget to show the reason Lunch',
            3000,
          );
        }
      }
      await sleep(700);

      const agentMessages = received(sim, isAgent());
      const got = agentMessages.map((r) => r.message);
      const expected = [
        ['Login', 'login'],
        ['SetAgentState', 'Ready', 'READY', ''],
        ['SetAgentState', 'NotReady', 'NOT_READY', 'Lunch'],
        ['SetAgentState', 'NotReady', 'NOT_READY', 'Meeting'],
        ['SetAgentState', 'Ready', 'READY', ''],
        ['SetAgentState', 'Reserved', 'RESERVED', ''],
        ['SetAgentState', 'Talking', 'TALKING', ''],
        ['SetAgentState', 'Work', 'WORK', ''],
        ['SetAgentState', 'Ready', 'READY', ''],
        ['Logout', 'logout'],
      ];
      check(
        got.length === expected.length &&
          expected.every(
            ([subtopic, event, state, label], i) =>
              got[i].subtopic === subtopic &&
              got[i].message?.event === event &&
              (state === undefined ||
                (got[i].message.data.state === state &&
                  got[i].message.data.reasonLabel === label)),
          ),
        `the host got: ${summary(agentMessages)}`,
      );
      let lastTime = '';
      for (const m of got) {
        const data = m.message.data;
        const where = `${m.subtopic}:${m.message.event}`;
        check(m.replay === false, `${where} has replay ${m.replay}`);
        check(
          Object.values(data).every((v) => typeof v === 'string'),
          `${where} has a non-string value: ${JSON.stringify(data)}`,
        );
        const agentType =
          m.subtopic === 'Logout'
            ? 'offline'
            : data.state === 'READY'
              ? 'routable'
              : 'not_routable';
        check(
          data.agentType === agentType,
          `${where}: agentType ${data.agentType}, expected ${agentType}`,
        );
        check(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(data.stateChangeTime),
          `${where}: stateChangeTime ${data.stateChangeTime}`,
        );
        check(
          data.stateChangeTime >= lastTime,
          `${where}: stateChangeTime ${data.stateChangeTime} < ${lastTime}`,
        );
        lastTime = data.stateChangeTime;
      }
      const lunch = got[2].message.data;
      check(
        lunch.reasonCode === '10' &&
          lunch.reasonCodeId === '16' &&
          got[3].message.data.reasonCodeId === '17' &&
          got[1].message.data.reasonCode === '' &&
          got[1].message.data.reasonCodeId === '',
        `reason fields: ${JSON.stringify(lunch)}`,
      );
      const logout = got[9].message.data;
      check(
        logout.reason === 'agent' &&
          logout.reasonCode === '18' &&
          logout.state === 'logout' &&
          logout.bestEffort === 'false',
        `the Logout: ${JSON.stringify(logout)}`,
      );
      check(
        logout.stateChangeTime === sim.agent.profile().stateChangeTime,
        `the Logout's time ${logout.stateChangeTime}, the sign-out's ` +
          sim.agent.profile().stateChangeTime,
      );
    },
  },
  {
    name:
      'Finesse signs the agent out (255, supervisor 22, elsewhere 32740), ' +
      'then the agent without a reason: one Logout each, a new Login each',
    async run({ sim, page, open, click }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      const steps = [
        ['talking', isState('Talking')],
        ['hold', isState('Hold')],
        ['forced-logout', isAgent('Logout')],
        ['sign-in', isLogin],
        ['work-ready', isState('WorkReady')],
        ['supervisor-sign-out', isAgent('Logout')],
        ['sign-in', isLogin],
        ['signed-in-elsewhere', isAgent('Logout')],
        ['sign-in', isLogin],
        ['sign-out', isAgent('Logout')],
      ];
      const signIns = [sim.agent.profile().stateChangeTime];
      for (const [button, test] of steps) {
        const since = sim.hostMessages.length;
        await click(button);
        await sim.waitForHostMessage(after(sim, since, test), 5000);
        if (button === 'sign-in') {
          signIns.push(sim.agent.profile().stateChangeTime);
        }
        if (button === 'forced-logout') {
          const header = await page.textContent('.agent-state');
          check(
            /Signed out\s*- connection failure \(255\)/.test(header ?? ''),
            `the desktop header shows "${header}"`,
          );
        }
      }
      await sleep(700);

      const agentMessages = received(sim, isAgent());
      const shape = agentMessages
        .map((r) => {
          const m = r.message;
          if (m.subtopic === 'Logout') {
            return `Logout:${m.message.data.reason}:${m.message.data.reasonCode}`;
          }
          return m.subtopic === 'Login' ? 'Login' : m.message.event;
        })
        .join(', ');
      check(
        shape ===
          'Login, Talking, Hold, Logout:connection_failure:255, ' +
            'Login, WorkReady, Logout:supervisor:22, ' +
            'Login, Logout:signed_in_elsewhere:32740, Login, Logout:agent:',
        `the host got: ${shape}`,
      );
      for (const { message: m } of agentMessages) {
        check(m.replay === false, `${m.subtopic} has replay ${m.replay}`);
        if (m.subtopic === 'Logout') {
          check(
            m.message.data.agentType === 'offline' &&
              m.message.data.bestEffort === 'false',
            `a Logout: ${JSON.stringify(m.message.data)}`,
          );
        }
      }
      const loginTimes = agentMessages
        .filter(isLogin)
        .map((r) => r.message.message.data.stateChangeTime);
      check(
        JSON.stringify(loginTimes) === JSON.stringify(signIns),
        `Login times ${loginTimes.join(' ')}, sign-ins ${signIns.join(' ')}`,
      );
    },
  },
  {
    name:
      'refresh in the middle: no live Login, the new host gets the ' +
      'replay, then one live Not Ready',
    async run({ sim, open, click }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      let since = sim.hostMessages.length;
      sim.act('ready');
      await sim.waitForHostMessage(after(sim, since, isState('Ready')));
      since = sim.hostMessages.length;
      await click('refresh');
      await sim.waitForHostMessage(after(sim, since, isState('Ready', true)));
      const changed = sim.hostMessages.length;
      sim.act('notReady', { reasonCodeId: '16' });
      await sim.waitForHostMessage(after(sim, changed, isState('NotReady')));
      await sleep(700);

      const got = received(sim, isAgent(), since);
      // The page unload before the reload may reach the old host as a
      // best-effort desktop_closed Logout; nothing else may come before
      // the replay.
      const rest = got.filter(
        (r) =>
          !(
            isAgent('Logout')(r) &&
            r.message.message.data.reason === 'desktop_closed' &&
            r.message.message.data.bestEffort === 'true' &&
            got.indexOf(r) === 0
          ),
      );
      check(
        summary(rest) ===
          'Agent/Login(replay=true), ' +
            'Agent/SetAgentState:Ready(replay=true), ' +
            'Agent/SetAgentState:NotReady(replay=false)',
        `after the refresh the host got: ${summary(got)}`,
      );
      const live = rest[2].message.message.data;
      check(
        live.reasonLabel === 'Lunch' && live.reasonCodeId === '16',
        `the Not Ready: ${JSON.stringify(live)}`,
      );
      checkMatches(rest[0]);
    },
  },
  {
    name:
      'failover in the middle: lost, restored, the state replayed, no ' +
      'Login or Logout; three more failovers, still one message per change',
    async run({ sim, open, click }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      let since = sim.hostMessages.length;
      sim.act('ready');
      await sim.waitForHostMessage(after(sim, since, isState('Ready')));

      since = sim.hostMessages.length;
      const recovered = nextEvent(sim.events, 'connection', (s) => {
        return s === 'recovered';
      });
      const gets = sim.stats.userGets;
      await click('failover');
      await recovered;
      const during = received(sim, isSessionMessage, since);
      check(
        during.every(isConnection('lost')),
        `during the failover the host got: ${summary(during)}`,
      );
      await sim.waitForHostMessage(after(sim, since, isState('Ready', true)));
      // The re-fetch after recovery must add nothing.
      await waitUntil(() => sim.stats.userGets > gets, 'the re-fetch', 5000);
      await sleep(500);
      let changed = sim.hostMessages.length;
      sim.act('notReady', { reasonCodeId: '17' });
      await sim.waitForHostMessage(after(sim, changed, isState('NotReady')));
      await sleep(500);
      let got = received(sim, isSessionMessage, since);
      check(
        summary(got) ===
          'Channel/Connection:lost(replay=false), ' +
            'Channel/Connection:restored(replay=false), ' +
            'Agent/SetAgentState:Ready(replay=true), ' +
            'Agent/SetAgentState:NotReady(replay=false)',
        `around the failover the host got: ${summary(got)}`,
      );

      // Three failovers in a row; during the second the agent goes to
      // Work, which arrives after its recovery, live, after the replay.
      since = sim.hostMessages.length;
      for (let i = 0; i < 3; i += 1) {
        const back = nextEvent(sim.events, 'connection', (s) => {
          return s === 'recovered';
        });
        const mark = sim.hostMessages.length;
        sim.act('failover', { durationMs: 300 });
        if (i === 1) sim.act('work');
        await back;
        await sim.waitForHostMessage(
          after(sim, mark, isState(i === 1 ? 'Work' : undefined, i !== 1)),
        );
      }
      await sleep(500);
      changed = sim.hostMessages.length;
      sim.act('ready');
      await sim.waitForHostMessage(after(sim, changed, isState('Ready')));
      await sleep(700);
      got = received(sim, isSessionMessage, since);
      const round = (state) =>
        'Channel/Connection:lost(replay=false), ' +
        'Channel/Connection:restored(replay=false), ' +
        `Agent/SetAgentState:${state}(replay=true)`;
      check(
        summary(got) ===
          [
            round('NotReady'),
            round('NotReady'),
            'Agent/SetAgentState:Work(replay=false)',
            round('Work'),
            'Agent/SetAgentState:Ready(replay=false)',
          ].join(', '),
        `three failovers and a change: ${summary(got)}`,
      );
    },
  },
  {
    name:
      'the spurious failover LOGOUT (-1 after recovery, then signed in): ' +
      'no Logout, no new Login',
    timeoutMs: 45000,
    concurrent: true,
    async run({ sim, open, click }) {
      await open();
      await sim.waitForHostMessage(isLogin);
      let since = sim.hostMessages.length;
      sim.act('ready');
      await sim.waitForHostMessage(after(sim, since, isState('Ready')));

      // As the desktop button does it: the unchanged READY follows.
      since = sim.hostMessages.length;
      let logout = nextEvent(sim.events, 'spurious-logout', (s) => {
        return s === 'logout';
      });
      let signedIn = nextEvent(sim.events, 'spurious-logout', (s) => {
        return s === 'signed-in';
      });
      await click('spurious-failover-logout');
      await logout;
      let logoutAt = Date.now();
      await signedIn;
      // The gadget holds a suspect LOGOUT for 10 s: wait past that.
      await sleep(Math.max(0, logoutAt + 10800 - Date.now()));
      let got = received(sim, isSessionMessage, since);
      check(
        summary(got) ===
          'Channel/Connection:lost(replay=false), ' +
            'Channel/Connection:restored(replay=false), ' +
            'Agent/SetAgentState:Ready(replay=true)',
        `the unchanged state back: the host got ${summary(got)}`,
      );

      // Back in a different state (NOT_READY -1, as after a sign-in).
      since = sim.hostMessages.length;
      logout = nextEvent(sim.events, 'spurious-logout', (s) => {
        return s === 'logout';
      });
      signedIn = nextEvent(sim.events, 'spurious-logout', (s) => {
        return s === 'signed-in';
      });
      sim.act('spuriousFailoverLogout', { state: 'NOT_READY' });
      await logout;
      logoutAt = Date.now();
      await signedIn;
      await sleep(Math.max(0, logoutAt + 10800 - Date.now()));
      got = received(sim, isSessionMessage, since);
      check(
        summary(got) ===
          'Channel/Connection:lost(replay=false), ' +
            'Channel/Connection:restored(replay=false), ' +
            'Agent/SetAgentState:Ready(replay=true), ' +
            'Agent/SetAgentState:NotReady(replay=false)',
        `a new state back: the host got ${summary(got)}`,
      );
      const data = got[3].message.message.data;
      check(
        data.reasonCodeId === '-1' &&
          data.reasonCode === '-1' &&
          data.reasonLabel === '' &&
          data.stateChangeTime === sim.agent.profile().stateChangeTime,
        `the Not Ready: ${JSON.stringify(data)}`,
      );
      check(
        received(sim, isLogin).length === 1,
        `Logins: ${summary(received(sim, isLogin))}`,
      );
    },
  },
  // The host SDK against the real gadget, in both topologies.
  ...conformanceCases,
  // Faults, and the gadget under a strict Content-Security-Policy.
  ...faultCases,
];

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`case timed out after ` + `${ms / 1000} s`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const filter = process.argv[2] ?? '';
  const selected = cases.filter((c) => c.name.includes(filter));
  const built = existsSync(path.join(DIST_DIR, 'gadget.xml'));
  const sdkBuilt = existsSync(HOST_SDK_FILE);
  let passed = 0;
  let failed = 0;
  const browser = await launchBrowser();
  async function runCase(testCase) {
    try {
      if (testCase.gadget !== false && !built) throw new Error(BUILD_HINT);
      if (testCase.gadget !== false && !sdkBuilt) {
        throw new Error(HOST_SDK_HINT);
      }
      await withTimeout(
        withDesktop(browser, testCase.sim ?? {}, testCase.run),
        testCase.timeoutMs ?? CASE_TIMEOUT_MS,
      );
      passed += 1;
      console.log(`ok - ${testCase.name}`);
    } catch (err) {
      failed += 1;
      const reason = String(err?.message ?? err).replace(/\s+/g, ' ');
      console.log(`not ok - ${testCase.name}: ${reason}`);
    }
  }
  const began = Date.now();
  async function runInTurn(list) {
    for (const testCase of list) {
      const wait = began + (testCase.startAfterMs ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      await runCase(testCase);
    }
  }
  try {
    // Cases run in lanes, side by side; within a lane, one after another.
    // A case marked `concurrent` mostly waits (a grace period, a silence
    // to run out): it gets a lane of its own. Others name a lane, or run
    // in the main one. Each case has its own simulator and context.
    const lanes = new Map();
    selected.forEach((c, i) => {
      const lane = c.concurrent ? `alone-${i}` : (c.lane ?? 'main');
      lanes.set(lane, [...(lanes.get(lane) ?? []), c]);
    });
    await Promise.all([...lanes.values()].map(runInTurn));
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && selected.length > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
    // A case that timed out may still hold its servers open.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err) => {
    console.log(`not ok - e2e harness: ${err?.message ?? err}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
