/**
 * Writes docs/simulator.png: the simulated desktop with the gadget and the
 * sample host after the default sign-in. `npm run screenshot`.
 */
import { launchBrowser } from './launch-browser.mjs';
import { startSimulator } from './server.mjs';

const OUT = process.argv[2] ?? 'docs/simulator.png';

// The default ports, so that the picture shows the addresses a reader of
// the README will see.
const sim = await startSimulator({ log: () => {} });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 860 },
  });
  await page.goto(sim.desktopUrl);
  await sim.waitForHostMessage(
    (r) => r.message?.topic === 'Agent' && r.message?.subtopic === 'Login',
    20000,
  );
  // Let the host list and the gadget's height settle before the picture.
  await page.waitForTimeout(800);
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
  await sim.close();
}
