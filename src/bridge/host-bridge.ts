import { silentLogger, type Logger } from '../log/logger.js';
import {
  buildAgentStateReply,
  buildHelloMessage,
  buildRegisteredMessage,
  isGetAgentStateRequest,
  isRegisterRequest,
  PROTOCOL_VERSION,
  randomId,
  Subtopic,
  withEnvelope,
  type OutgoingMessage,
} from '../protocol/index.js';

/** A window that registered, and what it called itself. */
export interface RegisteredHost {
  origin: string;
  source: string;
}

/** The last message that left the gadget. */
export interface SentMessage {
  /** Topic and subtopic, e.g. "Agent/Login". */
  kind: string;
  origin: string;
  replay: boolean;
  at: Date;
}

/** What the gadget shows about its hosts. */
export interface BridgeStatus {
  hosts: readonly RegisteredHost[];
  lastSent: SentMessage | undefined;
}

/** The part of a window the bridge posts to. */
export interface HostWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  /** True once the window is gone (a removed iframe, a closed tab). */
  readonly closed?: boolean;
}

interface HostLink extends RegisteredHost {
  /**
   * The `seq` of the last message sent to this window; -1 for a window
   * that has not registered (its messages carry 0).
   */
  seq: number;
}

export interface HostBridgeOptions {
  /** Exact origins allowed to register; every other sender is ignored. */
  allowedOrigins: readonly string[];
  log?: Logger;
  /** Called after every registration and every message sent. */
  onStatus?: (status: BridgeStatus) => void;
  now?: () => Date;
  /** This gadget instance's id on the wire; random by default. */
  session?: string;
}

/**
 * How many live messages are kept for an origin that has not registered
 * yet. Past that, the origin gets the current state instead.
 */
export const MAX_WAITING_MESSAGES = 100;

/**
 * Everything about the host windows: who may register, who has, what each
 * must be told, and posting to each at its exact origin.
 *
 * A registered host receives every live message from then on. An origin
 * that has not registered yet has its live messages kept (up to
 * {@link MAX_WAITING_MESSAGES}), so that a host that loads after the
 * gadget (as an embedded host always does) still receives the sign-in as
 * news, once. Any other registration, such as a host reload, receives the
 * current state instead, marked as a replay.
 */
export class HostBridge {
  readonly #hosts = new Map<HostWindow, HostLink>();
  readonly #allowed: ReadonlySet<string>;
  readonly #log: Logger;
  readonly #waiting = new Map<string, OutgoingMessage[] | 'overflow'>();
  #current: readonly OutgoingMessage[] = [];
  #lastSent: SentMessage | undefined;
  readonly #session: string;
  #sent = 0;

  readonly #options: HostBridgeOptions;

  constructor(options: HostBridgeOptions) {
    this.#options = options;
    this.#allowed = new Set(options.allowedOrigins);
    this.#log = options.log ?? silentLogger;
    this.#session = options.session ?? randomId();
    for (const origin of this.#allowed) this.#waiting.set(origin, []);
  }

  /**
   * Handles a `message` event of the gadget's window: a Register or a
   * GetAgentState. Checks run in the same order every time: a sender
   * window, the request's shape, an allowed origin, and for GetAgentState
   * a window that registered from that origin.
   */
  readonly handleMessage = (event: MessageEvent): void => {
    const source = event.source;
    if (!isWindow(source)) return;

    // The container's own traffic passes here too: anything that is not
    // one of our requests is ignored without a word, even in debug.
    const data: unknown = event.data;
    const registering = isRegisterRequest(data);
    if (!registering && !isGetAgentStateRequest(data)) return;

    if (!this.#allowed.has(event.origin)) {
      this.#log.debug(`ignored a request from ${event.origin}`);
      return;
    }

    if (registering) {
      this.#register(source, event.origin, data.source);
      return;
    }

    // Only a window that registered, from the origin it registered from,
    // may ask again.
    const link = this.#hosts.get(source);
    if (link?.origin !== event.origin) {
      this.#log.debug(`ignored a request from an unregistered window`);
      return;
    }
    this.#send(source, link, buildAgentStateReply(this.#current.length > 0));
    for (const message of this.#current) this.#send(source, link, message);
  };

  /** Something new happened: every host is told, once. */
  publish(message: OutgoingMessage): void {
    for (const [window, link] of this.#hosts) this.#send(window, link, message);

    // A new sign-in starts a new story for hosts still to come.
    const startsOver = message.subtopic === Subtopic.Login;
    for (const [origin, queue] of this.#waiting) {
      if (startsOver) this.#waiting.set(origin, [message]);
      else if (queue === 'overflow') continue;
      else if (queue.length < MAX_WAITING_MESSAGES) queue.push(message);
      else this.#waiting.set(origin, 'overflow');
    }
  }

  /**
   * What a host that registers from now on must learn: the current state,
   * as replay-marked messages (empty when no agent is signed in).
   *
   * @param tellRegistered also send them to the hosts registered now, for
   *   news that is not new (the gadget learnt of a sign-in that happened
   *   before it started)
   */
  setCurrent(
    messages: readonly OutgoingMessage[],
    tellRegistered = false,
  ): void {
    this.#current = messages;
    if (!tellRegistered) return;

    for (const [window, link] of this.#hosts) {
      for (const message of messages) this.#send(window, link, message);
    }
  }

  /**
   * Tells `target` (a window that may hold a host, such as the desktop's
   * top window) that the gadget has started, so that a host there can
   * register without searching for the gadget. It is posted once per
   * allowed origin; the browser delivers only the one that matches.
   */
  announce(target: HostWindow): void {
    for (const origin of this.#allowed) {
      this.#send(target, { origin, source: '', seq: -1 }, buildHelloMessage());
    }
  }

  /** Sends `message` to every registered host, as a sign of life. */
  heartbeat(message: OutgoingMessage): void {
    for (const [window, link] of this.#hosts) {
      this.#send(window, link, message, true);
    }
  }

  /** The current hosts and the last message sent. */
  get status(): BridgeStatus {
    const hosts = [...this.#hosts.values()].map(({ origin, source }) => ({
      origin,
      source,
    }));
    return { hosts, lastSent: this.#lastSent };
  }

  #register(window: HostWindow, origin: string, source: string) {
    // A window that registers again starts counting again.
    const link: HostLink = { origin, source, seq: 0 };
    this.#hosts.set(window, link);
    this.#log.info(`host "${source}" registered from ${origin}`);
    const signedIn = this.#current.length > 0;
    this.#send(window, link, buildRegisteredMessage(source, signedIn));

    const queued = this.#waiting.get(origin);
    this.#waiting.delete(origin);
    // Kept messages are news only while their sign-in lasts; after a
    // sign-out the host just learns that no one is signed in.
    const news =
      signedIn &&
      Array.isArray(queued) &&
      queued[0]?.subtopic === Subtopic.Login
        ? queued
        : this.#current;
    for (const message of news) this.#send(window, link, message);

    this.#options.onStatus?.(this.status);
  }

  #send(
    window: HostWindow,
    link: HostLink,
    message: OutgoingMessage,
    quiet = false,
  ) {
    if (window.closed) {
      // The host went away (its frame was removed, its tab closed).
      this.#hosts.delete(window);
      this.#log.debug(`dropped a host of ${link.origin} that has gone`);
      this.#options.onStatus?.(this.status);
      return;
    }

    const at = this.#options.now?.() ?? new Date();
    if (link.seq >= 0) link.seq += 1;
    const sent = withEnvelope(message, {
      version: PROTOCOL_VERSION,
      // Unique without a random number per message: the session is random.
      id: `${this.#session}.${(this.#sent += 1)}`,
      seq: Math.max(link.seq, 0),
      session: this.#session,
      sentAt: at.toISOString(),
    });

    // The target origin is always the registering window's exact origin,
    // checked against the allowed list: if that window has navigated
    // elsewhere since, the browser drops the message instead of leaking it.
    try {
      window.postMessage(sent, link.origin);
    } catch (error) {
      this.#log.error(`could not post to ${link.origin}: ${String(error)}`);
      return;
    }

    const kind = `${message.topic}/${message.subtopic}`;
    if (quiet) return;

    this.#lastSent = { kind, origin: link.origin, replay: message.replay, at };
    this.#log.debug(`sent ${kind} to ${link.origin}`, sent);
    this.#options.onStatus?.(this.status);
  }
}

function isWindow(source: MessageEventSource | null): source is Window {
  if (source === null) return false;
  if (typeof MessagePort !== 'undefined' && source instanceof MessagePort) {
    return false;
  }
  return typeof (source as Window).postMessage === 'function';
}
