import { AgentRelay } from '../src/bridge/agent-relay.js';
import { HostBridge } from '../src/bridge/host-bridge.js';
import {
  HostTarget,
  parseHostConfig,
  type HostConfig,
} from '../src/config/host-config.js';
import {
  settingsFromFrameSearch,
  withDefaults,
} from '../src/config/settings.js';
import { agentViewFor } from '../src/element/agent-view.js';
import { FinesseHostBridge } from '../src/element/finesse-host-bridge.js';
import { ErrorCode, type GadgetError } from '../src/error-code.js';
import { createLogger, type Logger } from '../src/log/logger.js';
import {
  buildHeartbeatMessage,
  HEARTBEAT_INTERVAL_MS,
} from '../src/protocol/index.js';
import { AgentSession } from '../src/session/agent-session.js';
import { describeEvent } from '../src/session/describe-event.js';
import { readUserData } from '../src/session/read-user-data.js';
import { sessionSignInStore } from '../src/session/sign-in-store.js';
import {
  bootFinesse,
  type FinesseHandlers,
  type FinesseSession,
} from './finesse-adapter.js';

/** How long a host may take to register before the gadget says so. */
export const HOST_OVERDUE_MS = 30_000;

/**
 * Wires the gadget together inside the Finesse desktop: settings, logger,
 * the agent session, the host bridge and the status element.
 */
export function startGadget(win: Window): void {
  bootFinesse(
    win,
    (finesse) => wireGadget(win, finesse),
    (error) => {
      // The console too: without Finesse there is no client log at all.
      // The message holds no personal data.
      console.error(`[FinesseHostBridge] ${error.code}: ${error.message}`);
      whenReady(win, () => {
        statusElement(win).error = error;
      });
    },
  );
}

function wireGadget(win: Window, finesse: FinesseSession): FinesseHandlers {
  const settings = withDefaults(
    settingsFromFrameSearch(win.location.search),
    (name) => finesse.readPref(name),
  );
  const parsed = parseHostConfig(settings, win.location.origin);
  const log = createLogger(
    finesse.clientLog,
    parsed.ok ? parsed.config.debug : settings.debug === 'true',
  );
  const view = statusElement(win);
  view.addEventListener('layout-change', () => finesse.adjustHeight());

  // A settings error lasts; a Finesse error lasts until good data comes.
  let configError: GadgetError | undefined;
  let dataError: GadgetError | undefined;
  const report = (kind: 'config' | 'data', error: GadgetError | undefined) => {
    if (kind === 'config') configError = error;
    else dataError = error;
    if (error) log.error(`${error.code}: ${error.message}`);
    view.error = configError ?? dataError;
  };

  let bridge: HostBridge | undefined;
  if (parsed.ok) bridge = openBridge(win, parsed.config, log, view);
  else report('config', parsed.error);

  const relay = bridge ? new AgentRelay(bridge) : undefined;
  const store = sessionSignInStore(storageOf(win));
  const session = new AgentSession({
    store,
    onEvent: (event) => {
      // The hosts first: logging and rendering can wait a moment.
      relay?.relay(event);
      view.agent = agentViewFor(event) ?? view.agent;
      log.info(describeEvent(event));
    },
  });

  // What the session remembers must be written before a reload. Then,
  // best effort, a host outside the desktop may still hear that the page
  // goes; a page kept in the back-forward cache is not going away.
  win.addEventListener('pagehide', (event) => {
    store.flush();
    if (!(event as PageTransitionEvent).persisted) session.closing(new Date());
  });

  if (bridge) {
    const live = bridge;
    setInterval(
      () => live.heartbeat(buildHeartbeatMessage(session.isConnected)),
      HEARTBEAT_INTERVAL_MS,
    );
  }

  return {
    onUserData(data) {
      const read = readUserData(data, finesse.userId);
      if (!read.ok) {
        const { problems, signOut } = read;
        if (signOut) session.observe(signOut, new Date());
        report('data', {
          code: ErrorCode.UserDataInvalid,
          message:
            'Finesse sent User data the gadget cannot use: ' +
            `${problems.join('; ')}. ` +
            (signOut
              ? 'Its sign-out was read as any other; the rest was not used.'
              : 'Nothing was sent.'),
        });
        return;
      }

      report('data', undefined);
      log.debug('User reading', read.snapshot);
      session.observe(read.snapshot, new Date());
    },

    onUserError: (error) => report('data', error),

    onConnection(connected) {
      view.finesseConnected = connected;
      session.connectionChanged(connected, new Date());
    },
  };
}

// The host side: the iframe, the bridge listening for registrations, and
// for a host embedding the desktop, which cannot see the gadget's frame,
// an announcement that the gadget started.
function openBridge(
  win: Window,
  config: HostConfig,
  log: Logger,
  view: FinesseHostBridge,
): HostBridge {
  const bridge = new HostBridge({
    allowedOrigins: config.allowedOrigins,
    log,
    onStatus: (status) => {
      view.hosts = status.hosts;
      view.lastSent = status.lastSent;
    },
  });
  win.addEventListener('message', bridge.handleMessage);
  view.hostUrl = config.hostUrl;
  log.info(
    `started; hosts may register from ${config.allowedOrigins.join(', ')}`,
  );

  // A host that never registers (it failed to load, or refused to be
  // framed) is not an error the browser reports: say so after a while.
  setTimeout(() => {
    if (bridge.status.hosts.length > 0) return;
    view.hostOverdue = true;
    log.info(`no host has registered after ${HOST_OVERDUE_MS / 1000} s`);
  }, HOST_OVERDUE_MS);

  const top = win.top;
  if (config.target === HostTarget.Top && top && top !== win) {
    bridge.announce(top);
  }
  return bridge;
}

function statusElement(win: Window): FinesseHostBridge {
  const existing = win.document.querySelector('finesse-host-bridge');
  if (existing) return existing;

  const created = new FinesseHostBridge();
  win.document.body.append(created);
  return created;
}

function whenReady(win: Window, run: () => void) {
  if (win.document.readyState === 'loading') {
    win.document.addEventListener('DOMContentLoaded', run, { once: true });
  } else {
    run();
  }
}

// Reading sessionStorage throws in frames the browser treats as third
// party; the session then remembers in memory only.
function storageOf(win: Window): Storage | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined;
  }
}
