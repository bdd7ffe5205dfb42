import {
  CHANNEL,
  ConnectionState,
  EventName,
  HEARTBEAT_INTERVAL_MS,
  isRegisterRequest,
  Subtopic,
  Topic,
  type AgentStateData,
  type AgentStateEvent,
  type LoginData,
  type LogoutData,
} from '../protocol/index.js';
import {
  FinesseState,
  SIGN_IN_REASON_CODE_ID,
} from '../session/agent-snapshot.js';
import { isGadgetMessage, type ReceivedMessage } from './is-gadget-message.js';

/** Where the gadget is, seen from the host page. */
export const Topology = {
  /** The host page is the gadget's own iframe. */
  Frame: 'frame',
  /** The host page embeds the Finesse desktop in an iframe. */
  Top: 'top',
} as const;

export type Topology = (typeof Topology)[keyof typeof Topology];

/** The state of the link to the gadget. */
export const LinkState = {
  /** Looking for the gadget and registering. */
  Connecting: 'connecting',
  /** Registered; messages are flowing. */
  Connected: 'connected',
  /** No message, not even a heartbeat, for `silenceMs`: re-registering. */
  Silent: 'silent',
} as const;

export type LinkState = (typeof LinkState)[keyof typeof LinkState];

/** Where a message sat in the gadget's stream. */
export interface MessageMeta {
  /** True when it repeats something that already happened. */
  replay: boolean;
  id: string | undefined;
  seq: number | undefined;
  session: string | undefined;
  sentAt: string | undefined;
}

/** What the application is told, one event per message. */
export type BridgeEvent =
  | { type: 'login'; data: LoginData; meta: MessageMeta }
  | {
      type: 'state';
      event: AgentStateEvent;
      data: AgentStateData;
      meta: MessageMeta;
    }
  | { type: 'logout'; data: LogoutData; meta: MessageMeta }
  | { type: 'connection'; state: ConnectionState; meta: MessageMeta }
  /**
   * The gadget says no agent is signed in, while the application was last
   * told of one: a Logout went missing (a gap, a reload).
   */
  | { type: 'cleared'; meta: MessageMeta };

/** The agent as far as the host knows. */
export interface AgentSnapshot {
  /** Whether an agent is signed in. */
  signedIn: boolean;
  /** The agent's Login, while signed in. */
  login: LoginData | undefined;
  /** The agent's latest state, once one was reported. */
  state: AgentStateData | undefined;
  /** Whether the desktop's connection to Finesse is up. */
  finesseConnected: boolean;
}

/** How to connect; only `finesseOrigins`, `source` and `onEvent` are needed. */
export interface FinesseBridgeOptions {
  /**
   * Exact origins of the Finesse desktop, e.g.
   * `https://finesse-a.example.org:8445`: list both nodes of a pair, since
   * a failover moves the desktop to the other one.
   */
  finesseOrigins: readonly string[];
  /** This application's name, 1 to 100 characters, no control characters. */
  source: string;
  /** Where the gadget is; `frame` by default. */
  topology?: Topology;
  /** With `top`: the iframe that holds the Finesse desktop. */
  desktopFrame?: HTMLIFrameElement;
  /** Every agent event, in order, each once. */
  onEvent: (event: BridgeEvent) => void;
  /** Every change of the link. */
  onLink?: (state: LinkState) => void;
  /**
   * Silence after which the gadget counts as gone. The default, 5
   * heartbeats, tolerates a browser that throttles a hidden desktop's
   * timers to once a minute.
   */
  silenceMs?: number;
  /** How often to register again until the gadget answers; default 1 s. */
  retryMs?: number;
  /**
   * How long a sign-out that may be a reload (a best-effort Logout, a
   * gadget answering before it knows the agent) waits for the agent to be
   * reported again before it is handed on; default 10 s, 0 for no hold.
   */
  reloadGraceMs?: number;
  /** The host page's window; `window` by default. */
  window?: Window;
}

/** A live link to the gadget. */
export interface FinesseBridge {
  /** The state of the link. */
  readonly link: LinkState;
  /** The agent as the gadget last described it. */
  current(): AgentSnapshot;
  /** Asks the gadget for the current state; the answer arrives as events. */
  requestState(): void;
  /** Stops listening and registering. */
  close(): void;
}

// How deep to look for the gadget's frame inside the desktop's frame.
const MAX_FRAME_DEPTH = 3;

const SIGNED_OUT = { signedIn: false, login: undefined, state: undefined };

/**
 * Connects a host application to the Finesse Host Bridge gadget: registers
 * in either topology (and again whenever either side reloads), checks the
 * origin, sender and shape of every message, hands the application typed
 * events, notices gaps and silence.
 *
 * Origins cannot tell gadgets apart: every gadget of the desktop shares the
 * Finesse origin. Once connected, the client listens to one gadget window
 * only, and in the `top` topology only to windows inside `desktopFrame`.
 *
 * @throws TypeError for a `finesseOrigins` entry that is not an exact
 *   origin, an empty list, or an unusable `source`
 */
export function connectToFinesse(options: FinesseBridgeOptions): FinesseBridge {
  const win = options.window ?? window;
  checkOptions(options);

  const origins = new Set(options.finesseOrigins);
  const topology = options.topology ?? Topology.Frame;
  const silenceMs = options.silenceMs ?? 5 * HEARTBEAT_INTERVAL_MS;
  const retryMs = options.retryMs ?? 1000;
  const graceMs = options.reloadGraceMs ?? 10_000;

  let link: LinkState = LinkState.Connecting;
  let gadget: { window: MessageEventSource; origin: string } | undefined;
  let invited: MessageEventSource | undefined;
  let session: string | undefined;
  let lastSeq = 0;
  let snapshot: AgentSnapshot = { ...SIGNED_OUT, finesseConnected: true };
  let pendingSignOut:
    { event: BridgeEvent; timer: ReturnType<typeof setTimeout> } | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setLink = (next: LinkState) => {
    if (next === link) return;
    link = next;
    options.onLink?.(next);
  };

  const emit = (event: BridgeEvent) => {
    if (!closed) options.onEvent(event);
  };

  const postTo = (target: MessageEventSource, origin: string) => {
    try {
      (target as Window).postMessage(request(options.source), origin);
    } catch {
      /* a window that has gone; the next attempt finds another */
    }
  };

  // Registers wherever the gadget may be. Each post names one exact
  // origin, so only a window of that origin can receive it.
  const register = () => {
    if (closed) return;

    for (const target of candidates()) {
      for (const origin of origins) postTo(target, origin);
    }
    clearTimeout(retryTimer);
    retryTimer = setTimeout(register, retryMs);
  };

  const candidates = (): Window[] => {
    if (topology === Topology.Frame) {
      return win.parent !== win ? [win.parent] : [];
    }

    const desktop = options.desktopFrame?.contentWindow;
    return desktop ? framesOf(desktop, MAX_FRAME_DEPTH) : [];
  };

  const expectHeartbeat = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      // The gadget is kept: if it speaks again, nothing was lost.
      setLink(LinkState.Silent);
      register();
    }, silenceMs);
  };

  // A window that may be the gadget: in a frame only the parent, in the
  // top topology only a frame inside the desktop.
  const mayBeGadget = (source: MessageEventSource): boolean =>
    topology === Topology.Frame
      ? source === win.parent
      : candidates().includes(source as Window);

  const onMessage = (event: MessageEvent) => {
    const source = event.source;
    if (!origins.has(event.origin) || !source) return;
    if (!isGadgetMessage(event.data)) return;
    if (!mayBeGadget(source)) return;

    const message = event.data;

    // A gadget that (re)started announces itself: register with it, and
    // let the regular attempt wait a full interval, so that it does not
    // cross this one's answer.
    if (message.subtopic === Subtopic.Hello) {
      invited = source;
      postTo(source, event.origin);
      clearTimeout(retryTimer);
      if (!gadget || link === LinkState.Silent) {
        retryTimer = setTimeout(register, retryMs);
      }
      return;
    }

    const fromGadget =
      gadget?.window === source && gadget.origin === event.origin;
    const isAck =
      message.subtopic === Subtopic.Register &&
      message.message.event === EventName.Registered;
    // Another window may take over only from a gadget that went quiet, or
    // by answering the Register this client sent after its Hello (a
    // reloaded gadget).
    const mayTakeOver =
      !gadget || link !== LinkState.Connected || source === invited;
    if (!fromGadget && !(isAck && mayTakeOver)) return;

    if (isAck) {
      gadget = { window: source, origin: event.origin };
      invited = undefined;
      clearTimeout(retryTimer);
      session = message.session;
      lastSeq = 0;
      setLink(LinkState.Connected);
    }
    expectHeartbeat();

    if (!inSequence(message)) return;
    handle(message);
  };

  // Drops repeats; on a gap, asks for the current state.
  const inSequence = (message: ReceivedMessage): boolean => {
    if (message.session !== undefined && message.session !== session) {
      session = message.session;
      lastSeq = 0;
    }
    const seq = message.seq;
    if (seq === undefined) return true;
    if (seq <= lastSeq) return false;

    const gap = lastSeq > 0 && seq > lastSeq + 1;
    lastSeq = seq;
    if (gap) bridge.requestState();
    return true;
  };

  // A sign-out that a reload also produces is held: the agent reported
  // again in time (same sign-in) cancels it.
  const holdSignOut = (event: BridgeEvent) => {
    if (pendingSignOut) return;
    if (graceMs <= 0) {
      snapshot = { ...snapshot, ...SIGNED_OUT };
      emit(event);
      return;
    }

    const timer = setTimeout(() => {
      pendingSignOut = undefined;
      snapshot = { ...snapshot, ...SIGNED_OUT };
      emit(event);
    }, graceMs);
    pendingSignOut = { event, timer };
  };

  const settleSignOut = (signedInAgain: boolean) => {
    if (!pendingSignOut) return;

    clearTimeout(pendingSignOut.timer);
    const { event } = pendingSignOut;
    pendingSignOut = undefined;
    if (!signedInAgain) {
      snapshot = { ...snapshot, ...SIGNED_OUT };
      emit(event);
    }
  };

  const tellConnection = (connected: boolean, meta: MessageMeta) => {
    if (connected === snapshot.finesseConnected) return;

    snapshot = { ...snapshot, finesseConnected: connected };
    const state = connected ? ConnectionState.Restored : ConnectionState.Lost;
    emit({ type: 'connection', state, meta });
  };

  const handle = (message: ReceivedMessage) => {
    const meta: MessageMeta = {
      replay: message.replay,
      id: message.id,
      seq: message.seq,
      session: message.session,
      sentAt: message.sentAt,
    };

    switch (message.subtopic) {
      case Subtopic.Login: {
        const data = message.message.data;
        // A replay of what the application already has (a second answer
        // to a registration, a reload) is not news: drop it.
        const known = message.replay && sameLogin(snapshot.login, data);
        settleSignOut(known);
        const state = known ? snapshot.state : undefined;
        snapshot = { ...snapshot, signedIn: true, login: data, state };
        if (!known) emit({ type: 'login', data, meta });
        break;
      }
      case Subtopic.SetAgentState: {
        const data = message.message.data;
        // Before any SetAgentState, the Login stands for the Not Ready a
        // sign-in starts in.
        const before = snapshot.state ?? signInStateOf(snapshot.login);
        const known = message.replay && sameAgentState(before, data);
        snapshot = { ...snapshot, signedIn: true, state: data };
        if (!known) {
          const event = message.message.event;
          emit({ type: 'state', event, data, meta });
        }
        break;
      }
      case Subtopic.Logout: {
        const event: BridgeEvent = {
          type: 'logout',
          data: message.message.data,
          meta,
        };
        // The page unloading is also a refresh: wait for the reload.
        if (message.message.data.bestEffort === 'true') {
          holdSignOut(event);
        } else {
          settleSignOut(false);
          snapshot = { ...snapshot, ...SIGNED_OUT };
          emit(event);
        }
        break;
      }
      case Subtopic.Connection:
        tellConnection(
          message.message.data.state === ConnectionState.Restored,
          meta,
        );
        break;
      case Subtopic.Heartbeat:
        // A connection message may have been missed (a gap, a late
        // registration): the heartbeat says how things are.
        tellConnection(message.message.data.finesseConnected === 'true', meta);
        break;
      case Subtopic.Register:
      case Subtopic.GetAgentState:
        // A gadget that has just started may answer before it knows the
        // agent, so "no one" is held like a reload's sign-out.
        if (
          message.message.data.agentSignedIn === 'false' &&
          snapshot.signedIn
        ) {
          holdSignOut({ type: 'cleared', meta });
        }
        break;
      default:
        break;
    }
  };

  const bridge: FinesseBridge = {
    get link() {
      return link;
    },
    current: () => ({ ...snapshot }),
    requestState() {
      if (!gadget) return;
      try {
        (gadget.window as Window).postMessage(
          {
            ...request(options.source),
            topic: Topic.Agent,
            subtopic: Subtopic.GetAgentState,
          },
          gadget.origin,
        );
      } catch {
        /* the gadget has gone; silence will tell */
      }
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      if (pendingSignOut) clearTimeout(pendingSignOut.timer);
      win.removeEventListener('message', onMessage);
    },
  };

  win.addEventListener('message', onMessage);
  register();
  return bridge;
}

function request(source: string) {
  return {
    channel: CHANNEL,
    topic: Topic.Channel,
    subtopic: Subtopic.Register,
    source,
  };
}

function checkOptions(options: FinesseBridgeOptions) {
  if (options.finesseOrigins.length === 0) {
    throw new TypeError('finesseOrigins: list at least one origin');
  }
  for (const origin of options.finesseOrigins) {
    // A wildcard would hand the registration to any page at all.
    if (origin === '*' || origin !== new URL(origin).origin) {
      throw new TypeError(`finesseOrigins: "${origin}" is not an exact origin`);
    }
  }
  // The gadget ignores a registration it cannot use, without a word.
  if (!isRegisterRequest(request(options.source))) {
    throw new TypeError(
      'source: 1 to 100 characters, without control characters',
    );
  }
}

// The desktop's frames, breadth first: the gadget's frame is among them.
// A cross-origin window exposes its child frames, if nothing else.
function framesOf(root: Window, depth: number): Window[] {
  const found: Window[] = [];
  let level: Window[] = [root];
  for (let d = 0; d < depth && level.length > 0; d += 1) {
    const next: Window[] = [];
    for (const parent of level) {
      for (let i = 0; i < parent.length; i += 1) {
        const child = parent[i];
        if (child) next.push(child);
      }
    }
    found.push(...next);
    level = next;
  }
  return found;
}

function sameLogin(a: LoginData | undefined, b: LoginData): boolean {
  return (
    a !== undefined &&
    a.loginId === b.loginId &&
    a.stateChangeTime === b.stateChangeTime
  );
}

type StateKey = Pick<
  AgentStateData,
  'state' | 'stateChangeTime' | 'reasonCodeId'
>;

function signInStateOf(login: LoginData | undefined): StateKey | undefined {
  return (
    login && {
      state: FinesseState.NotReady,
      stateChangeTime: login.stateChangeTime,
      reasonCodeId: SIGN_IN_REASON_CODE_ID,
    }
  );
}

function sameAgentState(a: StateKey | undefined, b: AgentStateData): boolean {
  return (
    a !== undefined &&
    a.state === b.state &&
    a.stateChangeTime === b.stateChangeTime &&
    a.reasonCodeId === b.reasonCodeId
  );
}
