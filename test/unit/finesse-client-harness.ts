// Test doubles for the host-side client (src/host): a fake host window whose
// 'message' listener is captured, a gadget stream that stamps envelopes, and
// a Finesse desktop frame with nested (same-origin, recorded) frames.
import {
  PROTOCOL_VERSION,
  withEnvelope,
  type Envelope,
} from '../../src/protocol/index.js';
import type { PostCall } from './host-window.js';

type Listener = (event: MessageEvent) => void;

/** The `window` option handed to connectToFinesse. */
export interface FakeHostWindow {
  win: Window;
  /** The 'message' listeners currently added. */
  listeners: Listener[];
  /** Every listener ever removed. */
  removed: Listener[];
  /** Delivers `data` to every listener as a MessageEvent. */
  deliver(
    data: unknown,
    origin: string,
    source: MessageEventSource | null,
  ): void;
}

/**
 * A host window whose parent is `parent` (the gadget's window in the frame
 * topology); `parent: 'self'` makes it a top-level window.
 */
export function fakeHostWindow(parent: Window | 'self'): FakeHostWindow {
  const listeners: Listener[] = [];
  const removed: Listener[] = [];
  const fake: Record<string, unknown> = {
    addEventListener(type: string, listener: Listener) {
      if (type === 'message') listeners.push(listener);
    },
    removeEventListener(type: string, listener: Listener) {
      if (type !== 'message') return;
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
      removed.push(listener);
    },
  };
  fake.parent = parent === 'self' ? fake : parent;
  fake.top = fake.parent;
  const win = fake as unknown as Window;
  return {
    win,
    listeners,
    removed,
    deliver(data, origin, source) {
      const event = new MessageEvent('message', { data, origin, source });
      for (const listener of [...listeners]) listener(event);
    },
  };
}

/** One gadget instance: stamps each message with its envelope. */
export class GadgetStream {
  seq = 0;

  constructor(readonly session = 'gadget-session-1') {}

  /** `message` with the next seq, or with `seq` (which then becomes current). */
  next<M extends object>(message: M, seq = this.seq + 1): M & Envelope {
    this.seq = Math.max(this.seq, seq);
    return withEnvelope(message, {
      version: PROTOCOL_VERSION,
      id: `${this.session}-${seq}-${Math.random().toString(16).slice(2)}`,
      seq,
      session: this.session,
      sentAt: '2025-03-04T08:00:13.000Z',
    });
  }
}

/** A same-origin window whose postMessage calls are recorded, not sent. */
export function recordPosts(win: Window): PostCall[] {
  const calls: PostCall[] = [];
  Object.defineProperty(win, 'postMessage', {
    configurable: true,
    value: (message: unknown, targetOrigin: string) => {
      calls.push([message, targetOrigin]);
    },
  });
  return calls;
}

/** The Finesse desktop's iframe, as the `top` topology's host embeds it. */
export interface DesktopFrame {
  frame: HTMLIFrameElement;
  /** The desktop's own window (the Finesse page). */
  desktop: Window;
  desktopCalls: PostCall[];
  /** Frames of the desktop: [toolbar, gadget container]. */
  children: Window[];
  childCalls: PostCall[][];
  /** The gadget's frame, nested in the second child. */
  gadget: Window;
  gadgetCalls: PostCall[];
}

const desktops: HTMLIFrameElement[] = [];

function childFrame(doc: Document, title: string): Window {
  const frame = doc.createElement('iframe');
  frame.title = title;
  doc.body.append(frame);
  return frame.contentWindow!;
}

/**
 * An iframe (the desktop) holding two frames, the second of which holds
 * the gadget's frame: depth 2, within the client's search depth.
 */
export function desktopFrame(): DesktopFrame {
  const frame = document.createElement('iframe');
  frame.title = 'finesse desktop';
  document.body.append(frame);
  desktops.push(frame);
  const desktop = frame.contentWindow!;
  const doc = frame.contentDocument!;
  const toolbar = childFrame(doc, 'toolbar');
  const container = childFrame(doc, 'gadget container');
  const gadget = childFrame(container.document, 'gadget');
  return {
    frame,
    desktop,
    desktopCalls: recordPosts(desktop),
    children: [toolbar, container],
    childCalls: [recordPosts(toolbar), recordPosts(container)],
    gadget,
    gadgetCalls: recordPosts(gadget),
  };
}

/** Removes every frame desktopFrame created. */
export function removeDesktopFrames(): void {
  for (const frame of desktops.splice(0)) frame.remove();
}
