import {
  CHANNEL,
  HEARTBEAT_INTERVAL_MS,
  Subtopic,
  Topic,
  type AgentStateData,
  type AgentStateEvent,
  type ConnectionState,
  type LoginData,
  type LogoutData,
} from '../protocol/index.js';
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
  signedIn: boolean;
  login: LoginData | undefined;
  state: AgentStateData | undefined;
}

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
  /** Silence after which the gadget counts as gone; default 3 heartbeats. */
  silenceMs?: number;
  /** How often to register again until the gadget answers; default 1 s. */
  retryMs?: number;
  /** The host page's window; `window` by default. */
  window?: Window;
}

/** A live link to the gadget. */
export interface FinesseBridge {
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

/**
 * Connects a host application to the Finesse Host Bridge gadget: registers
 * in either topology (and again whenever either side reloads), checks the
 * origin, sender and shape of every message, hands the application typed
 * events, notices gaps and silence.
 */
export function connectToFinesse(options: FinesseBridgeOptions): FinesseBridge {
  const win = options.window ?? window;
  for (const origin of options.finesseOrigins) {
    // A wildcard would hand the registration to any page at all.
    if (origin === '*' || origin !== new URL(origin).origin) {
      throw new TypeError(`finesseOrigins: "${origin}" is not an exact origin`);
    }
  }
  const origins = new Set(options.finesseOrigins);
  const topology = options.topology ?? Topology.Frame;
  const silenceMs = options.silenceMs ?? 3 * HEARTBEAT_INTERVAL_MS;
  const retryMs = options.retryMs ?? 1000;

  let link: LinkState = LinkState.Connecting;
  let gadget: { window: MessageEventSource; origin: string } | undefined;
  let session: string | undefined;
  let lastSeq = 0;
  let snapshot: AgentSnapshot = {
    signedIn: false,
    login: undefined,
    state: undefined,
  };
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setLink = (next: LinkState) => {
    if (next === link) return;
    link = next;
    options.onLink?.(next);
  };

  const request = (subtopic: string) => ({
    channel: CHANNEL,
    topic: subtopic === Subtopic.Register ? Topic.Channel : Topic.Agent,
    subtopic,
    source: options.source,
  });

  const postTo = (target: Window | MessageEventSource, origin: string) => {
    try {
      (target as Window).postMessage(request(Subtopic.Register), origin);
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
      setLink(LinkState.Silent);
      gadget = undefined;
      register();
    }, silenceMs);
  };

  const onMessage = (event: MessageEvent) => {
    if (!origins.has(event.origin) || !event.source) return;
    if (!isGadgetMessage(event.data)) return;

    const message = event.data;

    // A gadget that (re)started announces itself: register with it. In a
    // frame, the gadget can only be the parent.
    if (message.subtopic === Subtopic.Hello) {
      if (topology === Topology.Top || event.source === win.parent) {
        postTo(event.source, event.origin);
        // The regular attempt waits a full interval again, so that it does
        // not cross this one's answer.
        clearTimeout(retryTimer);
        if (!gadget) retryTimer = setTimeout(register, retryMs);
      }
      return;
    }

    const fromGadget =
      gadget?.window === event.source && gadget.origin === event.origin;
    const isAck =
      message.subtopic === Subtopic.Register &&
      message.message.event === 'registered';
    if (!fromGadget && !isAck) return;
    if (topology === Topology.Frame && event.source !== win.parent) return;

    if (isAck) {
      gadget = { window: event.source, origin: event.origin };
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
        // to a registration, a reconnection) is not news: drop it.
        const known = message.replay && sameLogin(snapshot.login, data);
        const state = known ? snapshot.state : undefined;
        snapshot = { signedIn: true, login: data, state };
        if (!known) options.onEvent({ type: 'login', data, meta });
        break;
      }
      case Subtopic.SetAgentState: {
        const data = message.message.data;
        // Before any SetAgentState, the Login stands for the Not Ready a
        // sign-in starts in.
        const before = snapshot.state ?? signInStateOf(snapshot.login);
        const known = message.replay && sameState(before, data);
        snapshot = { ...snapshot, signedIn: true, state: data };
        if (!known) {
          options.onEvent({
            type: 'state',
            event: message.message.event,
            data,
            meta,
          });
        }
        break;
      }
      case Subtopic.Logout:
        snapshot = { signedIn: false, login: undefined, state: undefined };
        options.onEvent({ type: 'logout', data: message.message.data, meta });
        break;
      case Subtopic.Connection:
        options.onEvent({
          type: 'connection',
          state: message.message.data.state,
          meta,
        });
        break;
      case Subtopic.Register:
      case Subtopic.GetAgentState:
        // The answers say whether anyone is signed in; the Login and
        // state that follow fill in who.
        if (message.message.data.agentSignedIn === 'false') {
          const missed = snapshot.signedIn;
          snapshot = { signedIn: false, login: undefined, state: undefined };
          if (missed) options.onEvent({ type: 'cleared', meta });
        }
        break;
      default:
        // Heartbeats only keep the link alive.
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
          request(Subtopic.GetAgentState),
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
      win.removeEventListener('message', onMessage);
    },
  };

  win.addEventListener('message', onMessage);
  register();
  return bridge;
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

function signInStateOf(
  login: LoginData | undefined,
):
  | Pick<AgentStateData, 'state' | 'stateChangeTime' | 'reasonCodeId'>
  | undefined {
  return (
    login && {
      state: 'NOT_READY',
      stateChangeTime: login.stateChangeTime,
      reasonCodeId: '-1',
    }
  );
}

function sameState(
  a:
    | Pick<AgentStateData, 'state' | 'stateChangeTime' | 'reasonCodeId'>
    | undefined,
  b: AgentStateData,
): boolean {
  return (
    a !== undefined &&
    a.state === b.state &&
    a.stateChangeTime === b.stateChangeTime &&
    a.reasonCodeId === b.reasonCodeId
  );
}
