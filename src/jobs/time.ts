// Times as Site Recovery writes them: UTC, up to seven fractional digits (.NET ticks) with
// trailing zeros dropped, and no offset other than `Z`.

/** What Site Recovery shows for a task time that has not happened yet. */
export const UNSET_TIME = "0001-01-01T00:00:00";

const TICK_DIGITS = 4; // digits of a millisecond kept: one tick is 0.0001 ms

function wholeSecondsPart(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/**
 * Splits `ms` into whole milliseconds and ticks within that millisecond. Reads the shortest
 * decimal form of the number, because at epoch scale a double cannot hold the tick digit
 * exactly and arithmetic would print noise (641.851 would come out as 641.8511).
 */
function splitTicks(ms: number): { wholeMs: number; ticks: number } {
  const text = ms.toString();
  if (ms < 0 || text.includes("e")) {
    const wholeMs = Math.floor(ms);
    return { wholeMs, ticks: Math.round((ms - wholeMs) * 10 ** TICK_DIGITS) };
  }
  const [whole = "0", fraction = ""] = text.split(".");
  const digits = fraction.padEnd(TICK_DIGITS + 1, "0");
  const roundUp = Number(digits[TICK_DIGITS]) >= 5 ? 1 : 0;
  return { wholeMs: Number(whole), ticks: Number(digits.slice(0, TICK_DIGITS)) + roundUp };
}

/** Full precision, e.g. `2017-04-27T12:46:04.641851Z`. `ms` may carry sub-millisecond digits. */
export function formatTime(ms: number): string {
  let { wholeMs, ticks } = splitTicks(ms);
  if (ticks >= 10 ** TICK_DIGITS) {
    wholeMs += 1;
    ticks = 0;
  }
  const msInSecond = ((wholeMs % 1000) + 1000) % 1000;
  const fraction = String(msInSecond * 10 ** TICK_DIGITS + ticks)
    .padStart(3 + TICK_DIGITS, "0")
    .replace(/0+$/, "");
  const base = wholeSecondsPart(wholeMs);
  return fraction === "" ? `${base}Z` : `${base}.${fraction}Z`;
}

/** Truncated to the second, as Site Recovery reports a job's endTime: `2017-04-27T12:46:11Z`. */
export function formatWholeSeconds(ms: number): string {
  return `${wholeSecondsPart(ms)}Z`;
}

/**
 * Reads a UTC time with up to seven fractional digits without losing the digits past the
 * millisecond that Date.parse drops; NaN when it is not a time.
 */
export function parseTime(text: string): number {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!match) return Date.parse(text);
  const [, seconds = "", fraction = "", zone = "Z"] = match;
  const whole = Date.parse(`${seconds}${zone}`);
  return whole + Number(`0.${fraction || "0"}`) * 1000;
}
