/**
 * What the gadget remembers about the current sign-in across a reload of
 * the desktop, so that a refresh is not taken for a new sign-in.
 */
export interface SignInRecord {
  loginId: string;
  /** The sign-in time the Login carried (ISO 8601 UTC). */
  signInTime: string;
  /** The raw `stateChangeTime` of the latest User reading. */
  lastStateChangeTime: string;
}

/** Where a {@link SignInRecord} is kept. */
export interface SignInStore {
  load(): SignInRecord | undefined;
  save(record: SignInRecord): void;
  clear(): void;
  /** Writes anything not yet written; for when the page is going away. */
  flush(): void;
}

/** A store that forgets everything when the page goes away. */
export function memorySignInStore(): SignInStore {
  let record: SignInRecord | undefined;
  return {
    load: () => record,
    save: (next) => {
      record = { ...next };
    },
    clear: () => {
      record = undefined;
    },
    // Nothing outlives the page here.
    flush: () => {},
  };
}

const KEY = 'finesse-host-bridge.sign-in';

/** How long {@link sessionSignInStore} holds a save before writing it. */
export const STORE_WRITE_DELAY_MS = 500;

/**
 * A store in `sessionStorage`, which lives as long as the browser tab and
 * survives the desktop's reload. Where storage is refused (some embedded
 * frames), it falls back to memory and a refresh may then look like a new
 * sign-in.
 *
 * A new sign-in is written at the end of the task that saw it, so that
 * whatever reads the storage next (a reload, another copy of the gadget in
 * this tab) knows of it. Later readings only move `lastStateChangeTime`,
 * and writing storage costs more than everything else a reading does (in
 * Chromium it crosses to the browser process, just as the message to the
 * host does): those are kept in memory at once and written `writeDelayMs`
 * after the first of them (so at most once per `writeDelayMs`, however
 * many come), or at once by `flush`, which the page must call when it goes
 * away. A sign-out is written at once.
 */
export function sessionSignInStore(
  storage: Storage | undefined,
  writeDelayMs = STORE_WRITE_DELAY_MS,
): SignInStore {
  const memory = memorySignInStore();
  if (!storage) return memory;

  let pending = false;
  const flush = () => {
    if (!pending) return;
    pending = false;

    const record = memory.load();
    try {
      if (record) storage.setItem(KEY, JSON.stringify(record));
      else storage.removeItem(KEY);
    } catch {
      /* memory keeps it for this page */
    }
  };

  return {
    load() {
      const known = memory.load();
      if (known) return known;

      try {
        return parseRecord(storage.getItem(KEY));
      } catch {
        return undefined;
      }
    },
    save(record) {
      const known = memory.load();
      memory.save(record);

      const scheduled = pending;
      pending = true;
      const signIn =
        known?.loginId !== record.loginId ||
        known.signInTime !== record.signInTime;
      // A sign-in does not wait behind a write already on its way.
      if (signIn) queueMicrotask(flush);
      else if (!scheduled) setTimeout(flush, writeDelayMs);
    },
    clear() {
      memory.clear();
      pending = true;
      flush();
    },
    flush,
  };
}

// The stored text may have been written by an older build or edited by
// hand: only a record with three string fields is believed.
function parseRecord(text: string | null): SignInRecord | undefined {
  if (text === null) return undefined;

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;

  const { loginId, signInTime, lastStateChangeTime } = value as Record<
    string,
    unknown
  >;
  if (
    typeof loginId !== 'string' ||
    typeof signInTime !== 'string' ||
    typeof lastStateChangeTime !== 'string'
  ) {
    return undefined;
  }
  return { loginId, signInTime, lastStateChangeTime };
}
