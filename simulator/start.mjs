#!/usr/bin/env node
/**
 * Starts the Finesse desktop simulator.
 *
 *   node simulator/start.mjs [--headless] [--desktop-port N]
 *     [--host-port N] [--embed-port N] [--topology frame|top|both]
 *     [--query "hostUrl=...&..."] [--signed-out] [--csp]
 *     [--files DIR --spec NAME]
 *
 * Without --headless it serves until Ctrl-C; with it, it checks that the
 * sample host receives the contract's Login and exits 0 (match) or 1.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { runHeadless } from './headless.mjs';
import {
  BUILD_HINT,
  DIST_DIR,
  HOST_SDK_FILE,
  HOST_SDK_HINT,
  TOPOLOGIES,
  startSimulator,
} from './server.mjs';

const USAGE = `usage: node simulator/start.mjs [options]
  --headless           open the desktop in headless Chromium, check the
                       host's Login against the contract, exit 0 or 1
  --desktop-port N     desktop origin port (env SIM_DESKTOP_PORT, 8445)
  --host-port N        sample host port (env SIM_HOST_PORT, 8446)
  --embed-port N       embedding host page port (env SIM_EMBED_PORT, 8447)
  --topology T         what the default gadget query points at: frame
                       (hostUrl, the default), top (hostTarget=top and
                       the embedding page's origin) or both
  --query Q            query string of the layout's gadget URL
                       (default: hostUrl=<sample host>/)
  --signed-out         start with the agent signed out
  --csp                serve the gadget frame with a strict
                       Content-Security-Policy (as the tests do)
  --files DIR          serve DIR as /3rdpartygadget/files/ (default dist/)
  --spec NAME          gadget spec below it (default gadget.xml)`;

function port(value, name) {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new Error(`${name}: not a port: ${value}`);
  }
  return number;
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        headless: { type: 'boolean' },
        'desktop-port': { type: 'string' },
        'host-port': { type: 'string' },
        'embed-port': { type: 'string' },
        topology: { type: 'string' },
        query: { type: 'string' },
        'signed-out': { type: 'boolean' },
        csp: { type: 'boolean' },
        files: { type: 'string' },
        spec: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  if (args.topology !== undefined && !TOPOLOGIES.includes(args.topology)) {
    console.error(`--topology: one of ${TOPOLOGIES.join(', ')}\n${USAGE}`);
    return 2;
  }
  if (!existsSync(HOST_SDK_FILE)) {
    console.error(HOST_SDK_HINT);
    return 1;
  }

  const filesDir = args.files ? path.resolve(args.files) : DIST_DIR;
  const spec = args.spec ?? 'gadget.xml';
  if (!existsSync(path.join(filesDir, spec))) {
    console.error(args.files ? `${spec} not found in ${filesDir}` : BUILD_HINT);
    return 1;
  }

  const sim = await startSimulator({
    desktopPort:
      port(
        args['desktop-port'] ?? process.env.SIM_DESKTOP_PORT,
        '--desktop-port',
      ) ?? 8445,
    hostPort:
      port(args['host-port'] ?? process.env.SIM_HOST_PORT, '--host-port') ??
      8446,
    embedPort:
      port(args['embed-port'] ?? process.env.SIM_EMBED_PORT, '--embed-port') ??
      8447,
    topology: args.topology,
    gadgetQuery: args.query,
    signedIn: !args['signed-out'],
    gadgetCsp: args.csp === true,
    filesDir,
    gadgetSpec: spec,
  });

  // When the page around the desktop is a host, it is the one to open;
  // headless, the simulator opens it itself.
  const embedded = args.topology === 'top' || args.topology === 'both';
  const openThis = args.headless ? '' : '   <- open this';
  console.log(
    [
      'Finesse desktop simulator',
      `  desktop   ${sim.desktopUrl}${embedded ? '' : openThis}`,
      `  host app  ${sim.hostOrigin}/   (the page the gadget shows)`,
      `  embedding ${sim.embeddingHostUrl}${embedded ? openThis : ''}`,
      embedded
        ? `            (the host page that frames the desktop)`
        : `            (a host page that frames the desktop; used only when\n` +
          `            started with --topology top or both)`,
      `  gadget    /3rdpartygadget/files/${spec}?${sim.settings.gadgetQuery}`,
      ...(sim.gadgetCsp ? [`  csp       ${sim.gadgetCsp}`] : []),
      `  agent     ${sim.agent.id()} ` +
        `(${sim.agent.signedIn() ? 'signed in' : 'signed out'})`,
    ].join('\n'),
  );

  if (args.headless) {
    let ok = false;
    try {
      ok = await runHeadless(sim);
    } finally {
      await sim.close();
    }
    return ok ? 0 : 1;
  }

  console.log('Serving until Ctrl-C.');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const hint =
      err.code === 'EADDRINUSE'
        ? ': is the simulator already running? Pick other ports with ' +
          '--desktop-port/--host-port/--embed-port (or SIM_DESKTOP_PORT/' +
          'SIM_HOST_PORT/SIM_EMBED_PORT).'
        : '';
    console.error(err.message + hint);
    process.exitCode = 1;
  },
);
