// The one validated configuration: contradictory options and out-of-range values are refused
// with a readable message, for the programmatic API as for the CLI.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { resolveConfig } from "../src/config.js";

describe("resolveConfig", () => {
  test("refuses inMemory with an explicit dataDir", () => {
    assert.throws(
      () => resolveConfig({ inMemory: true, dataDir: "/tmp/somewhere" }),
      /inMemory keeps nothing on disk, so dataDir \('\/tmp\/somewhere'\) would be ignored/,
    );
  });

  test("accepts inMemory alone, and a dataDir without inMemory", () => {
    assert.equal(resolveConfig({ inMemory: true }).inMemory, true);
    assert.equal(resolveConfig({ inMemory: true, dataDir: undefined }).inMemory, true);
    assert.equal(resolveConfig({ inMemory: false, dataDir: "d" }).dataDir, "d");
    assert.equal(resolveConfig({ dataDir: "d" }).dataDir, "d");
  });

  test("bounds the time scale to 1,000,000, naming the range", () => {
    assert.equal(resolveConfig({ timeScale: 1_000_000 }).timeScale, 1_000_000);
    assert.equal(resolveConfig({ timeScale: 0.5 }).timeScale, 0.5);
    for (const timeScale of [1_000_001, 1e308, Infinity, Number.NaN, 0, -1]) {
      assert.throws(() => resolveConfig({ timeScale }), /timeScale: .*/, `timeScale ${timeScale}`);
    }
    assert.throws(
      () => resolveConfig({ timeScale: 1e308 }),
      /timeScale: the time scale must be greater than 0 and at most 1000000/,
    );
  });

  test("refuses a certificate without its key, and a key without its certificate", () => {
    assert.throws(() => resolveConfig({ cert: "c.pem" }), /--cert and --key go together/);
    assert.throws(() => resolveConfig({ key: "k.pem" }), /--cert and --key go together/);
  });
});
