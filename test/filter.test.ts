import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ArmError } from "../src/arm/errors.js";
import { parseJobFilter, queryFromParameters } from "../src/jobs/filter.js";

const utc = (iso: string) => Date.parse(iso);

/** Asserts a 400 whose Site Recovery detail carries `code`, and returns its message. */
function rejects(work: () => unknown, code = "InvalidFilter"): string {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ArmError, `expected an ArmError, got ${String(caught)}`);
  assert.equal(caught.status, 400);
  assert.equal(caught.detail?.code, code);
  assert.match(caught.message, /Accepted fields: StartTime, EndTime, JobStatus/);
  return caught.message;
}

describe("parseJobFilter fields", () => {
  test("an empty filter sets no condition", () => {
    assert.deepEqual(parseJobFilter("   "), {});
  });

  test("JobStatus", () => {
    assert.deepEqual(parseJobFilter("JobStatus eq 'Failed'"), { states: ["Failed"] });
    assert.deepEqual(parseJobFilter("jobStatus eq 'Failed'"), { states: ["Failed"] });
  });

  test("AffectedObjectTypes", () => {
    assert.deepEqual(parseJobFilter("AffectedObjectTypes eq 'ProtectionEntity'"), {
      targetInstanceTypes: ["ProtectionEntity"],
    });
    assert.deepEqual(parseJobFilter("affectedObjectTypes eq 'Fabric'"), {
      targetInstanceTypes: ["Fabric"],
    });
  });

  test("FabricId", () => {
    assert.deepEqual(parseJobFilter("FabricId eq 'fabric-1'"), { fabricIds: ["fabric-1"] });
    assert.deepEqual(parseJobFilter("fabricId eq 'fabric-1'"), { fabricIds: ["fabric-1"] });
  });

  test("JobName", () => {
    assert.deepEqual(parseJobFilter("JobName eq 'TestFailover'"), { jobNames: ["TestFailover"] });
    assert.deepEqual(parseJobFilter("jobname eq 'it''s'"), { jobNames: ["it's"] });
  });

  test("StartTime and EndTime bound the start time, with seven fractional digits", () => {
    const query = parseJobFilter(
      "StartTime eq '2021-04-06T00:00:00.0000000Z' and EndTime eq '2021-04-07T00:00:00.0000000Z'" +
        " and JobStatus eq 'Failed'",
    );
    assert.deepEqual(query, {
      startFrom: utc("2021-04-06T00:00:00Z"),
      startTo: utc("2021-04-07T00:00:00Z"),
      states: ["Failed"],
    });
  });

  test("camelCase times, fractional milliseconds and explicit zones", () => {
    const query = parseJobFilter(
      "startTime eq '2021-04-06T10:00:00.1234567+02:00' and endTime eq '2021-04-06'",
    );
    const from = query.startFrom ?? NaN;
    assert.ok(Math.abs(from - (utc("2021-04-06T08:00:00.123Z") + 0.4567)) < 1e-6);
    assert.equal(query.startTo, utc("2021-04-06T00:00:00Z"));
  });

  test("several StartTime or EndTime terms keep the narrowest window", () => {
    const query = parseJobFilter(
      "StartTime eq '2021-01-01T00:00:00Z' and StartTime eq '2021-02-01T00:00:00Z'" +
        " and EndTime eq '2021-05-01T00:00:00Z' and EndTime eq '2021-04-01T00:00:00Z'",
    );
    assert.equal(query.startFrom, utc("2021-02-01T00:00:00Z"));
    assert.equal(query.startTo, utc("2021-04-01T00:00:00Z"));
  });

  test("JobOutputType is accepted and narrows nothing", () => {
    assert.deepEqual(parseJobFilter("JobOutputType eq 'Excel'"), {});
  });
});

describe("parseJobFilter groups and offsets", () => {
  test("a parenthesised or-group lists values of one field", () => {
    assert.deepEqual(parseJobFilter("( JobStatus eq 'Failed' or JobStatus eq 'Cancelled' )"), {
      states: ["Failed", "Cancelled"],
    });
    const query = parseJobFilter(
      "( JobStatus eq 'Failed' or jobStatus eq 'Cancelled' or JOBSTATUS eq 'Succeeded' ) and " +
        "(FabricId eq 'f1' or FabricId eq 'f2')",
    );
    assert.deepEqual(query, {
      states: ["Failed", "Cancelled", "Succeeded"],
      fabricIds: ["f1", "f2"],
    });
  });

  test("the same field in several and-terms keeps the values all allow", () => {
    const query = parseJobFilter(
      "( JobStatus eq 'Failed' or JobStatus eq 'Cancelled' ) and JobStatus eq 'cancelled'",
    );
    assert.deepEqual(query, { states: ["Cancelled"] });
    assert.deepEqual(parseJobFilter("JobStatus eq 'Failed' and JobStatus eq 'Succeeded'"), {
      states: [],
    });
  });

  test("TimezoneOffset shifts times without a zone, quoted or not, before or after them", () => {
    const local = "StartTime eq '2021-04-06T05:30:00' and EndTime eq '2021-04-06T06:00:00Z'";
    for (const filter of [
      `${local} and TimezoneOffset eq 330`,
      `timezoneOffset eq '330' and ${local}`,
    ]) {
      assert.deepEqual(parseJobFilter(filter), {
        startFrom: utc("2021-04-06T00:00:00Z"),
        startTo: utc("2021-04-06T06:00:00Z"),
      });
    }
    const west = parseJobFilter("StartTime eq '2021-04-06T00:00:00' and TimezoneOffset eq -90.5");
    assert.equal(west.startFrom, utc("2021-04-06T01:30:30Z"));
  });

  test("times without a zone are UTC when no offset is given", () => {
    assert.deepEqual(parseJobFilter("StartTime eq '2021-04-06T05:30:00'"), {
      startFrom: utc("2021-04-06T05:30:00Z"),
    });
  });

  test("empty values set no condition", () => {
    const exportExample =
      "StartTime eq '' and EndTime eq '' and FabricId eq '' and AffectedObjectTypes eq '' and " +
      "JobStatus eq '' and JobName eq '' and TimezoneOffset eq '' and JobOutputType eq ''";
    assert.deepEqual(parseJobFilter(exportExample), {});
    assert.deepEqual(parseJobFilter("( JobStatus eq '' or JobStatus eq 'Failed' )"), {});
  });
});

describe("parseJobFilter rejections", () => {
  test("an unknown field names the field", () => {
    assert.match(
      rejects(() => parseJobFilter("TargetObjectId eq 'x'")),
      /'TargetObjectId'/,
    );
    rejects(() => parseJobFilter("properties/state eq 'x'"));
  });

  test("other operators", () => {
    assert.match(
      rejects(() => parseJobFilter("JobStatus ne 'Failed'")),
      /only 'eq'/,
    );
    rejects(() => parseJobFilter("StartTime ge '2021-04-06T00:00:00Z'"));
    rejects(() => parseJobFilter("not (JobStatus eq 'Failed')"));
  });

  test("an or-group over different fields", () => {
    const message = rejects(() => parseJobFilter("( JobStatus eq 'Failed' or FabricId eq 'f' )"));
    assert.match(message, /mixes fields/);
    rejects(() => parseJobFilter("JobStatus eq 'a' or JobStatus eq 'b' and FabricId eq 'c'"));
  });

  test("an or-group on a time or the offset", () => {
    rejects(() => parseJobFilter("( StartTime eq '2021-01-01' or StartTime eq '2021-02-01' )"));
    rejects(() => parseJobFilter("( TimezoneOffset eq 1 or TimezoneOffset eq 2 )"));
    rejects(() => parseJobFilter("TimezoneOffset eq 1 and TimezoneOffset eq 2"));
  });

  test("bad dates", () => {
    const dates = ["yesterday", "2021-02-30T00:00:00Z", "2021-04-06T24:00:00Z", "2021-4-6"];
    for (const value of dates) {
      assert.match(
        rejects(() => parseJobFilter(`StartTime eq '${value}'`)),
        /not a date/,
      );
    }
    rejects(() => parseJobFilter("EndTime eq '2021-13-01T00:00:00Z'"));
  });

  test("bad offsets and values", () => {
    rejects(() => parseJobFilter("TimezoneOffset eq 'east'"));
    rejects(() => parseJobFilter("TimezoneOffset eq 900"));
    rejects(() => parseJobFilter("JobStatus eq null"));
    rejects(() => parseJobFilter("JobStatus eq true"));
    rejects(() => parseJobFilter("JobOutputType eq 'Pdf'"));
    rejects(() => parseJobFilter("'Failed' eq JobStatus"));
  });

  test("syntax errors", () => {
    for (const filter of [
      "JobStatus eq",
      "JobStatus eq 'Failed' and",
      "JobStatus EQ 'Failed'",
      "JobStatus eq 'Failed' garbage",
      "( JobStatus eq 'Failed'",
      "JobStatus eq 'unterminated",
    ]) {
      assert.match(
        rejects(() => parseJobFilter(filter)),
        /not valid OData|unexpected text/,
      );
    }
  });
});

describe("queryFromParameters", () => {
  test("empty and absent values set no condition", () => {
    assert.deepEqual(
      queryFromParameters({
        startTime: "",
        endTime: "",
        fabricId: "",
        affectedObjectTypes: "",
        jobStatus: "",
        jobName: "",
        jobOutputType: "Excel",
      }),
      {},
    );
    assert.deepEqual(queryFromParameters({}), {});
  });

  test("each field maps to its condition, with comma-separated lists", () => {
    const query = queryFromParameters({
      startTime: "2021-04-06T05:30:00",
      endTime: "2021-04-07T00:00:00.0000000Z",
      fabricId: "f1",
      affectedObjectTypes: "ProtectionEntity",
      jobStatus: "Failed, Cancelled",
      jobName: "TestFailover",
      timezoneOffset: 330,
    });
    assert.deepEqual(query, {
      startFrom: utc("2021-04-06T00:00:00Z"),
      startTo: utc("2021-04-07T00:00:00Z"),
      fabricIds: ["f1"],
      targetInstanceTypes: ["ProtectionEntity"],
      states: ["Failed", "Cancelled"],
      jobNames: ["TestFailover"],
    });
  });

  test("bad values answer 400 InvalidJobQueryParameter", () => {
    rejects(() => queryFromParameters({ startTime: "soon" }), "InvalidJobQueryParameter");
    rejects(() => queryFromParameters({ timezoneOffset: 5000 }), "InvalidJobQueryParameter");
    const wrongType = { jobStatus: 3 } as unknown as { jobStatus: string };
    rejects(() => queryFromParameters(wrongType), "InvalidJobQueryParameter");
  });
});

describe("times before 1970", () => {
  test("accepts .NET's DateTime.MinValue as the start of a window", () => {
    const query = parseJobFilter("StartTime eq '0001-01-01T00:00:00Z'");
    // 0001-01-01 is 62,135,596,800 seconds before the Unix epoch.
    assert.equal(query.startFrom, -62_135_596_800_000);
  });
});
