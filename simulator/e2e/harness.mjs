/**
 * Helpers for the end-to-end cases: a fresh simulator and browser context
 * per case, and ways to read what the host received and the gadget shows.
 */
import { schemaErrors } from './schema-check.mjs';
import { startSimulator } from '../server.mjs';

/** Waits `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until it returns a truthy value.
 * @template T
 * @param {() => T | Promise<T>} read
 * @param {string} what named in the timeout error
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
export async function waitUntil(read, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Whether a host record is an Agent/Login. */
export const isLogin = (record) =>
  record.message?.topic === 'Agent' && record.message?.subtopic === 'Login';

/** Whether a host record is the gadget's registration acknowledgement. */
export const isRegisterAck = (record) =>
  record.message?.topic === 'Channel' &&
  record.message?.subtopic === 'Register';

/** Whether a host record is an Agent message (of `subtopic`, if given). */
export const isAgent = (subtopic) => (record) =>
  record.message?.topic === 'Agent' &&
  (subtopic === undefined || record.message?.subtopic === subtopic);

/**
 * Whether a host record is a SetAgentState, with `event` and `replay`
 * when given.
 */
export const isState = (event, replay) => (record) =>
  isAgent('SetAgentState')(record) &&
  (event === undefined || record.message.message?.event === event) &&
  (replay === undefined || record.message.replay === replay);

/** Whether a host record is a Channel/Connection (`lost`, `restored`). */
export const isConnection = (state) => (record) =>
  record.message?.topic === 'Channel' &&
  record.message?.subtopic === 'Connection' &&
  (state === undefined || record.message.message?.event === state);

/**
 * Resolves with the first `name` event of `emitter` whose value passes
 * `test`.
 * @param {import('node:events').EventEmitter} emitter
 * @param {string} name
 * @param {(value: any) => boolean} [test]
 * @param {number} [timeoutMs]
 */
export function nextEvent(emitter, name, test = () => true, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, listen);
      reject(new Error(`no matching ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    function listen(value) {
      if (!test(value)) return;
      clearTimeout(timer);
      emitter.off(name, listen);
      resolve(value);
    }
    emitter.on(name, listen);
  });
}

/**
 * The world one case runs in.
 * @typedef {object} CaseContext
 * @property {import('../server.mjs').Simulator} sim
 * @property {import('playwright-core').Page} page the desktop page
 * @property {() => Promise<void>} open loads the desktop
 * @property {() => Promise<string>} gadgetText the text in the gadget
 *   element's shadow root ('' when there is none yet)
 * @property {() => Promise<string[]>} clientLog the desktop's client log
 * @property {() => number} mark the current length of the host record
 * @property {(id: string) => Promise<void>} click a desktop button
 * @property {CspViolation[]} cspViolations every `securitypolicyviolation`
 *   in any frame of the case, as it happens (a case that provokes one on
 *   purpose removes it; any left from a gadget frame fails the case)
 */

/**
 * One Content-Security-Policy violation, as the frame's document saw it.
 * @typedef {object} CspViolation
 * @property {string} documentURI the document that broke its policy
 * @property {string} effectiveDirective e.g. `script-src-elem`
 * @property {string} blockedURI `inline`, `eval` or a URL
 * @property {string} sample the first characters, where reported
 */

// Runs in every frame before its own scripts (CDP, so no page policy
// applies to it) and reports each violation of the frame's policy.
function listenForCspViolations() {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = globalThis.__e2eCspViolation;
    if (typeof report !== 'function') return;
    report({
      documentURI: event.documentURI,
      effectiveDirective: event.effectiveDirective,
      blockedURI: event.blockedURI,
      sample: event.sample,
    }).catch(() => {});
  });
}

/** Whether a violation happened in a gadget frame (/gadgets/ifr). */
export const inGadgetFrame = (violation) =>
  String(violation.documentURI).includes('/gadgets/ifr?');

/**
 * Runs `body` with a fresh simulator (random ports) and browser context.
 * The gadget frame is served with the strict Content-Security-Policy
 * (`gadgetCsp: true`) unless `simOptions` says otherwise, and a violation
 * in a gadget frame fails the case.
 * @param {import('playwright-core').Browser} browser
 * @param {object} simOptions passed to startSimulator
 * @param {(context: CaseContext) => Promise<void>} body
 */
export async function withDesktop(browser, simOptions, body) {
  const sim = await startSimulator({
    desktopPort: 0,
    hostPort: 0,
    embedPort: 0,
    log: () => {},
    gadgetCsp: true,
    ...simOptions,
  });
  const context = await browser.newContext();
  const cspViolations = [];
  await context.exposeBinding('__e2eCspViolation', (_source, violation) => {
    cspViolations.push(violation);
  });
  await context.addInitScript(listenForCspViolations);
  const page = await context.newPage();
  try {
    await body({
      sim,
      page,
      open: () => openDesktop(page, sim),
      gadgetText: () => gadgetText(page),
      clientLog: () =>
        page.evaluate(() => [...window.finesseSimulator.clientLog]),
      mark: () => sim.hostMessages.length,
      click: (id) => page.click('#' + id),
      cspViolations,
    });
    const broken = cspViolations.filter(inGadgetFrame);
    check(
      broken.length === 0,
      'the gadget frame broke its Content-Security-Policy: ' +
        JSON.stringify(broken),
    );
    // Whatever the case checked, every message the host received must
    // conform to the published schema.
    for (const record of sim.hostMessages) {
      const errors = schemaErrors(record.message);
      check(
        errors.length === 0,
        `a message breaks the schema: ${JSON.stringify(record.message)}\n` +
          errors.join('\n'),
      );
    }
  } finally {
    await context.close().catch(() => {});
    await sim.close();
  }
}

async function openDesktop(page, sim) {
  await page.goto(sim.desktopUrl);
  await page.waitForSelector('#gadget-frame');
}

/**
 * The text in the gadget element's shadow root, wherever the desktop is
 * (the page itself, or a frame of the embedding host page).
 * @param {import('playwright-core').Page} page
 */
export async function gadgetText(page) {
  const frame = gadgetFrame(page);
  if (!frame) return '';
  return frame
    .evaluate(() => {
      const element = document.querySelector('finesse-host-bridge');
      return (element?.shadowRoot?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
    })
    .catch(() => '');
}

/**
 * The gadget's frame (the Shindig-style /gadgets/ifr page), if any.
 * @param {import('playwright-core').Page} page
 */
export function gadgetFrame(page) {
  return page.frames().find((f) => f.url().includes('/gadgets/ifr?'));
}

/**
 * The host records from index `since` on that pass `test`.
 * @param {import('../server.mjs').Simulator} sim
 * @param {(record: object) => boolean} test
 * @param {number} [since]
 */
export function received(sim, test, since = 0) {
  return sim.hostMessages.slice(since).filter(test);
}

/**
 * Throws with `message` unless `condition` holds.
 * @param {unknown} condition
 * @param {string} message
 */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * A short, single-line picture of host records for failure messages.
 * @param {object[]} records
 */
export function summary(records) {
  return records.length === 0
    ? 'nothing'
    : records
        .map((r) => {
          const m = r.message ?? {};
          const event = m.message?.event;
          const named =
            m.subtopic === 'SetAgentState' || m.subtopic === 'Connection';
          return (
            `${m.topic}/${m.subtopic}` +
            (named ? `:${event}` : '') +
            (m.subtopic === 'Logout' ? `:${m.message?.data?.reason}` : '') +
            ('replay' in m ? `(replay=${m.replay})` : '')
          );
        })
        .join(', ');
}
