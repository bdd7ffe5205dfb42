import type {
  FinesseLibrary,
  GadgetConfig,
  GadgetsApi,
  GadgetsPrefs,
  RestErrorResponse,
} from 'finesse-gadget-types';
import { ErrorCode, type GadgetError } from '../src/error-code.js';

/** The name this gadget logs under in the Finesse client log. */
export const GADGET_ID = 'FinesseHostBridge';

/** What the rest of the gadget may use of Finesse, as plain calls. */
export interface FinesseSession {
  /** The signed-in user's id, as Finesse gave it. */
  userId: string;
  /** A UserPref's value ("" when unset). */
  readPref(name: string): string;
  /** Writes one line to the Finesse client log. */
  clientLog(line: string): void;
  adjustHeight(): void;
}

/** What the gadget does with what Finesse reports. */
export interface FinesseHandlers {
  /** Every User reading: the load, then each change, as plain data. */
  onUserData(data: unknown): void;
  onUserError(error: GadgetError): void;
  /** The desktop's connection to Finesse dropped (false) or is back. */
  onConnection(connected: boolean): void;
}

/**
 * Boots the gadget the way Finesse gadgets boot. This module is the only
 * one that touches the `finesse` and `gadgets` globals.
 *
 * When the hub connects: initialise ClientServices with the gadget config,
 * then the client logger, then hand the session to `start`, then create
 * the one User and the container services.
 *
 * @param start called once, with the session, for the handlers
 * @param fail called when Finesse cannot be used at all
 */
export function bootFinesse(
  win: Window,
  start: (session: FinesseSession) => FinesseHandlers,
  fail: (error: GadgetError) => void,
): void {
  const { finesse, gadgets } = win;
  if (!finesse || !gadgets?.HubSettings) {
    fail({
      code: ErrorCode.FinesseMissing,
      message:
        'The Finesse library did not load: check the script paths in ' +
        'gadget.xml.',
    });
    return;
  }

  let connected = false;
  // Some desktops fire the connect hook more than once; a second User for
  // the same id would never load, so everything here runs once.
  gadgets.HubSettings.onConnect = () => {
    if (connected) return;
    connected = true;
    connect(finesse, gadgets, start, fail);
  };
}

function connect(
  finesse: FinesseLibrary,
  gadgets: GadgetsApi,
  start: (session: FinesseSession) => FinesseHandlers,
  fail: (error: GadgetError) => void,
) {
  let clientLog: ((line: string) => void) | undefined;
  // Once the client log exists, failures go there as well. Exception texts
  // are never passed on: they may quote Finesse data.
  const report = (error: GadgetError) => {
    guarded(() => clientLog?.(`error: ${error.code}: ${error.message}`));
    fail(error);
  };

  const prefs = new gadgets.Prefs();
  const config = finesse.gadget?.Config ?? configFromPrefs(prefs);
  try {
    finesse.clientservices.ClientServices.init(config);
    const logger = finesse.cslogger.ClientLogger;
    logger.init(gadgets.Hub, GADGET_ID, config);
    clientLog = (line) => logger.log(line);
  } catch {
    report({
      code: ErrorCode.FinesseMissing,
      message: 'The Finesse library failed to start; check its version.',
    });
    return;
  }

  // ClientServices.init fills config.id from the authorization pref.
  const userId = config.id;
  if (typeof userId !== 'string' || userId === '') {
    report({
      code: ErrorCode.NoUserId,
      message: 'Finesse gave the gadget no user id.',
    });
    return;
  }

  const log = clientLog;
  let handlers: FinesseHandlers;
  try {
    handlers = start({
      userId,
      readPref: (name) => prefs.getString(name),
      clientLog: log,
      adjustHeight: () => gadgets.window.adjustHeight(),
    });
  } catch {
    report({
      code: ErrorCode.GadgetFailed,
      message: 'The gadget failed to start.',
    });
    return;
  }

  // Our handlers run inside finesse.js's notifiers: a throw must not reach
  // it, and must not pass unnoticed either.
  const safely =
    <A extends unknown[]>(what: string, run: (...args: A) => void) =>
    (...args: A) => {
      if (!guarded(() => run(...args))) {
        log(`error: ${ErrorCode.GadgetFailed}: could not handle ${what}`);
      }
    };

  const services = finesse.clientservices.ClientServices;
  services.registerOnDisconnectHandler(
    safely('a disconnection', () => handlers.onConnection(false)),
  );
  services.registerOnConnectHandler(
    safely('a reconnection', () => handlers.onConnection(true)),
  );

  const onUser = safely('a User update', (user: { getData(): unknown }) =>
    handlers.onUserData(user.getData()),
  );
  new finesse.restservices.User({
    id: userId,
    onLoad: onUser,
    onChange: onUser,
    onError: safely('a User error', (response) =>
      handlers.onUserError(userError(response)),
    ),
  });

  // Height, title and spinner are comforts: without them the gadget still
  // does its work, so a failure here is logged, not fatal.
  const comforts = guarded(() => {
    const container = finesse.containerservices.ContainerServices;
    const containerServices = container.init();
    // adjustHeight only takes effect while the gadget's tab is visible.
    containerServices.addHandler(container.Topics.ACTIVE_TAB, () =>
      gadgets.window.adjustHeight(),
    );
    containerServices.makeActiveTabReq();
    gadgets.window.setTitle('Host Bridge');
    gadgets.loadingindicator?.dismiss();
    gadgets.window.adjustHeight();
  });
  if (!comforts) log('info: container services are unavailable');
}

/** Runs `task`; false if it threw. */
function guarded(task: () => void): boolean {
  try {
    task();
    return true;
  } catch {
    return false;
  }
}

// Desktops before 11.5 leave finesse.gadget.Config to the gadget; the
// container puts the same values in the prefs.
function configFromPrefs(prefs: GadgetsPrefs): GadgetConfig {
  const text = (name: string) => prefs.getString(name);
  return {
    authorization: text('authorization'),
    host: text('host'),
    hostPort: text('hostPort'),
    restHost: text('restHost'),
    scheme: text('scheme'),
    localhostFQDN: text('localhostFQDN'),
    localhostPort: text('localhostPort'),
    xmppDomain: text('xmppDomain'),
    pubsubDomain: text('pubsubDomain'),
    clientDriftInMillis: prefs.getInt('clientDriftInMillis'),
  };
}

function userError(response: RestErrorResponse | undefined): GadgetError {
  if (!response) {
    return {
      code: ErrorCode.UserLoadFailed,
      message:
        'Finesse refused to subscribe to the User (is the gadget in the ' +
        'layout twice?).',
    };
  }

  const status = typeof response.status === 'number' ? response.status : '';
  const type = response.error?.errorType ?? '';
  return {
    code: ErrorCode.UserLoadFailed,
    message: `Finesse could not load the User (${
      [status, type].filter((part) => part !== '').join(' ') || 'no detail'
    }).`,
  };
}
