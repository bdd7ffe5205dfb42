import { AgentRelay } from '../src/bridge/agent-relay.js';
import { HostBridge } from '../src/bridge/host-bridge.js';
import { HostTarget, parseHostConfig } from '../src/config/host-config.js';
import {
  buildHeartbeatMessage,
  HEARTBEAT_INTERVAL_MS,
} from '../src/protocol/index.js';
import {
  settingsFromFrameSearch,
  withDefaults,
} from '../src/config/settings.js';
import { agentViewFor } from '../src/element/agent-view.js';
import { FinesseHostBridge } from '../src/element/finesse-host-bridge.js';
import { ErrorCode, type GadgetError } from '../src/error-code.js';
import { createLogger } from '../src/log/logger.js';
import { readUserData } from '../src/session/read-user-data.js';
import { sessionSignInStore } from '../src/session/sign-in-store.js';
import { AgentSession, type AgentEvent } from '../src/session/agent-session.js';
import { describeEvent } from '../src/session/describe-event.js';
import { bootFinesse, type FinesseHandlers } from './finesse-adapter.js';

/**
 * Wires the gadget together inside the Finesse desktop: settings, logger,
 * sign-in tracking, the host bridge and the status element.
 */
export function startGadget(win: Window): void {
  bootFinesse(
    win,
    (finesse) => {
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

      let configError: GadgetError | undefined;
      let dataError: GadgetError | undefined;
      const showError = () => {
        view.error = configError ?? dataError;
      };

      let bridge: HostBridge | undefined;
      if (parsed.ok) {
        bridge = new HostBridge({
          allowedOrigins: parsed.config.allowedOrigins,
          log,
          onStatus: (status) => {
            view.hosts = status.hosts;
            view.lastSent = status.lastSent;
          },
        });
        win.addEventListener('message', bridge.handleMessage);
        view.hostUrl = parsed.config.hostUrl;
        log.info(
          `started; hosts may register from ` +
            parsed.config.allowedOrigins.join(', '),
        );
      } else {
        configError = parsed.error;
        log.error(`${parsed.error.code}: ${parsed.error.message}`);
        showError();
      }

      const relay = bridge ? new AgentRelay(bridge) : undefined;
      const session = new AgentSession({
        store: sessionSignInStore(storageOf(win)),
        onEvent: (event) => {
          log.info(describeEvent(event));
          view.agent = agentViewFor(event) ?? view.agent;
          relay?.relay(event);
        },
      });
      // Best effort: a top-level host may still hear this as the page goes.
      // A page kept in the back-forward cache is not going away.
      win.addEventListener('pagehide', (event) => {
        if (!(event as PageTransitionEvent).persisted) {
          session.closing(new Date());
        }
      });

      if (bridge && parsed.ok) {
        const live = bridge;
        setInterval(
          () => live.heartbeat(buildHeartbeatMessage(session.isConnected)),
          HEARTBEAT_INTERVAL_MS,
        );
        // A host embedding the desktop cannot see the gadget's frame; told
        // that the gadget started, it registers at once.
        const top = win.top;
        if (parsed.config.target === HostTarget.Top && top && top !== win) {
          live.announce(top);
        }
      }

      const handlers: FinesseHandlers = {
        onUserData(data) {
          const read = readUserData(data, finesse.userId);
          if (!read.ok) {
            dataError = {
              code: ErrorCode.UserDataInvalid,
              message:
                'Finesse sent User data the gadget cannot use: ' +
                `${read.problems.join('; ')}. Nothing was sent.`,
            };
            log.error(`${dataError.code}: ${dataError.message}`);
            showError();
            return;
          }

          dataError = undefined;
          showError();

          const snapshot = read.snapshot;
          log.debug('User reading', snapshot);
          session.observe(snapshot, new Date());
        },

        onUserError(error) {
          dataError = error;
          log.error(`${error.code}: ${error.message}`);
          showError();
        },

        onConnection(connected) {
          view.finesseConnected = connected;
          session.connectionChanged(connected, new Date());
        },
      };
      return handlers;
    },
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
// party; the tracker then remembers in memory only.
function storageOf(win: Window): Storage | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined;
  }
}
