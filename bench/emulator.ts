// The emulator under test, in a process of its own: forked by bench/run.ts so the load generator
// neither competes with it for one event loop nor counts towards its memory. It talks to the
// parent only over the IPC channel and stops when the parent asks or goes away.

import { startEmulator } from "../src/index.js";

/** Messages from bench/run.ts. */
export type ToEmulator = { type: "memory" } | { type: "stop" };

/** Messages to bench/run.ts. */
export type FromEmulator =
  | { type: "ready"; url: string; ca: string | null; token: string }
  | { type: "memory"; memory: NodeJS.MemoryUsage }
  | { type: "failed"; message: string };

/** A hard stop in case the parent neither asks nor disconnects (a run never takes this long). */
const WATCHDOG_MS = 180_000;

function send(message: FromEmulator): void {
  process.send?.(message);
}

if (!process.send) {
  console.error("bench/emulator.ts is started by bench/run.ts (npm run bench), not on its own.");
  process.exit(2);
}

const watchdog = setTimeout(() => process.exit(3), WATCHDOG_MS);
watchdog.unref();

try {
  const emulator = await startEmulator({
    inMemory: true,
    host: "127.0.0.1",
    port: 0,
    silent: true,
    demo: true,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emulator.stop();
    process.disconnect?.();
    process.exit(0);
  };

  process.on("message", (message: ToEmulator) => {
    if (message.type === "memory") {
      // Collect first when allowed, so heapUsed is what is retained rather than garbage that
      // happens not to have been swept yet; run.ts forks this process with --expose-gc.
      globalThis.gc?.();
      send({ type: "memory", memory: process.memoryUsage() });
    } else if (message.type === "stop") {
      void stop();
    }
  });
  // The parent died or exited without asking: never leave a listening server behind.
  process.on("disconnect", () => void stop());

  send({ type: "ready", url: emulator.url, ca: emulator.ca, token: await emulator.token() });
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
