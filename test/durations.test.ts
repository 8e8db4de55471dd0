import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ArmError } from "../src/arm/errors.js";
import { after, readDuration } from "../src/jobs/durations.js";

const at = (iso: string) => Date.parse(iso);

describe("clock durations", () => {
  test("months and years step the calendar, ending on the target month's last day", () => {
    const jan31 = at("2030-01-31T03:46:00Z");
    assert.equal(after(jan31, readDuration("P1M")), at("2030-02-28T03:46:00Z"));
    assert.equal(
      after(at("2028-02-29T00:00:00Z"), readDuration("P1Y")),
      at("2029-02-28T00:00:00Z"),
    );
    assert.equal(after(jan31, readDuration("P1Y2M")), at("2031-03-31T03:46:00Z"));
  });

  test("days, hours, minutes and seconds add exactly", () => {
    const start = at("2026-12-03T16:00:00Z");
    assert.equal(after(start, readDuration("P1DT2H3M4.5S")), at("2026-12-04T18:03:04.500Z"));
    assert.equal(after(start, readDuration("P1W")), at("2026-12-10T16:00:00Z"));
  });

  test("a text that is no duration, or a negative one, is a 400", () => {
    for (const text of ["30 minutes", "-PT1M"]) {
      assert.throws(
        () => readDuration(text),
        (error: unknown) => error instanceof ArmError && error.status === 400,
      );
    }
  });
});
