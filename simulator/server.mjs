/**
 * The simulator's servers: the Finesse desktop origin (desktop page, fake
 * finesse.js, Shindig-like gadget rendering, REST User API, event stream)
 * and the sample host application's origin.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  NOT_READY_REASONS,
  SIGN_OUT_REASONS,
  SYSTEM_SIGN_OUT_CODES,
  buildUpdateXml,
  createAgentModel,
  escapeXml,
} from './agent-model.mjs';
import { parseGadgetSpec, renderGadgetPage } from './gadget-renderer.mjs';
import {
  readBody,
  resolveInside,
  send,
  sendJson,
  serveFile,
} from './http-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.join(here, 'web');
const FILES_PREFIX = '/3rdpartygadget/files/';

/** Where the built gadget is expected. */
export const DIST_DIR = path.resolve(here, '..', 'dist');

/** The hint shown wherever the built gadget is missing. */
export const BUILD_HINT =
  'dist/gadget.xml not found: run `npm run build` first ' +
  '(the simulator serves the built gadget from dist/).';

/** The built host SDK, which the sample host pages import. */
export const HOST_SDK_FILE = path.join(
  DIST_DIR,
  'host',
  'finesse-host-bridge-client.js',
);

/** The hint shown wherever the built host SDK is missing. */
export const HOST_SDK_HINT =
  'dist/host/finesse-host-bridge-client.js not found: run `npm run build` ' +
  'first (the sample host pages import the built host SDK).';

/** Where the layout's gadget sends events, for the default gadget URL. */
export const TOPOLOGIES = Object.freeze(['frame', 'top', 'both']);

/**
 * One message the sample host page received and reported.
 * @typedef {object} HostRecord
 * @property {string} receivedAt ISO time in the host page
 * @property {string} origin `event.origin` as the host page saw it
 * @property {'object' | 'string'} wire how the message was posted
 * @property {any} message the message (parsed when posted as a string)
 * @property {'frame' | 'top'} page which sample host page: `frame` (the
 *   page the gadget shows as hostUrl) or `top` (the page that embeds the
 *   desktop)
 * @property {string} instance random per page load: a reload is a new one
 * @property {string} source the name the page registers under
 * @property {true} [dropped] the page's test hook kept it from the SDK
 */

/**
 * What the host SDK handed a sample host page: an event (`kind: 'event'`,
 * the SDK's BridgeEvent as is) or a link state (`kind: 'link'`).
 * @typedef {object} HostEventRecord
 * @property {string} receivedAt
 * @property {'frame' | 'top'} page
 * @property {string} instance
 * @property {string} source
 * @property {'event' | 'link'} kind
 * @property {any} [event] with kind 'event'
 * @property {string} [link] with kind 'link': connecting, connected, silent
 */

/**
 * @typedef {object} SimulatorSettings
 * @property {string} gadgetQuery query string of the layout's gadget URL
 * @property {number} onConnectTimes how often gadgets.js fires onConnect
 * @property {number} userGetStatus HTTP status of GET /finesse/api/User;
 *   200 serves the document, anything else an ApiErrors body
 * @property {boolean} libraryConfig whether finesse.js provides
 *   `finesse.gadget.Config` (11.5 and later) or leaves it to the gadget
 * @property {number} failoverMs how long a failover withholds events
 * @property {boolean} libraryMissing the Finesse library's path
 *   (/desktop/assets/js/finesse.js) answers 404, as with a wrong script
 *   path in the spec
 * @property {HostFault} hostFault how the sample host page (the frame
 *   host, `GET /` and `/index.html` on the host origin) fails
 * @property {number} gadgetCount how often the layout holds the gadget
 *   (1 to 3): the desktop renders that many gadget iframes, same spec
 */

/**
 * A fault of the sample host page: `none`; `status-500` (an error page
 * without scripts); `x-frame-options` (`X-Frame-Options: DENY`);
 * `frame-ancestors` (`Content-Security-Policy: frame-ancestors 'none'`);
 * `down` (the host server stops listening: nothing answers on its port,
 * neither the host origin nor the foreign one).
 * @typedef {'none' | 'status-500' | 'x-frame-options' |
 *   'frame-ancestors' | 'down'} HostFault
 */

/** The host page faults, for checks and the desktop's switch. */
export const HOST_FAULTS = Object.freeze([
  'none',
  'status-500',
  'x-frame-options',
  'frame-ancestors',
  'down',
]);

/**
 * The strict Content-Security-Policy the simulator can serve the gadget's
 * frame (/gadgets/ifr) with: scripts, styles and connections only from
 * the desktop's own origin (no eval, no inline script, style or handler),
 * frames only from `frameOrigins`.
 * @param {string[]} frameOrigins the origins the gadget may frame
 * @returns {string}
 */
export function strictGadgetCsp(frameOrigins) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `frame-src ${frameOrigins.join(' ') || "'none'"}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

/**
 * @typedef {object} Simulator
 * @property {string} desktopOrigin e.g. http://127.0.0.1:8445
 * @property {string} desktopUrl the desktop page to open
 * @property {string} hostOrigin the sample host app, e.g.
 *   http://localhost:8446
 * @property {string} foreignOrigin a third origin (the host server under
 *   another name) serving /foreign.html, for origin-check tests
 * @property {string} embedOrigin the embedding host's origin, e.g.
 *   http://127.0.0.1:8447: the desktop's host, another port (same site)
 * @property {string} embeddingHostUrl the top-level host page that frames
 *   the desktop (add `&silenceMs=…`, `&connect=manual`, … as needed)
 * @property {'frame' | 'top' | 'both'} topology as started
 * @property {string} filesDir what /3rdpartygadget/files/ serves
 * @property {HostRecord[]} hostMessages every message the host pages
 *   reported (both pages; tell them apart by `page`)
 * @property {HostEventRecord[]} hostEvents what the host SDK handed them
 * @property {HostRecord[]} foreignMessages what the foreign page received
 * @property {{userGets: number, withheld: number}} stats
 * @property {SimulatorSettings} settings live; change with setSettings
 * @property {string | null} gadgetCsp the Content-Security-Policy header
 *   /gadgets/ifr is served with, or null for none
 * @property {import('./agent-model.mjs').AgentModel} agent
 * @property {EventEmitter} events 'host-message' and 'foreign-message'
 *   (a HostRecord), 'host-event' (a HostEventRecord), 'user-get' (the
 *   id), 'connection' (a status),
 *   'spurious-logout' ('logout', then 'signed-in')
 * @property {(action: string, args?: object) => void} act what the
 *   desktop's buttons do: signIn, ready, notReady, reserved, talking,
 *   hold, work, workReady, signOut, forcedLogout, supervisorSignOut,
 *   signedInElsewhere, setState, rename, set, failover,
 *   spuriousFailoverLogout (see README, Controls)
 * @property {(xml: string, event?: string) => void} pushUserXml serves
 *   and pushes an arbitrary User document
 * @property {(patch: Partial<SimulatorSettings>) => Promise<void>}
 *   setSettings applies at once; the promise settles when a change of
 *   `hostFault` to or from `down` has closed or reopened the host port
 * @property {(test: (r: HostRecord) => boolean, timeoutMs?: number)
 *   => Promise<HostRecord>} waitForHostMessage resolves with the first
 *   recorded message passing `test` (earlier ones included)
 * @property {(test: (r: HostEventRecord) => boolean, timeoutMs?: number)
 *   => Promise<HostEventRecord>} waitForHostEvent the same for hostEvents
 * @property {() => Promise<void>} close
 */

/**
 * Starts the simulator's servers.
 * @param {object} [options]
 * @param {number} [options.desktopPort=8445] 0 picks a free port
 * @param {number} [options.hostPort=8446] 0 picks a free port
 * @param {number} [options.embedPort=8447] the embedding host page's port;
 *   0 picks a free port
 * @param {'frame' | 'top' | 'both'} [options.topology='frame'] what the
 *   default gadget query points at: `frame`, `hostUrl=<host origin>/`;
 *   `top`, `hostTarget=top&hostOrigins=<embed origin>`; `both`, the two
 *   together (the frame host and the embedding host)
 * @param {string} [options.gadgetQuery] the layout gadget URL's query;
 *   overrides `topology`'s default
 * @param {string} [options.gadgetSpec] spec path in the layout, below
 *   /3rdpartygadget/files/; defaults to gadget.xml
 * @param {string} [options.filesDir] served as /3rdpartygadget/files/;
 *   defaults to dist/
 * @param {object} [options.agent] overrides of DEFAULT_AGENT's fields
 * @param {boolean} [options.signedIn=true] start with the agent signed in
 * @param {number} [options.onConnectTimes=1]
 * @param {number} [options.userGetStatus=200]
 * @param {boolean} [options.libraryConfig=true]
 * @param {number} [options.failoverMs=1500]
 * @param {boolean} [options.libraryMissing=false]
 * @param {HostFault} [options.hostFault='none']
 * @param {number} [options.gadgetCount=1]
 * @param {boolean | string} [options.gadgetCsp=false] serve the gadget
 *   frame with a Content-Security-Policy: `true` for
 *   strictGadgetCsp([hostOrigin]), a string for that policy
 * @param {(line: string) => void} [options.log] terminal output; pass
 *   `() => {}` to keep a test run quiet
 * @returns {Promise<Simulator>}
 */
export async function startSimulator(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const filesDir = path.resolve(options.filesDir ?? DIST_DIR);
  const specPath = FILES_PREFIX + (options.gadgetSpec ?? 'gadget.xml');
  const agent = createAgentModel({
    agent: options.agent,
    signedIn: options.signedIn !== false,
  });
  const events = new EventEmitter();
  const hostMessages = [];
  const hostEvents = [];
  const foreignMessages = [];
  const stats = { userGets: 0, withheld: 0 };
  const streams = new Set();
  const timers = new Set();
  let connection = 'connected';

  const settings = {
    gadgetQuery: (options.gadgetQuery ?? '').replace(/^\?/, ''),
    onConnectTimes: options.onConnectTimes ?? 1,
    userGetStatus: options.userGetStatus ?? 200,
    libraryConfig: options.libraryConfig !== false,
    failoverMs: options.failoverMs ?? 1500,
    libraryMissing: options.libraryMissing === true,
    hostFault: 'none',
    gadgetCount: options.gadgetCount ?? 1,
  };

  const desktop = createServer((req, res) => {
    handleDesktop(req, res).catch((err) => fail(res, err));
  });
  const host = createServer((req, res) => {
    handleHost(req, res).catch((err) => fail(res, err));
  });
  const embed = createServer((req, res) => {
    handleEmbed(req, res).catch((err) => fail(res, err));
  });
  const topology = options.topology ?? 'frame';
  if (!TOPOLOGIES.includes(topology)) {
    throw new Error(`topology must be one of ${TOPOLOGIES.join(', ')}`);
  }
  // Listen one by one; if a port is taken, close what already listens.
  const ports = [];
  for (const [server, port] of [
    [desktop, options.desktopPort ?? 8445],
    [host, options.hostPort ?? 8446],
    [embed, options.embedPort ?? 8447],
  ]) {
    try {
      ports.push(await listen(server, port));
    } catch (err) {
      for (const open of [desktop, host, embed].slice(0, ports.length)) {
        open.close();
      }
      throw err;
    }
  }
  const [desktopPort, hostPort, embedPort] = ports;

  const desktopOrigin = `http://127.0.0.1:${desktopPort}`;
  const hostOrigin = `http://localhost:${hostPort}`;
  const foreignOrigin = `http://127.0.0.1:${hostPort}`;
  // The same host as the desktop on another port: another origin but the
  // same site, so that the framed desktop keeps its sessionStorage.
  const embedOrigin = `http://127.0.0.1:${embedPort}`;
  const desktopUrl = desktopOrigin + '/desktop/';
  const gadgetCsp =
    options.gadgetCsp === true
      ? strictGadgetCsp([hostOrigin])
      : typeof options.gadgetCsp === 'string' && options.gadgetCsp !== ''
        ? options.gadgetCsp
        : null;
  const embeddingHostUrl =
    embedOrigin + '/?desktop=' + encodeURIComponent(desktopUrl);
  if (options.gadgetQuery === undefined) {
    const frameQuery = 'hostUrl=' + encodeURIComponent(hostOrigin + '/');
    const topQuery =
      'hostTarget=top&hostOrigins=' + encodeURIComponent(embedOrigin);
    settings.gadgetQuery =
      topology === 'frame'
        ? frameQuery
        : topology === 'top'
          ? topQuery
          : `${topQuery}&${frameQuery}`;
  }
  if (!existsSync(HOST_SDK_FILE)) log(`warning: ${HOST_SDK_HINT}`);

  const ping = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 15000);
  ping.unref();

  function fail(res, err) {
    const status = err.status ?? 500;
    if (status === 500) log(`simulator error: ${err.stack ?? err}`);
    if (!res.headersSent) sendJson(res, status, { error: err.message });
    else res.end();
  }

  function broadcast(event, data) {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) stream.write(frame);
  }

  function pushUpdate(eventType = 'PUT') {
    // While failing over the desktop has no connection: the event is
    // lost, and the re-fetch after recovery shows the latest state.
    if (connection === 'failing') {
      stats.withheld += 1;
      return;
    }
    const id = agent.id();
    broadcast('update', {
      topic: 'finesse.api.User.' + id,
      content: buildUpdateXml(agent.userXml(), { id, event: eventType }),
      user: agent.userXml(),
    });
  }

  /** Runs `task` after `ms` unless the simulator closes first. */
  function later(ms, task) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  function failover(durationMs = settings.failoverMs, onRecovered) {
    if (connection === 'failing') {
      throw Object.assign(new Error('already failing over'), { status: 409 });
    }
    connection = 'failing';
    broadcast('connection', { status: 'failing' });
    events.emit('connection', 'failing');
    later(Number(durationMs) || 0, () => {
      broadcast('connection', { status: 'recovered' });
      events.emit('connection', 'recovered');
      connection = 'connected';
      onRecovered?.();
    });
  }

  /**
   * The field report (platform reference 5, Expertflow's "Failover
   * Logout Event"): a failover; during it nothing reaches the gadget;
   * `logoutAfterMs` after RECOVERED a LOGOUT with reasonCodeId -1 arrives
   * as a normal update although the agent is still signed in; and
   * `signedInAfterMs` later the signed-in state. By default that is the
   * state the agent was in when the LOGOUT came, re-published unchanged
   * (same stateChangeTime: the agent never left it); with `state` (and
   * `reasonCodeId`) it is a new state with a new stateChangeTime, e.g.
   * `{state: 'NOT_READY'}` for NOT_READY -1, as after a sign-in.
   * Emits 'spurious-logout' with 'logout' and then 'signed-in'.
   */
  function spuriousFailoverLogout(args) {
    if (!agent.signedIn()) {
      throw Object.assign(new Error('signed out'), { status: 409 });
    }
    const delay = (value, fallback) => {
      const ms = value === undefined ? fallback : Number(value);
      if (!Number.isFinite(ms) || ms < 0) {
        throw Object.assign(new Error('bad delay'), { status: 400 });
      }
      return ms;
    };
    const logoutAfterMs = delay(args.logoutAfterMs, 500);
    const signedInAfterMs = delay(args.signedInAfterMs, 1500);
    const then =
      args.state === undefined
        ? null
        : {
            state: String(args.state),
            reasonCodeId:
              args.reasonCodeId ?? (args.state === 'NOT_READY' ? '-1' : ''),
          };
    failover(args.durationMs, () => {
      later(logoutAfterMs, () => {
        if (!agent.signedIn()) return;
        const before = agent.status();
        agent.act('setState', { state: 'LOGOUT', reasonCodeId: '-1' });
        const logout = agent.status();
        pushUpdate();
        events.emit('spurious-logout', 'logout');
        later(signedInAfterMs, () => {
          // Only if nothing else changed the agent meanwhile.
          const now = agent.status();
          if (
            now.state !== 'LOGOUT' ||
            now.stateChangeTime !== logout.stateChangeTime
          ) {
            return;
          }
          if (then) agent.act('setState', then);
          else agent.restore(before);
          pushUpdate();
          events.emit('spurious-logout', 'signed-in');
        });
      });
    });
  }

  function act(action, args = {}) {
    if (action === 'failover') {
      failover(args.durationMs);
      return;
    }
    if (action === 'spuriousFailoverLogout') {
      spuriousFailoverLogout(args);
      return;
    }
    agent.act(action, args);
    pushUpdate();
  }

  function pushUserXml(xml, eventType = 'PUT') {
    agent.replaceDocument(xml);
    pushUpdate(eventType);
  }

  function setSettings(patch) {
    const checks = {
      gadgetQuery: (v) => typeof v === 'string',
      onConnectTimes: (v) => Number.isInteger(v) && v >= 0 && v <= 5,
      userGetStatus: (v) => Number.isInteger(v) && v >= 200 && v <= 599,
      libraryConfig: (v) => typeof v === 'boolean',
      failoverMs: (v) => Number.isInteger(v) && v >= 0,
      libraryMissing: (v) => typeof v === 'boolean',
      hostFault: (v) => HOST_FAULTS.includes(v),
      gadgetCount: (v) => Number.isInteger(v) && v >= 1 && v <= 3,
    };
    for (const [key, value] of Object.entries(patch)) {
      if (!checks[key]?.(value)) {
        throw Object.assign(new Error(`bad setting ${key}`), { status: 400 });
      }
    }
    Object.assign(settings, patch);
    return hostListening(settings.hostFault !== 'down');
  }

  // The host server's port: closed while hostFault is `down`. Changes are
  // chained, so that a quick down-up-down ends as the last one said.
  let hostOpen = true;
  let hostChange = Promise.resolve();
  function hostListening(open) {
    hostChange = hostChange.then(async () => {
      if (open === hostOpen) return;
      hostOpen = open;
      if (open) {
        await listen(host, hostPort);
        log(`host server listening again on ${hostPort}`);
      } else {
        await new Promise((ok) => {
          host.close(() => ok());
          host.closeAllConnections();
        });
        log(`host server down: nothing listens on ${hostPort}`);
      }
    });
    return hostChange;
  }

  function state() {
    const profile = agent.profile();
    return {
      agent: {
        id: agent.id(),
        password: profile.password,
        extension: profile.extension,
      },
      userXml: agent.userXml(),
      connection,
      settings,
      gadgetCsp,
      hostFaults: HOST_FAULTS,
      layout: { specPath, hostOrigin, desktopOrigin, embedOrigin },
      reasons: NOT_READY_REASONS,
      signOutReasons: SIGN_OUT_REASONS,
      systemSignOutCodes: SYSTEM_SIGN_OUT_CODES,
      stats,
    };
  }

  async function handleDesktop(req, res) {
    const url = new URL(req.url, desktopOrigin);
    const route = `${req.method} ${url.pathname}`;

    if (route === 'GET /favicon.ico') {
      send(res, 204, '');
    } else if (route === 'GET /' || route === 'GET /desktop') {
      send(res, 302, '', undefined, { location: '/desktop/' });
    } else if (
      route === 'GET /desktop/assets/js/finesse.js' &&
      settings.libraryMissing
    ) {
      send(res, 404, "not found (the simulator's libraryMissing switch)\n");
    } else if (req.method === 'GET' && url.pathname.startsWith('/desktop/')) {
      await serveFile(
        res,
        path.join(WEB, 'desktop'),
        url.pathname.slice('/desktop/'.length),
      );
    } else if (route === 'GET /simulator/gadgets.js') {
      await serveFile(res, path.join(WEB, 'gadgets'), 'gadgets.js');
    } else if (req.method === 'GET' && url.pathname.startsWith(FILES_PREFIX)) {
      const rest = url.pathname.slice(FILES_PREFIX.length);
      await serveFile(
        res,
        filesDir,
        rest,
        rest === 'gadget.xml' ? BUILD_HINT : 'not found',
      );
    } else if (route === 'GET /gadgets/ifr') {
      await renderIfr(url, res);
    } else if (
      req.method === 'GET' &&
      url.pathname.startsWith('/finesse/api/User/')
    ) {
      getUser(req, res, url.pathname.slice('/finesse/api/User/'.length));
    } else if (route === 'GET /sim/state') {
      sendJson(res, 200, state());
    } else if (route === 'GET /sim/events') {
      openStream(req, res);
    } else if (route === 'POST /sim/action') {
      const body = parseJson(await readBody(req));
      act(String(body.action ?? ''), body);
      sendJson(res, 200, state());
    } else if (route === 'POST /sim/user') {
      pushUserXml(await readBody(req), url.searchParams.get('event') ?? 'PUT');
      sendJson(res, 200, state());
    } else if (route === 'POST /sim/settings') {
      await setSettings(parseJson(await readBody(req)));
      sendJson(res, 200, state());
    } else if (route === 'GET /sim/host-messages') {
      sendJson(res, 200, { hostMessages, foreignMessages });
    } else {
      send(res, 404, 'not found\n');
    }
  }

  async function renderIfr(url, res) {
    const specUrl = new URL(url.searchParams.get('url') ?? '', desktopOrigin);
    if (!specUrl.pathname.startsWith(FILES_PREFIX)) {
      send(
        res,
        400,
        'the simulator renders only specs below ' + FILES_PREFIX + '\n',
      );
      return;
    }
    const rest = specUrl.pathname.slice(FILES_PREFIX.length);
    const file = resolveInside(filesDir, rest);
    const xml = file && (await readFile(file, 'utf8').catch(() => null));
    if (xml === null || !file) {
      const text = rest === 'gadget.xml' ? BUILD_HINT : `${rest} not found`;
      send(
        res,
        404,
        `<!doctype html><p style="font:14px sans-serif;` +
          `color:#b00">${escapeXml(text)}</p>`,
        'text/html; charset=utf-8',
      );
      return;
    }
    const prefs = {};
    for (const [key, value] of url.searchParams) {
      if (key.startsWith('up_')) prefs[key.slice(3)] = value;
    }
    const html = renderGadgetPage(parseGadgetSpec(xml), {
      prefs,
      baseHref: new URL('.', specUrl).href,
      gadgetsScript: '/simulator/gadgets.js',
      frame: {
        moduleId: url.searchParams.get('mid') ?? '0',
        onConnectTimes: settings.onConnectTimes,
        libraryConfig: settings.libraryConfig,
      },
    });
    send(
      res,
      200,
      html,
      'text/html; charset=utf-8',
      gadgetCsp ? { 'content-security-policy': gadgetCsp } : {},
    );
  }

  function getUser(req, res, rawId) {
    const id = safeDecode(rawId);
    stats.userGets += 1;
    events.emit('user-get', id);
    if (settings.userGetStatus !== 200) {
      apiError(
        res,
        settings.userGetStatus,
        'Simulated failure',
        `the simulator answers ${settings.userGetStatus} (a server switch)`,
      );
      return;
    }
    const auth = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const user = auth
      ? Buffer.from(auth[1], 'base64').toString('utf8').split(':')[0]
      : null;
    if (user === null || user !== id || id !== agent.id()) {
      apiError(res, 401, 'Unauthorized', 'Invalid user or credentials');
      return;
    }
    send(res, 200, agent.userXml(), 'application/xml; charset=utf-8');
  }

  function apiError(res, status, type, message) {
    send(
      res,
      status,
      '<ApiErrors><ApiError>' +
        `<ErrorType>${escapeXml(type)}</ErrorType>` +
        `<ErrorMessage>${escapeXml(message)}</ErrorMessage>` +
        `<ErrorData>${status}</ErrorData></ApiError></ApiErrors>`,
      'application/xml; charset=utf-8',
    );
  }

  function openStream(req, res) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`event: hello\ndata: ${JSON.stringify({ connection })}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  async function handleHost(req, res) {
    const url = new URL(req.url, hostOrigin);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /foreign-log') {
      record(
        req,
        await readBody(req, 1 << 16),
        foreignOrigin,
        foreignMessages,
        'foreign-message',
        'FOREIGN page received',
      );
      send(res, 204, '');
    } else if (
      req.method === 'GET' &&
      (url.pathname === '/' || url.pathname === '/index.html') &&
      settings.hostFault !== 'none'
    ) {
      hostPageFault(res);
    } else {
      await handleHostApp(req, res, url, 'frame');
    }
  }

  /** The frame host's page, as the `hostFault` switch has it fail. */
  async function hostPageFault(res) {
    if (settings.hostFault === 'status-500') {
      send(
        res,
        500,
        '<!doctype html><title>Internal Server Error</title>' +
          '<h1>500 Internal Server Error</h1>' +
          "<p>The simulator's hostFault switch.</p>",
        'text/html; charset=utf-8',
      );
      return;
    }
    const headers =
      settings.hostFault === 'x-frame-options'
        ? { 'x-frame-options': 'DENY' }
        : { 'content-security-policy': "frame-ancestors 'none'" };
    await serveFile(
      res,
      path.join(WEB, 'host'),
      'index.html',
      undefined,
      headers,
    );
  }

  async function handleEmbed(req, res) {
    const url = new URL(req.url, embedOrigin);
    await handleHostApp(req, res, url, 'top');
  }

  /**
   * The sample host application, as the page the gadget shows (`frame`,
   * on the host origin) or as the page that embeds the desktop (`top`,
   * on the embed origin). Both import the built host SDK.
   */
  async function handleHostApp(req, res, url, page) {
    const route = `${req.method} ${url.pathname}`;
    const origin = page === 'top' ? embedOrigin : hostOrigin;
    if (route === 'GET /favicon.ico') {
      send(res, 204, '');
    } else if (route === 'POST /host-log') {
      const entry = {
        ...checkedBody(req, await readBody(req, 1 << 16), origin),
        page,
      };
      hostMessages.push(entry);
      events.emit('host-message', entry);
      log(
        `${page === 'top' ? 'embedding host' : 'host'} received: ` +
          `${describe(entry.message)}${entry.dropped ? ' (dropped by the test hook)' : ''}\n` +
          JSON.stringify(entry.message, null, 2),
      );
      send(res, 204, '');
    } else if (route === 'POST /host-event') {
      const entry = {
        ...checkedBody(req, await readBody(req, 1 << 16), origin),
        page,
      };
      hostEvents.push(entry);
      events.emit('host-event', entry);
      log(
        `${page === 'top' ? 'embedding host' : 'host'} SDK: ` +
          describeHostEvent(entry),
      );
      send(res, 204, '');
    } else if (route === 'GET /host-log') {
      sendJson(
        res,
        200,
        hostMessages.filter((r) => r.page === page),
      );
    } else if (route === 'GET /finesse-host-bridge-client.js') {
      if (!existsSync(HOST_SDK_FILE)) log(HOST_SDK_HINT);
      await serveFile(
        res,
        path.dirname(HOST_SDK_FILE),
        path.basename(HOST_SDK_FILE),
        HOST_SDK_HINT,
      );
    } else if (req.method === 'GET') {
      const file = url.pathname.slice(1);
      await serveFile(
        res,
        path.join(WEB, 'host'),
        page === 'top' && file === '' ? 'embed.html' : file,
      );
    } else {
      send(res, 404, 'not found\n');
    }
  }

  /** A report body, accepted only from the page's own origin. */
  function checkedBody(req, body, expectedOrigin) {
    // Only the page itself may report, so that the foreign page cannot
    // write into the host's record (both live on one server).
    if (req.headers.origin !== expectedOrigin) {
      throw Object.assign(new Error('wrong origin'), { status: 403 });
    }
    return parseJson(body);
  }

  function record(req, body, expectedOrigin, list, eventName, label) {
    const entry = checkedBody(req, body, expectedOrigin);
    list.push(entry);
    events.emit(eventName, entry);
    log(
      `${label}: ${describe(entry.message)}\n` +
        JSON.stringify(entry.message, null, 2),
    );
  }

  if (options.hostFault !== undefined) {
    await setSettings({ hostFault: options.hostFault });
  }

  return {
    desktopOrigin,
    desktopUrl,
    hostOrigin,
    foreignOrigin,
    embedOrigin,
    embeddingHostUrl,
    topology,
    filesDir,
    hostMessages,
    hostEvents,
    foreignMessages,
    stats,
    settings,
    gadgetCsp,
    agent,
    events,
    act,
    pushUserXml,
    setSettings,
    waitForHostMessage(test, timeoutMs = 10000) {
      return waitFor(events, 'host-message', hostMessages, test, timeoutMs);
    },
    waitForHostEvent(test, timeoutMs = 10000) {
      return waitFor(events, 'host-event', hostEvents, test, timeoutMs);
    },
    async close() {
      clearInterval(ping);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const stream of streams) stream.end();
      await hostChange.catch(() => {});
      await Promise.all(
        [desktop, host, embed].map(
          (server) =>
            new Promise((ok) => {
              server.close(() => ok());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/**
 * Describes a contract message in a few words, e.g.
 * `Agent/Login (replay=false)`.
 * @param {any} message
 * @returns {string}
 */
export function describe(message) {
  if (!message || typeof message !== 'object') return typeof message;
  const name = `${message.topic}/${message.subtopic}`;
  return 'replay' in message ? `${name} (replay=${message.replay})` : name;
}

/**
 * Describes what the host SDK handed a page, e.g. `login (replay=false,
 * seq 2)` or `link connected`.
 * @param {any} record a HostEventRecord
 * @returns {string}
 */
export function describeHostEvent(record) {
  if (record.kind === 'link') return `link ${record.link}`;
  const event = record.event ?? {};
  const what =
    event.type === 'state'
      ? `state ${event.event}`
      : event.type === 'connection'
        ? `connection ${event.state}`
        : event.type === 'logout'
          ? `logout ${event.data?.reason}`
          : String(event.type);
  const meta = event.meta ?? {};
  return `${what} (replay=${meta.replay}, seq ${meta.seq})`;
}

function waitFor(events, name, list, test, timeoutMs) {
  const found = list.find(test);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      events.off(name, check);
      reject(new Error(`no matching ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
    // A wait nobody needs any more (its race was lost, the servers have
    // closed) must not hold the process open until it times out.
    timer.unref();
    function check(entry) {
      if (!test(entry)) return;
      clearTimeout(timer);
      events.off(name, check);
      resolve(entry);
    }
    events.on(name, check);
  });
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function parseJson(text) {
  try {
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
