import { html, nothing, render } from 'lit/html.js';
import type { RegisteredHost, SentMessage } from '../bridge/host-bridge.js';
import { ErrorCode, type GadgetError } from '../error-code.js';
import { stateLabel, type AgentView } from './agent-view.js';
import { statusStyles } from './status-styles.js';

// Errors after which the gadget has no bridge at all. Finesse errors that
// come later leave the hosts with the last good agent data.
const STOPS_SENDING: ReadonlySet<string> = new Set([
  ErrorCode.ConfigInvalid,
  ErrorCode.FinesseMissing,
  ErrorCode.NoUserId,
  ErrorCode.GadgetFailed,
]);

/** How long the view waits before it renders what changed. */
export const RENDER_DELAY_MS = 50;

// Everything a web application needs, but not navigating the desktop
// itself away.
const HOST_SANDBOX = [
  'allow-scripts',
  'allow-same-origin',
  'allow-forms',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-modals',
  'allow-downloads',
].join(' ');

/** Everything the view shows. */
interface ViewState {
  hostUrl: string | undefined;
  agent: AgentView | undefined;
  hosts: readonly RegisteredHost[];
  lastSent: SentMessage | undefined;
  error: GadgetError | undefined;
  hostOverdue: boolean;
  finesseConnected: boolean;
}

const INITIAL_VIEW: ViewState = {
  hostUrl: undefined,
  agent: undefined,
  hosts: [],
  lastSent: undefined,
  error: undefined,
  hostOverdue: false,
  finesseConnected: true,
};

const VIEW_KEYS = Object.keys(INITIAL_VIEW) as (keyof ViewState)[];

/**
 * The gadget's face: a compact status of the signed-in agent and of the
 * host connection, above the host application's iframe. It only renders
 * what it is given; the Finesse and host logic live elsewhere.
 *
 * Lit's templates render it (escaping every value); Lit's reactive base
 * class is left out, because for seven properties it would cost a fifth
 * of the gadget's size budget. Setting a property below to a new value
 * schedules one render for any number of changes; setting the value it
 * already has does nothing. Values set before the element was upgraded
 * are kept.
 *
 * @fires layout-change - after each render, so the container can resize
 *   the gadget (bubbles: false, composed: false)
 */
export class FinesseHostBridge extends HTMLElement {
  /** The host application shown in the iframe; no iframe when unset. */
  declare hostUrl: string | undefined;

  /** The signed-in agent, or undefined before sign-in is known. */
  declare agent: AgentView | undefined;

  /** Hosts that registered, in order. */
  declare hosts: readonly RegisteredHost[];

  /** The last message sent to a host. */
  declare lastSent: SentMessage | undefined;

  /** A problem that stops the gadget from sending. */
  declare error: GadgetError | undefined;

  /**
   * Set when no host has registered long after the gadget started: the
   * host page may have failed to load or refused to be framed.
   */
  declare hostOverdue: boolean;

  /** Whether the desktop's connection to Finesse is up. Default true. */
  declare finesseConnected: boolean;

  static {
    for (const name of VIEW_KEYS) {
      Object.defineProperty(this.prototype, name, {
        get(this: FinesseHostBridge) {
          return this.#view[name];
        },
        set(this: FinesseHostBridge, value: unknown) {
          if (Object.is(this.#view[name], value)) return;

          this.#view = { ...this.#view, [name]: value };
          this.#requestRender();
        },
      });
    }
  }

  #view = INITIAL_VIEW;
  #rendered: Promise<void> | undefined;
  readonly #root = this.attachShadow({ mode: 'open' });

  constructor() {
    super();
    this.#root.adoptedStyleSheets = [statusStyles];

    // A value set on the element before its class was defined is an own
    // property that would hide the accessor for good: move it behind it.
    for (const name of VIEW_KEYS) {
      if (!Object.hasOwn(this, name)) continue;

      const value: unknown = this[name];
      delete this[name];
      (this as Record<keyof ViewState, unknown>)[name] = value;
    }

    this.#requestRender();
  }

  /** Resolves once the view shows every property set so far. */
  get updateComplete(): Promise<void> {
    return this.#rendered ?? Promise.resolve();
  }

  // The view follows the hosts: rendering (and the frame it causes) right
  // after a message would compete with that message's delivery, so the
  // view catches up a moment later, once for any number of changes.
  #requestRender() {
    this.#rendered ??= new Promise((resolve) => {
      setTimeout(resolve, RENDER_DELAY_MS);
    }).then(() => {
      this.#rendered = undefined;
      render(this.#template(), this.#root);
      this.dispatchEvent(new Event('layout-change'));
    });
  }

  #template() {
    return html`
      <section aria-label="Host bridge">
        ${this.#renderError()}
        <dl>
          <div class="row">
            <dt>Agent</dt>
            <dd>${this.#renderAgent()}</dd>
          </div>
          <div class="row">
            <dt>Host</dt>
            <dd><span role="status">${this.#renderHost()}</span></dd>
          </div>
          <div class="row">
            <dt>Last sent</dt>
            <dd>${this.#renderLastSent()}</dd>
          </div>
        </dl>
      </section>
      ${
        this.hostUrl
          ? html`<iframe
              src=${this.hostUrl}
              title="Host application"
              referrerpolicy="origin"
              sandbox=${HOST_SANDBOX}
            ></iframe>`
          : nothing
      }
    `;
  }

  #renderError() {
    const { error } = this;
    return error
      ? html`<p class="error" role="alert">
          <strong>${error.code}</strong> ${error.message}
        </p>`
      : nothing;
  }

  #renderAgent() {
    if (!this.agent) return muted('Waiting for Finesse');

    const { name, extension, teamName, state, reason } = this.agent;
    return html`<strong>${name || 'Unnamed agent'}</strong>
      ${extension && `Ext. ${extension}`} ${teamName}
      <b>${stateLabel(state)}${reason && ` · ${reason}`}</b>
      ${
        this.finesseConnected
          ? nothing
          : html`<b class="warn">Reconnecting to Finesse</b>`
      }`;
  }

  #renderHost() {
    if (this.error && STOPS_SENDING.has(this.error.code)) {
      return html`<b class="bad">Error</b> Nothing is sent.`;
    }
    if (this.hosts.length === 0 && this.hostOverdue) {
      return html`<b class="bad">No host</b> The host application has not
        registered: check that hostUrl loads and may be framed. The sign-in is
        kept.`;
    }
    if (this.hosts.length === 0) {
      return html`<b class="warn">Waiting</b> for the host application to
        register`;
    }

    return html`<b class="good">Registered</b> ${this.hosts.map(
        (host) => html` <bdi>${host.source}</bdi> ${muted(`(${host.origin})`)}`,
      )}`;
  }

  #renderLastSent() {
    const sent = this.lastSent;
    if (!sent) return muted('Nothing yet');

    return html`${sent.kind}${sent.replay ? ' (replay)' : ''}
      <span class="muted"
        >to ${sent.origin} at
        <time datetime=${sent.at.toISOString()}
          >${sent.at.toLocaleTimeString()}</time
        ></span
      >`;
  }
}

function muted(text: string) {
  return html`<span class="muted">${text}</span>`;
}

customElements.define('finesse-host-bridge', FinesseHostBridge);

declare global {
  interface HTMLElementTagNameMap {
    'finesse-host-bridge': FinesseHostBridge;
  }
}
