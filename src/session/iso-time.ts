// Finesse writes YYYY-MM-DDThh:mm:ss.SSSZ; offsets and missing seconds or
// milliseconds are accepted too. Anything looser is refused, because
// Date.parse alone accepts strings such as "1" or "May 5".
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * `raw` as ISO 8601 UTC with milliseconds, or `fallback` in that form when
 * `raw` is empty or not a time. Never returns "Invalid Date".
 */
export function toIsoTime(raw: string, fallback: Date): string {
  if (ISO_TIME.test(raw)) {
    const parsed = new Date(raw);
    if (Number.isFinite(parsed.getTime())) return parsed.toISOString();
  }

  return fallback.toISOString();
}
