// startEmulator() as a user's test suite calls it, in a process of its own so that what it
// writes to stdout and stderr can be seen.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const INDEX = fileURLToPath(new URL("../src/index.ts", import.meta.url));

async function runScript(options: string) {
  const script =
    `const { startEmulator } = await import(${JSON.stringify(INDEX)});` +
    `const emu = await startEmulator(${options});` +
    `await emu.stop();`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, stdout, stderr };
}

describe("startEmulator in a user's test suite", () => {
  test("writes nothing to stdout or stderr by default", async () => {
    const run = await runScript("{ inMemory: true, port: 0 }");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, "");
  });

  test("logs when asked to, with debug", async () => {
    const run = await runScript("{ inMemory: true, port: 0, debug: true }");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /"msg":"listening"/);
  });
});
