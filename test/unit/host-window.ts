export type PostCall = [message: unknown, targetOrigin: string];

/** A real window (a same-origin iframe) whose postMessage is recorded. */
export interface RecordedHost {
  frame: HTMLIFrameElement;
  win: Window;
  calls: PostCall[];
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
  Object.defineProperty(win, 'postMessage', {
    configurable: true,
    value: (message: unknown, targetOrigin: string) => {
      calls.push([message, targetOrigin]);
    },
  });
  return { frame, win, calls };
}

/** Removes every frame recordedHost created. */
export function removeRecordedHosts(): void {
  for (const frame of frames.splice(0)) frame.remove();
}
