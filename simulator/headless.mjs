/**
 * Headless mode: open the simulated desktop in Chromium, wait for the
 * sample host to receive a Login and compare it with the contract.
 */
import { EXPECTED_LOGIN, diffMessage } from './expected-login.mjs';
import { launchBrowser } from './launch-browser.mjs';

/**
 * Runs one headless check against a started simulator.
 * @param {import('./server.mjs').Simulator} sim
 * @param {object} [options]
 * @param {number} [options.timeoutMs=20000] how long to wait for a Login
 * @param {(line: string) => void} [options.print]
 * @returns {Promise<boolean>} true when the Login matches the contract
 */
export async function runHeadless(sim, options = {}) {
  const print = options.print ?? ((line) => console.log(line));
  const timeoutMs = options.timeoutMs ?? 20000;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // With the top topology the host is the page that frames the desktop.
    const embedded = sim.topology !== 'frame';
    await page.goto(embedded ? sim.embeddingHostUrl : sim.desktopUrl);
    if (!sim.agent.signedIn()) {
      // Started signed out: let the gadget boot, then sign in (what the
      // desktop's Sign in button does).
      await page.waitForTimeout(1500);
      sim.act('signIn');
    }
    let settled = false;
    const login = await Promise.race([
      sim.waitForHostMessage(
        (r) => r.message?.topic === 'Agent' && r.message?.subtopic === 'Login',
        timeoutMs,
      ),
      refusedSettings(page, () => settled),
    ])
      .catch(() => undefined)
      .finally(() => (settled = true));
    if (!login?.message) {
      print(
        login?.refused
          ? `MISMATCH: the gadget refused its settings: ${login.refused}`
          : `MISMATCH: the host received no Agent/Login within ` +
              `${timeoutMs / 1000} s`,
      );
      print(await diagnostics(page));
      return false;
    }
    const diff = diffMessage(login.message, EXPECTED_LOGIN);
    if (diff.length === 0) {
      print('MATCH: the Login equals the contract sample');
      return true;
    }
    print('MISMATCH: the Login differs from the contract sample:');
    for (const line of diff) print('  ' + line);
    return false;
  } finally {
    await browser.close();
  }
}

/**
 * Resolves when the gadget shows CONFIG_INVALID, which no wait can cure,
 * so that a misconfigured run ends at once; polls until `done()`.
 * @param {import('playwright-core').Page} page
 * @param {() => boolean} done
 * @returns {Promise<{ refused: string } | undefined>}
 */
async function refusedSettings(page, done) {
  while (!done()) {
    const { alert } = await gadgetState(page);
    if (alert.startsWith('CONFIG_INVALID')) return { refused: alert };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/**
 * What the desktop and gadget show, for a failed run.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string>}
 */
export async function diagnostics(page) {
  const report = await gadgetState(page);
  return [
    'gadget shows: ' + (report.gadgetText || '(nothing)'),
    'client log:',
    ...report.clientLog.map((line) => '  ' + line),
    ...(report.notes.length > 0 ? ['simulator notes:'] : []),
    ...report.notes.map((line) => '  ' + line),
  ].join('\n');
}

/**
 * The gadget's text and alert, the client log and the simulator's notes.
 * @param {import('playwright-core').Page} page
 */
async function gadgetState(page) {
  // The desktop is the page, or a frame of the embedding host page.
  const desktop =
    page.frames().find((f) => new URL(f.url()).pathname === '/desktop/') ??
    page.mainFrame();
  return desktop
    .evaluate(() => {
      const sim = window.finesseSimulator ?? {};
      const frame = document.getElementById('gadget-frame');
      let gadgetText = '(no gadget frame)';
      let alert = '';
      try {
        const element = frame?.contentDocument?.querySelector(
          'finesse-host-bridge',
        );
        gadgetText = element
          ? (element.shadowRoot?.textContent ?? '(no shadow root)')
          : (frame?.contentDocument?.body?.innerText ?? '(empty)');
        alert =
          element?.shadowRoot?.querySelector('[role="alert"]')?.textContent ??
          '';
      } catch (err) {
        gadgetText = String(err);
      }
      const flat = (text) => text.replace(/\s+/g, ' ').trim();
      return {
        clientLog: sim.clientLog ?? [],
        notes: sim.notes ?? [],
        gadgetText: flat(gadgetText),
        alert: flat(alert),
      };
    })
    .catch((err) => ({
      clientLog: [],
      notes: [],
      gadgetText: String(err),
      alert: '',
    }));
}
