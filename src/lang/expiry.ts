/** When a time-boxed waiver in the Input stops applying. */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * When an exception stops applying, in ms since the epoch: the end of a date
 * (`2027-03-31` covers that whole day, UTC) or an RFC 3339 timestamp.
 * Undefined for anything else, including dates that do not exist.
 */
export function expiryInstant(expires: string): number | undefined {
  const date = DATE.exec(expires) ?? TIMESTAMP.exec(expires);
  if (date === null) return undefined;
  const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  if (date.length === 4) return day.getTime() + DAY_MS;
  if (Number(date[4]) > 23 || Number(date[5]) > 59 || Number(date[6]) > 60) return undefined;
  const t = Date.parse(expires.toUpperCase());
  return Number.isNaN(t) ? undefined : t;
}
