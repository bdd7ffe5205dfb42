import { ENVELOPE_FIELDS } from '../../src/protocol/index.js';

export type PostCall = [message: unknown, targetOrigin: string];

/** A real window (a same-origin iframe) whose postMessage is recorded. */
export interface RecordedHost {
  frame: HTMLIFrameElement;
  win: Window;
  /** Each message without its envelope, and the target origin. */
  calls: PostCall[];
  /** Each message's envelope, in the same order. */
  envelopes: Record<string, unknown>[];
}

const frames: HTMLIFrameElement[] = [];

/**
 * Creates a host window. The gadget posts to it at an origin this test page
 * does not have (the browser would drop the message), so each call is
 * recorded instead of delivered.
 */
export function recordedHost(): RecordedHost {
  const frame = document.createElement('iframe');
  frame.title = 'test host';
  document.body.append(frame);
  frames.push(frame);
  const win = frame.contentWindow!;
  const calls: PostCall[] = [];
  const envelopes: Record<string, unknown>[] = [];
  Object.defineProperty(win, 'postMessage', {
    configurable: true,
    value: (message: unknown, targetOrigin: string) => {
      const [bare, envelope] = splitEnvelope(message);
      calls.push([bare, targetOrigin]);
      envelopes.push(envelope);
    },
  });
  return { frame, win, calls, envelopes };
}

/** Removes every frame recordedHost created. */
export function removeRecordedHosts(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

/**
 * A posted message split into the family's part, which the contract checks
 * compare exactly, and the envelope this project adds beside it.
 */
export function splitEnvelope(
  message: unknown,
): [unknown, Record<string, unknown>] {
  if (typeof message !== 'object' || message === null) return [message, {}];

  const bare: Record<string, unknown> = { ...message };
  const envelope: Record<string, unknown> = {};
  for (const field of ENVELOPE_FIELDS) {
    if (field in bare) {
      envelope[field] = bare[field];
      delete bare[field];
    }
  }
  return [bare, envelope];
}
