import { silentLogger, type Logger } from '../log/logger.js';
import {
  buildLoginMessage,
  buildRegisteredMessage,
  isRegisterRequest,
  type LoginMessage,
  type OutgoingMessage,
} from '../protocol/index.js';
import type { SignedInAgent } from '../session/sign-in-tracker.js';

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
}

export interface HostBridgeOptions {
  /** Exact origins allowed to register; every other sender is ignored. */
  allowedOrigins: readonly string[];
  log?: Logger;
  /** Called after every registration and every message sent. */
  onStatus?: (status: BridgeStatus) => void;
  now?: () => Date;
}

/**
 * Everything about the host windows: who may register, who has, what each
 * must be told, and posting to each at its exact origin.
 *
 * A registered host receives every event from then on. A host that
 * registers after a sign-in receives the current Login at once; it is
 * marked as a replay unless it announces a fresh sign-in that no window of
 * that origin has been told about yet, so an embedded host that loads
 * after the gadget still learns that the sign-in is new, and learns it
 * once.
 */
export class HostBridge {
  private readonly hosts = new Map<HostWindow, RegisteredHost>();
  private readonly allowed: ReadonlySet<string>;
  private readonly log: Logger;
  private agent: SignedInAgent | undefined;
  private freshFor: Set<string> | undefined;
  private lastSent: SentMessage | undefined;

  constructor(private readonly options: HostBridgeOptions) {
    this.allowed = new Set(options.allowedOrigins);
    this.log = options.log ?? silentLogger;
  }

  /**
   * Handles a `message` event of the gadget's window. Checks run in the
   * same order every time, cheapest first: a sender window, a
   * registration's shape, an allowed origin.
   */
  readonly handleMessage = (event: MessageEvent): void => {
    const source = event.source;
    if (!isWindow(source)) return;

    if (!isRegisterRequest(event.data)) {
      this.log.debug(`ignored a message from ${event.origin}: not ours`);
      return;
    }

    if (!this.allowed.has(event.origin)) {
      this.log.debug(`ignored a registration from ${event.origin}`);
      return;
    }

    this.register(source, event.origin, event.data.source);
  };

  /** A new sign-in: every registered host is told now. */
  signedIn(agent: SignedInAgent): void {
    this.agent = agent;
    this.freshFor = new Set(this.allowed);

    for (const [window, host] of this.hosts) {
      this.freshFor.delete(host.origin);
      this.send(window, host.origin, this.login(false));
    }
  }

  /**
   * The agent was signed in already (a refresh) or changed name or team:
   * no new sign-in is announced, but hosts that had not heard of the agent
   * are told now, and hosts registering later get these values.
   */
  update(agent: SignedInAgent): void {
    const firstNews = !this.agent;
    this.agent = agent;
    if (!firstNews) return;

    // Hosts that registered before the agent was known were told no one
    // is signed in; they learn it now, as a replay.
    this.freshFor = new Set();
    for (const [window, host] of this.hosts) {
      this.send(window, host.origin, this.login(true));
    }
  }

  /** The agent signed out: nothing is left to replay. */
  signedOut(): void {
    this.agent = undefined;
    this.freshFor = undefined;
  }

  /** The current hosts and the last message sent. */
  get status(): BridgeStatus {
    return { hosts: [...this.hosts.values()], lastSent: this.lastSent };
  }

  private register(window: HostWindow, origin: string, source: string) {
    this.hosts.set(window, { origin, source });
    this.log.info(`host "${source}" registered from ${origin}`);
    this.send(window, origin, buildRegisteredMessage(source, !!this.agent));

    if (this.agent) {
      const fresh = this.freshFor?.delete(origin) ?? false;
      this.send(window, origin, this.login(!fresh));
    }
    this.options.onStatus?.(this.status);
  }

  private login(replay: boolean): LoginMessage {
    const agent = this.agent!;
    return buildLoginMessage(agent.identity, agent.signInTime, replay);
  }

  private send(window: HostWindow, origin: string, message: OutgoingMessage) {
    // The target origin is always the registering window's exact origin,
    // checked against the allowed list: if that window has navigated
    // elsewhere since, the browser drops the message instead of leaking it.
    try {
      window.postMessage(message, origin);
    } catch (error) {
      this.log.error(`could not post to ${origin}: ${String(error)}`);
      return;
    }

    const kind = `${message.topic}/${message.subtopic}`;
    this.lastSent = {
      kind,
      origin,
      replay: message.replay,
      at: this.options.now?.() ?? new Date(),
    };
    this.log.debug(`sent ${kind} to ${origin}`, message);
    this.options.onStatus?.(this.status);
  }
}

function isWindow(source: MessageEventSource | null): source is Window {
  if (source === null) return false;
  if (typeof MessagePort !== 'undefined' && source instanceof MessagePort) {
    return false;
  }
  return typeof (source as Window).postMessage === 'function';
}
