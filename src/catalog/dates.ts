/**
 * Instants in catalog files: `YYYY-MM-DD` (midnight UTC) or a date-time with `Z` or an offset. A date-time
 * without an offset is refused, because JavaScript would read it in the machine's own time zone.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Epoch milliseconds of a catalog instant, or NaN when it is not one. */
export function instantMs(s: string): number {
  return INSTANT.test(s) ? Date.parse(s) : Number.NaN;
}
