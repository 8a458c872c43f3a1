const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from here on toISOString writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedDayPrefix = "";

/**
 * `new Date(ms).toISOString()`, the same text and the same RangeError for an invalid
 * time, without a Date for every call: the day's "YYYY-MM-DDT" is kept and only the
 * time of day is written. A turn stamps each of its events, so this runs once a turn.
 */
export function isoTime(ms: number): string {
  const time = Math.trunc(ms);
  const day = Math.floor(time / DAY_MS);
  if (day !== cachedDay || !(time >= 0 && time < YEAR_10000)) {
    const text = new Date(ms).toISOString();
    if (time >= 0 && time < YEAR_10000) {
      cachedDay = day;
      cachedDayPrefix = text.slice(0, 11);
    }
    return text;
  }
  let rest = time - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
