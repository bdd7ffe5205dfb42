import { HostBridge } from '../src/bridge/host-bridge.js';
import { parseHostConfig } from '../src/config/host-config.js';
import {
  settingsFromFrameSearch,
  withDefaults,
} from '../src/config/settings.js';
import { FinesseHostBridge } from '../src/element/finesse-host-bridge.js';
import { ErrorCode, type GadgetError } from '../src/error-code.js';
import { createLogger } from '../src/log/logger.js';
import { readUserData } from '../src/session/read-user-data.js';
import { sessionSignInStore } from '../src/session/sign-in-store.js';
import { identityOf, SignInTracker } from '../src/session/sign-in-tracker.js';
import { bootFinesse, type FinesseHandlers } from './finesse-adapter.js';

/**
 * Wires the gadget together inside the Finesse desktop: settings, logger,
 * sign-in tracking, the host bridge and the status element.
 */
export function startGadget(win: Window): void {
  bootFinesse(
    win,
    (session) => {
      const settings = withDefaults(
        settingsFromFrameSearch(win.location.search),
        (name) => session.readPref(name),
      );
      const parsed = parseHostConfig(settings);
      const log = createLogger(
        session.clientLog,
        parsed.ok ? parsed.config.debug : settings.debug === 'true',
      );
      const view = statusElement(win);
      view.addEventListener('layout-change', () => session.adjustHeight());

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

      const tracker = new SignInTracker(sessionSignInStore(storageOf(win)));

      const handlers: FinesseHandlers = {
        onUserData(data) {
          const read = readUserData(data, session.userId);
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
          const change = tracker.observe(snapshot, new Date());
          view.agent = {
            name: identityOf(snapshot).name,
            extension: snapshot.extension,
            teamName: snapshot.teamName,
            state: snapshot.state,
          };

          switch (change.kind) {
            case 'signed-in':
              log.info('the agent signed in');
              bridge?.signedIn(change.agent);
              break;
            case 'resumed':
              log.info('the agent was already signed in');
              bridge?.update(change.agent);
              break;
            case 'unchanged':
              bridge?.update(change.agent);
              break;
            case 'signed-out':
              log.info('the agent signed out');
              bridge?.signedOut();
              break;
            case 'none':
              break;
          }
        },

        onUserError(error) {
          dataError = error;
          log.error(`${error.code}: ${error.message}`);
          showError();
        },

        onConnection(connected) {
          view.finesseConnected = connected;
          log.info(
            connected ? 'Finesse is connected' : 'Finesse is failing over',
          );
        },
      };
      return handlers;
    },
    (error) => {
      // Without Finesse there is no client log; the browser console is
      // the only place left, and the message holds no personal data.
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
