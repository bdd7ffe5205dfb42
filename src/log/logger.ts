/**
 * The gadget's logger. Lines go to one sink (the Finesse client log in
 * production, which prefixes each line with the gadget's id). `info` and
 * `error` lines must never carry a person's name or identifiers; anything
 * that might goes through `debug`, which writes nothing unless debug
 * logging is on.
 */
export interface Logger {
  readonly debugEnabled: boolean;
  info(message: string): void;
  error(message: string): void;
  /** Written only when debug logging is on. */
  debug(message: string, details?: unknown): void;
}

/** Creates a logger writing prefixed lines to `sink`. */
export function createLogger(
  sink: (line: string) => void,
  debugEnabled: boolean,
): Logger {
  const write = (level: string, message: string) => {
    // A failing sink must never break the gadget's own work.
    try {
      sink(`${level}: ${message}`);
    } catch {
      /* best effort */
    }
  };

  return {
    debugEnabled,
    info: (message) => write('info', message),
    error: (message) => write('error', message),
    debug: (message, details) => {
      if (!debugEnabled) return;

      const suffix = details === undefined ? '' : ` ${describe(details)}`;
      write('debug', message + suffix);
    },
  };
}

function describe(details: unknown): string {
  try {
    return JSON.stringify(details) ?? String(details);
  } catch {
    return String(details);
  }
}

/** A logger that drops everything, for callers that have none. */
export const silentLogger: Logger = createLogger(() => {}, false);
