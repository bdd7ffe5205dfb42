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
  };
}

const KEY = 'finesse-host-bridge.sign-in';

/**
 * A store in `sessionStorage`, which lives as long as the browser tab and
 * survives the desktop's reload. Where storage is refused (some embedded
 * frames), it falls back to memory and a refresh may then look like a new
 * sign-in.
 */
export function sessionSignInStore(storage: Storage | undefined): SignInStore {
  const fallback = memorySignInStore();
  if (!storage) return fallback;

  return {
    load() {
      try {
        return parseRecord(storage.getItem(KEY)) ?? fallback.load();
      } catch {
        return fallback.load();
      }
    },
    save(record) {
      fallback.save(record);
      try {
        storage.setItem(KEY, JSON.stringify(record));
      } catch {
        /* memory keeps it for this page */
      }
    },
    clear() {
      fallback.clear();
      try {
        storage.removeItem(KEY);
      } catch {
        /* memory is cleared already */
      }
    },
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
