// ISO 8601 durations as the clock control takes them ("PT30M", "P1D", "P1M"), applied on the
// UTC calendar.

import { parse as parseDuration, type Duration } from "tinyduration";

import { errors } from "../arm/errors.js";

/** Reads an ISO 8601 duration; months and years are calendar months and years. */
export function readDuration(text: string): Duration {
  let duration: Duration;
  try {
    duration = parseDuration(text);
  } catch {
    throw errors.invalidInput(
      "InvalidDuration",
      `'${text}' is not an ISO 8601 duration. Examples: PT30S, PT30M, PT1H30M, P1D, P1M.`,
    );
  }
  if (duration.negative) {
    throw errors.invalidInput("InvalidDuration", "The clock only moves forward.");
  }
  return duration;
}

/**
 * The instant `duration` after `from`, stepping years and months on the UTC calendar. A day
 * the target month lacks becomes its last day (Jan 31 + P1M is Feb 28), as .NET's AddMonths
 * and most calendars do, rather than spilling into the month after.
 */
export function after(from: number, duration: Duration): number {
  const date = new Date(from);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCFullYear(
    date.getUTCFullYear() + (duration.years ?? 0),
    date.getUTCMonth() + (duration.months ?? 0),
  );
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
  date.setUTCDate(Math.min(day, lastDay.getUTCDate()));
  const days = (duration.weeks ?? 0) * 7 + (duration.days ?? 0);
  const seconds =
    days * 86400 +
    (duration.hours ?? 0) * 3600 +
    (duration.minutes ?? 0) * 60 +
    (duration.seconds ?? 0);
  return date.getTime() + seconds * 1000;
}
