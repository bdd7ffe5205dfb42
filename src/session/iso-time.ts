// Finesse writes YYYY-MM-DDThh:mm:ss.SSSZ; offsets and missing seconds or
// milliseconds are accepted too. Anything looser is refused, because
// Date.parse alone accepts strings such as "1" or "May 5".
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `raw` in milliseconds since the epoch, or undefined if not a time. */
export function parseIsoTime(raw: string): number | undefined {
  if (!ISO_TIME.test(raw)) return undefined;

  const ms = new Date(raw).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * `raw` as ISO 8601 UTC with milliseconds, or `fallback` in that form when
 * `raw` is empty or not a time. Never returns "Invalid Date".
 */
export function toIsoTime(raw: string, fallback: Date): string {
  const ms = parseIsoTime(raw);
  return new Date(ms ?? fallback.getTime()).toISOString();
}
