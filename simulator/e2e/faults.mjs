/**
 * Fault cases and the Content-Security-Policy case: each fault shows a
 * clear state in the gadget, and once it clears nothing is lost: the host
 * gets the Login exactly once.
 *
 * - the gadget frame under the strict Content-Security-Policy;
 * - the Finesse library missing (finesse.js answers 404);
 * - the gadget placed twice in the layout;
 * - the host page failing to load (500, nothing listening) or refusing
 *   to be framed (X-Frame-Options, frame-ancestors), and a host that
 *   never registers: "has not registered" after the gadget's 30 s, then
 *   the host fixed and reloaded gets the sign-in as news.
 *
 * The User failing with 401 and 503 is in run.mjs. run.mjs runs these.
 */
import { EXPECTED_LOGIN, diffMessage } from '../expected-login.mjs';
import {
  check,
  gadgetFrame,
  isAgent,
  isLogin,
  isRegisterAck,
  isState,
  received,
  sleep,
  summary,
  waitUntil,
} from './harness.mjs';

/** The gadget's HOST_OVERDUE_MS (gadget/start-gadget.ts). */
const HOST_OVERDUE_MS = 30000;

/**
 * Checks that a host got the sign-in exactly once and returns its Login
 * (the wire record). "Once" is what the application sees: the host SDK
 * handed it one `login`, and the first Login on the wire has the
 * expected `replay`. A later Login on the wire may only be a replay
 * answering a later registration of the same page: the SDK registers
 * again when an answer takes over a second (retryMs), as it can on a
 * loaded machine, and drops what the application already has.
 * @param {import('../server.mjs').Simulator} sim
 * @param {{instance?: string, replay?: boolean}} [which] one host page
 *   load (all when not given) and the expected replay of the first Login
 */
export function checkLoginOnce(sim, { instance, replay = false } = {}) {
  const mine = (r) => instance === undefined || r.instance === instance;
  const records = sim.hostMessages.filter(mine);
  const trace = records
    .map((r) => `${r.message?.subtopic}#${r.message?.seq}/${r.message?.replay}`)
    .join(' ');
  const logins = records.filter(isLogin);
  check(logins.length > 0, `no Login; the wire: ${trace}`);
  check(
    logins[0].message.replay === replay,
    `the first Login has replay ${logins[0].message.replay}; the wire: ` +
      trace,
  );
  logins.slice(1).forEach((login) => {
    const at = records.indexOf(login);
    const before = records.indexOf(logins[logins.indexOf(login) - 1]);
    const registeredAgain = records
      .slice(before + 1, at)
      .some((r) => isRegisterAck(r) && r.instance === login.instance);
    check(
      login.message.replay === true && registeredAgain,
      `a second Login, not a replay of a new registration; the wire: ${trace}`,
    );
  });
  const handed = sim.hostEvents.filter(
    (r) => mine(r) && r.kind === 'event' && r.event.type === 'login',
  );
  check(
    handed.length === 1,
    `the SDK handed ${handed.length} logins; the wire: ${trace}`,
  );
  return logins[0];
}

/** Checks a Login against the contract (`replay` as given). */
function checkContract(record, replay = false) {
  const diff = diffMessage(record.message, { ...EXPECTED_LOGIN, replay });
  check(diff.length === 0, 'the Login differs: ' + diff.join('; '));
}

/** The text of a gadget frame's status ('' when there is none). */
function statusText(frame) {
  return frame
    .evaluate(() => {
      const element = document.querySelector('finesse-host-bridge');
      return (element?.shadowRoot?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
    })
    .catch(() => '');
}

/** Every gadget frame of the desktop, in layout order. */
function gadgetFrames(page) {
  return page.frames().filter((f) => f.url().includes('/gadgets/ifr?'));
}

async function waitForText(page, text, timeoutMs = 10000) {
  let last = '';
  try {
    await waitUntil(
      async () => {
        const frame = gadgetFrame(page);
        last = frame ? await statusText(frame) : '';
        return typeof text === 'string' ? last.includes(text) : text.test(last);
      },
      `the gadget to show "${text}"`,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${err.message}; it shows "${last.slice(0, 240)}"`);
  }
  return last;
}

/** Console lines of the page (all frames) that match `pattern`. */
function collectConsole(page, pattern) {
  const lines = [];
  page.on('console', (message) => {
    if (pattern.test(message.text())) lines.push(message.text());
  });
  return lines;
}

// ---- The Content-Security-Policy -----------------------------------------

const cspCase = {
  name:
    'strict Content-Security-Policy on the gadget frame: the gadget runs, ' +
    'the host gets the Login, no violation (and the check does see one)',
  lane: 'faults',
  sim: { gadgetCsp: true },
  async run({ sim, page, open, cspViolations }) {
    const headers = [];
    page.on('response', (response) => {
      if (response.url().includes('/gadgets/ifr?')) {
        headers.push(response.headers()['content-security-policy']);
      }
    });
    const refused = collectConsole(
      page,
      /Content Security Policy|Refused to|unsafe-eval/i,
    );
    await open();
    const login = await sim.waitForHostMessage(isLogin);
    await waitForText(page, 'Registered');
    await sleep(800);

    const policy = headers[0] ?? '';
    check(
      headers.length === 1 && policy === sim.gadgetCsp,
      `the gadget frame's policy: ${JSON.stringify(headers)}`,
    );
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      `frame-src ${sim.hostOrigin}`,
      "object-src 'none'",
    ]) {
      check(policy.includes(directive), `the policy lacks ${directive}`);
    }
    check(!/unsafe-/.test(policy), `the policy allows: ${policy}`);

    checkContract(checkLoginOnce(sim));
    check(
      cspViolations.length === 0 && refused.length === 0,
      `violations: ${JSON.stringify(cspViolations)}; console: ` +
        JSON.stringify(refused),
    );

    // The element's styles arrive as constructed (adopted) stylesheets,
    // which style-src does not govern, and they apply.
    const frame = gadgetFrame(page);
    const styles = await frame.evaluate(() => {
      const root = document.querySelector('finesse-host-bridge').shadowRoot;
      const dt = root.querySelector('dt');
      return {
        adopted: root.adoptedStyleSheets.length,
        styleElements: root.querySelectorAll('style').length,
        dtColor: dt ? getComputedStyle(dt).color : null,
      };
    });
    check(
      styles.adopted > 0 &&
        styles.styleElements === 0 &&
        styles.dtColor === 'rgb(102, 102, 102)',
      `the gadget's styles: ${JSON.stringify(styles)}`,
    );

    // The check itself: what the policy forbids is refused in the gadget
    // frame, and reported.
    const tried = await frame.evaluate(async () => {
      const result = {};
      // In a task of the page's own: code evaluated over the DevTools
      // protocol may eval whatever the policy says.
      result.eval = await new Promise((resolve) => {
        setTimeout(() => {
          try {
            resolve(String(eval('1 + 1')));
          } catch (err) {
            resolve(err.name);
          }
        });
      });
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__handlerRan = true');
      document.body.append(button);
      button.click();
      button.remove();
      const style = document.createElement('style');
      style.textContent = 'body { outline: 3px solid red; }';
      document.head.append(style);
      await new Promise((resolve) => setTimeout(resolve, 100));
      result.inline = window.__inlineRan === true;
      result.handler = window.__handlerRan === true;
      result.style = getComputedStyle(document.body).outlineStyle;
      script.remove();
      style.remove();
      return result;
    });
    check(
      tried.eval === 'EvalError' &&
        !tried.inline &&
        !tried.handler &&
        tried.style === 'none',
      `the policy let through: ${JSON.stringify(tried)}`,
    );
    await waitUntil(
      () => cspViolations.length >= 4,
      'the four provoked violations to be reported',
      3000,
    ).catch(() => {});
    const seen = cspViolations.map(
      (v) => `${v.effectiveDirective}:${v.blockedURI}`,
    );
    check(
      ['script-src:eval', 'script-src-elem:inline', 'script-src-attr:inline']
        .concat('style-src-elem:inline')
        .every((entry) => seen.includes(entry)),
      `the provoked violations reported: ${seen.join(', ')}`,
    );
    check(refused.length > 0, 'no console message for the violations');
    // Provoked on purpose: not the gadget's.
    cspViolations.length = 0;
  },
};

// ---- The Finesse library missing -----------------------------------------

const libraryMissingCase = {
  name:
    'finesse.js answers 404: the gadget shows FINESSE_MISSING, no host ' +
    'gets anything; fixed and refreshed, one live Login',
  lane: 'faults',
  sim: { libraryMissing: true },
  async run({ sim, page, open, click }) {
    const errors = collectConsole(page, /FINESSE_MISSING/);
    await open();
    const text = await waitForText(page, 'FINESSE_MISSING');
    check(
      /Nothing is sent/.test(text) && /script paths/.test(text),
      `the gadget shows "${text}"`,
    );
    await sleep(1500);
    check(
      sim.hostMessages.length === 0 && sim.hostEvents.length === 0,
      `the host got: ${summary(sim.hostMessages)}`,
    );
    check(sim.stats.userGets === 0, `${sim.stats.userGets} User GETs`);
    check(
      !page.frames().some((f) => f.url().startsWith(sim.hostOrigin)),
      'the host page was loaded',
    );
    check(errors.length === 1, `console: ${JSON.stringify(errors)}`);

    await sim.setSettings({ libraryMissing: false });
    await click('refresh');
    await sim.waitForHostMessage(isLogin);
    await waitForText(page, 'Registered');
    await sleep(800);
    checkContract(checkLoginOnce(sim));
    const after = await statusText(gadgetFrame(page));
    check(!/FINESSE_MISSING/.test(after), `the gadget shows "${after}"`);
  },
};

// ---- The gadget twice in the layout --------------------------------------

const twiceCase = {
  name:
    'the gadget twice in the layout: two gadgets, two Users, two hosts; ' +
    'each host gets one Login (the first live, the second a replay) and ' +
    'each change once',
  lane: 'faults',
  sim: { gadgetCount: 2 },
  async run({ sim, page, open }) {
    await open();
    const instances = () => [
      ...new Set(received(sim, isLogin).map((r) => r.instance)),
    ];
    await waitUntil(() => instances().length === 2, 'a Login in each host');
    await sleep(1000);
    const frames = gadgetFrames(page);
    check(frames.length === 2, `${frames.length} gadget frames`);
    const usersCreated = await page.evaluate(
      () => window.finesseSimulator.stats.usersCreated,
    );
    check(usersCreated === 2, `${usersCreated} Users created`);
    check(sim.stats.userGets >= 2, `${sim.stats.userGets} User GETs`);

    // The gadgets share the tab's sessionStorage (one origin): the first
    // to read the User announces the sign-in; the second finds it
    // announced and tells its host as a replay.
    const hosts = instances();
    const first = (instance) =>
      received(sim, (r) => r.instance === instance && isLogin(r))[0];
    const replays = hosts.map((instance) => first(instance).message.replay);
    check(
      replays.filter((r) => r === false).length === 1 &&
        replays.filter((r) => r === true).length === 1,
      `replay flags of the two hosts' Logins: ${replays.join(', ')}`,
    );
    const logins = hosts.map((instance, i) =>
      checkLoginOnce(sim, { instance, replay: replays[i] }),
    );
    logins.forEach((login) => checkContract(login, login.message.replay));
    const sessions = new Set(logins.map((l) => l.message.session));
    check(sessions.size === 2, 'both Logins came from one gadget session');

    for (const frame of frames) {
      const text = await statusText(frame);
      check(
        /Registered/.test(text) && !/[A-Z]+_[A-Z]+/.test(text),
        `a gadget shows "${text}"`,
      );
    }

    const since = sim.hostMessages.length;
    sim.act('ready');
    await waitUntil(
      () => received(sim, isState('Ready'), since).length >= 2,
      'the Ready in both hosts',
      5000,
    );
    await sleep(800);
    for (const instance of hosts) {
      const got = received(
        sim,
        (r) => r.instance === instance && !isRegisterAck(r),
        since,
      ).filter((r) => r.message.subtopic !== 'Heartbeat');
      check(
        summary(got) === 'Agent/SetAgentState:Ready(replay=false)',
        `after Ready a host got: ${summary(got)}`,
      );
    }
  },
};

// ---- The host page failing, refusing to be framed, never registering ----

/**
 * Opens the desktop with a host that does not register, checks the
 * waiting state, then "has not registered" after the gadget's 30 s, the
 * sign-in still shown; then `fix()`es the host and checks that it gets
 * the Login once, as news.
 */
async function overdueThenFixed(ctx, { fix, refusal }) {
  const { sim, page, open } = ctx;
  const refusals = refusal ? collectConsole(page, refusal) : [];
  const start = Date.now();
  await open();
  let text = await waitForText(page, 'ehragent3');
  check(
    /Not Ready/.test(text) && /Waiting for the host application/.test(text),
    `before 30 s the gadget shows "${text}"`,
  );

  text = await waitForText(page, 'has not registered', HOST_OVERDUE_MS + 10000);
  const waited = Date.now() - start;
  check(
    waited >= HOST_OVERDUE_MS - 1000,
    `"has not registered" after ${waited} ms`,
  );
  check(
    /ehragent3/.test(text) && /Not Ready/.test(text),
    `the sign-in is not shown: "${text}"`,
  );
  check(
    sim.hostMessages.length === 0,
    `the host got: ${summary(sim.hostMessages)}`,
  );
  if (refusal) {
    check(refusals.length > 0, `the browser did not refuse the frame`);
  }

  // A change during the fault is kept for the host too.
  sim.act('ready');
  await waitForText(page, /(?<!Not )Ready/);

  await fix();
  const login = await sim
    .waitForHostMessage(isLogin, 15000)
    .catch(async (err) => {
      const notes = await page
        .evaluate(() => window.finesseSimulator.notes.slice(-3))
        .catch(() => []);
      throw new Error(
        `${err.message}; frames: ${page
          .frames()
          .map((f) => f.url())
          .join(' ')}; desktop notes: ${JSON.stringify(notes)}; ` +
          `the host got: ${summary(sim.hostMessages)}`,
      );
    });
  check(login.message.replay === false, 'the first Login is a replay');
  await waitForText(page, 'Registered');
  await sleep(800);
  checkContract(checkLoginOnce(sim));
  const agent = sim.hostMessages.filter(isAgent());
  check(
    agent.length === 2 &&
      isState('Ready', false)(agent[1]) &&
      agent[0] === login,
    `after the fix the host got: ${summary(agent)}`,
  );
  text = await statusText(gadgetFrame(page));
  check(
    !/has not registered/.test(text) && /sample-host/.test(text),
    `after the fix the gadget shows "${text}"`,
  );
}

const HOST_FAULT_CASES = [
  ['status-500', 'answers 500', null],
  ['down', 'has nothing listening on its port', null],
  ['x-frame-options', 'sends X-Frame-Options: DENY', /X-Frame-Options/i],
  ['frame-ancestors', "sends CSP frame-ancestors 'none'", /frame-ancestors/i],
];

// The 30 s cases wait in lanes of their own; they start one by one once
// the busiest start-up is over, and still end well before the main lane.
const hostFaultCases = HOST_FAULT_CASES.map(([fault, what, refusal], i) => ({
  name:
    `the host page ${what}: waiting, "has not registered" after 30 s, ` +
    'the sign-in and a later Ready kept; fixed and reloaded, the host gets ' +
    'them live, once',
  concurrent: true,
  startAfterMs: 15000 + 3000 * i,
  timeoutMs: 60000,
  sim: { hostFault: fault },
  async run(ctx) {
    await overdueThenFixed(ctx, {
      refusal,
      async fix() {
        await ctx.sim.setSettings({ hostFault: 'none' });
        await ctx.click('reload-host');
      },
    });
  },
}));

const neverRegistersCase = {
  name:
    'a host that loads but never registers: "has not registered" after ' +
    '30 s; when it registers, the Login and a later Ready, live, once',
  concurrent: true,
  startAfterMs: 27000,
  timeoutMs: 60000,
  async run(ctx) {
    const { sim, page } = ctx;
    sim.setSettings({
      gadgetQuery:
        'hostUrl=' + encodeURIComponent(sim.hostOrigin + '/?connect=manual'),
    });
    await overdueThenFixed(ctx, {
      async fix() {
        const host = page
          .frames()
          .find((f) => f.url().startsWith(sim.hostOrigin + '/'));
        check(host, 'the host page is not there');
        await host.evaluate(() => window.sampleHost.connect());
      },
    });
  },
};

export const faultCases = [
  cspCase,
  libraryMissingCase,
  twiceCase,
  ...hostFaultCases,
  neverRegistersCase,
];
