import { chromeLauncher } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { countReporter } from './test/count-reporter.mjs';
import { defaultReporter } from '@web/test-runner';

const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Unit and component tests, in Debian's chromium (never a downloaded one). */
export default {
  files: ['test/unit/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: './tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: browserArgs,
      },
    }),
  ],
  // Lit announces its development build once per test file; the tests
  // want that build's checks, not the announcement.
  filterBrowserLogs: ({ args }) =>
    !String(args[0]).startsWith('Lit is in dev mode'),
  reporters: [defaultReporter(), countReporter()],
  testFramework: { config: { timeout: 5000 } },
};
