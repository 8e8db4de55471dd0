// Two emulator processes on one data directory, under concurrent load through both: every
// request gets its normal answer, never a lock error, and both serve the same certificate.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { Agent, request } from "undici";

import { mintToken } from "../src/arm/auth.js";
import { API, DEMO_VAULT_ID, DEMO_VAULT_PATH } from "./support/emulator.js";

const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
}

async function startProcess(dataDir: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", CLI, "start", "--port", "0", "--data-dir", dataDir],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  const url = /listening on (\S+)/.exec(line)?.[1];
  assert.ok(url, `no start-up line: ${line}`);
  return { child, url };
}

describe("two processes sharing a data directory", () => {
  let dataDir: string;
  let processes: Running[] = [];
  let dispatcher: Agent;
  let authorization: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "asr-emulator-shared-"));
    processes = await Promise.all([startProcess(dataDir), startProcess(dataDir)]);
    const ca = await readFile(join(dataDir, "tls", "cert.pem"), "utf8");
    dispatcher = new Agent({ connect: { ca }, connections: 8 });
    authorization = `Bearer ${await mintToken({ nowMs: Date.now() })}`;
  });

  after(async () => {
    for (const { child } of processes) {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
    await dispatcher.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function send(base: string, method: string, path: string, body?: unknown) {
    const answer = await request(`${base}${path}`, {
      method: method as "GET",
      dispatcher,
      headers: { authorization, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.body.text();
    return { status: answer.statusCode, text };
  }

  test("concurrent creates, cancels and lists through both never meet a lock", async () => {
    const statuses: string[] = [];
    const work = Array.from({ length: 40 }, async (_, index) => {
      const base = processes[index % 2]!.url;
      const created = await send(base, "POST", "/_emulator/jobs", {
        vaultId: DEMO_VAULT_ID,
        scenario: "PlannedFailover",
        taskSeconds: 600,
      });
      statuses.push(`create ${created.status}`);
      const name = (JSON.parse(created.text) as { name?: string }).name ?? "";
      const other = processes[(index + 1) % 2]!.url;
      const [cancel, list] = await Promise.all([
        send(other, "POST", `${DEMO_VAULT_PATH}/replicationJobs/${name}/cancel?${API}`),
        send(base, "GET", `${DEMO_VAULT_PATH}/replicationJobs?${API}`),
      ]);
      statuses.push(`cancel ${cancel.status}`, `list ${list.status}`);
    });
    await Promise.all(work);

    const unexpected = statuses.filter(
      (status) => !["create 201", "cancel 202", "list 200"].includes(status),
    );
    assert.deepEqual(unexpected, []);
  });
});
