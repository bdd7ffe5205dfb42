#!/usr/bin/env node
/**
 * End-to-end cases: the built gadget in the simulated Finesse desktop,
 * driven in Debian's chromium, judged by what the sample host received
 * and what the gadget shows. Cases run one after another, each with a
 * fresh simulator and browser context; one browser serves them all.
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
import { BUILD_HINT, DIST_DIR } from '../server.mjs';
import {
  check,
  isLogin,
  isRegisterAck,
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
  ...[503, 401].map((status) => ({
    name:
      `User GET answers ${status}: the gadget shows USER_LOAD_FAILED, ` +
      'no agent data sent',
    sim: { userGetStatus: status },
    async run({ sim, open, gadgetText }) {
      await open();
      await waitUntil(
        async () => (await gadgetText()).includes('USER_LOAD_FAILED'),
        'USER_LOAD_FAILED in the gadget',
      );
      await sleep(1000);
      const sent = received(sim, (r) => !isRegisterAck(r));
      check(sent.length === 0, `the host got: ${summary(sent)}`);
    },
  })),
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
  let passed = 0;
  let failed = 0;
  const browser = await launchBrowser();
  try {
    for (const testCase of selected) {
      try {
        if (testCase.gadget !== false && !built) throw new Error(BUILD_HINT);
        await withTimeout(
          withDesktop(browser, testCase.sim ?? {}, testCase.run),
          CASE_TIMEOUT_MS,
        );
        passed += 1;
        console.log(`ok - ${testCase.name}`);
      } catch (err) {
        failed += 1;
        const reason = String(err?.message ?? err).replace(/\s+/g, ' ');
        console.log(`not ok - ${testCase.name}: ${reason}`);
      }
    }
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
