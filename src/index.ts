// The programmatic API: start an emulator inside a test suite and get back everything an Azure
// SDK client needs to talk to it. The CLI is built on the same function.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { FastifyInstance } from "fastify";
import { pino, type Logger } from "pino";

import { emulatorCredential, mintToken, type EmulatorCredential } from "./arm/auth.js";
import { createSkipTokenCodec } from "./arm/paging.js";
import { SasSigner } from "./arm/sas.js";
import { resolveConfig, type EmulatorConfig, type EmulatorOptions } from "./config.js";
import { buildServer } from "./http/server.js";
import { ensureCertificate, loadCertificate } from "./http/tls.js";
import { BackgroundLoop } from "./jobs/backgroundLoop.js";
import { ScenarioCatalogue } from "./jobs/catalogue.js";
import { ClockControl, loadClock } from "./jobs/clockControl.js";
import { seedDemo, seedDemoInto } from "./jobs/demo.js";
import { ExportFiles } from "./jobs/exportFiles.js";
import { JobService } from "./jobs/service.js";
import { blobRoutes } from "./routes/blobs.js";
import { catchAllRoutes } from "./routes/catchAll.js";
import { controlRoutes } from "./routes/control.js";
import { healthRoutes } from "./routes/health.js";
import { replicationJobRoutes } from "./routes/replicationJobs.js";
import { resourceGroupRoutes } from "./routes/resourceGroups.js";
import { vaultRoutes } from "./routes/vaults.js";
import { openStore } from "./store/open.js";
import type { Store } from "./store/store.js";

export type { EmulatorConfig, EmulatorOptions } from "./config.js";
export { DEMO_VAULT } from "./jobs/demo.js";

/** How often the background loop applies due transitions, in real milliseconds. */
const TICK_MS = 200;
const MANAGEMENT_SCOPE = "https://management.azure.com/.default";

export interface RunningEmulator {
  /** e.g. https://127.0.0.1:8443 */
  url: string;
  /** The PEM certificate to trust, or null with --http. */
  certPath: string | null;
  ca: string | null;
  config: EmulatorConfig;
  /** A TokenCredential the Azure SDK accepts. */
  credential: EmulatorCredential;
  /** Options to spread into an Azure SDK client's options so it talks to this emulator. */
  clientOptions: {
    endpoint: string;
    $host: string;
    credentialScopes: string[];
    tlsOptions?: { ca: string };
  };
  /** A bearer token for raw HTTP clients. */
  token(): Promise<string>;
  stop(): Promise<void>;
}

function createLogger(config: EmulatorConfig): Logger {
  const level = config.silent ? "silent" : config.debug ? "debug" : "info";
  // Logs go to stderr so stdout stays free for the CLI's start-up line and tokens.
  return pino({ name: "asr-emulator", level }, pino.destination(2));
}

/** A secret kept in the store, so tokens it signs survive restarts and work across processes. */
async function storedSecret(store: Store, key: string): Promise<Buffer> {
  // Read and written in one transaction, so two processes starting together agree on one.
  const secret = await store.transaction(async (tx) => {
    const existing = await tx.getMeta(key);
    if (existing) return existing;
    const created = randomBytes(32).toString("base64");
    await tx.setMeta(key, created);
    return created;
  });
  return Buffer.from(secret, "base64");
}

async function certificateFor(config: EmulatorConfig, scratchDir: string | null) {
  if (config.http) return null;
  if (config.cert && config.key) return loadCertificate(config.cert, config.key);
  return ensureCertificate(scratchDir ?? config.dataDir);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // Inside a test suite the emulator keeps quiet unless asked: its logs would only mix into the
  // suite's own output. The CLI passes silent: false.
  const config = resolveConfig({ silent: !options.debug, ...options });
  const logger = createLogger(config);

  // In memory, nothing is kept: the generated certificate goes to a directory removed on stop.
  const scratchDir = config.inMemory ? await mkdtemp(join(tmpdir(), "asr-emulator-")) : null;
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  let loop: BackgroundLoop | undefined;
  let started = false;

  const stop = async () => {
    await loop?.stop();
    await app?.close();
    await store?.close();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
    if (started) logger.info("stopped");
  };

  try {
    store = await openStore(config);
    const catalogue = config.scenarios
      ? ScenarioCatalogue.fromFile(config.scenarios)
      : ScenarioCatalogue.builtIn();
    const clock = await loadClock(store, config.timeScale, logger);
    const service = new JobService(store, clock, catalogue, logger);
    const clockControl = new ClockControl(clock, store, service, config.timeScale);
    const signer = new SasSigner(await storedSecret(store, "sas-secret"));
    const skipTokens = createSkipTokenCodec(await storedSecret(store, "skip-token-secret"));

    if (config.demo) await seedDemo(service);
    const tls = await certificateFor(config, scratchDir);

    app = await buildServer({
      config,
      logger,
      tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
      modules: [
        healthRoutes(() => ({ clock: clockControl.view() })),
        resourceGroupRoutes(store),
        vaultRoutes(store),
        replicationJobRoutes({
          service,
          skipTokens,
          exportFiles: new ExportFiles(signer),
          pageSize: config.pageSize,
          retryAfterSeconds: config.retryAfter,
        }),
        blobRoutes(service, signer),
        controlRoutes(service, clockControl, (tx, now) => seedDemoInto(tx, service, now)),
        catchAllRoutes(),
      ],
    });
    await app.listen({ host: config.host, port: config.port });

    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const url = `${config.http ? "http" : "https"}://${host}:${port}`;

    // The engine also catches up before every read; this loop keeps jobs moving between reads,
    // and picks up clock changes made by another process on the same database.
    loop = new BackgroundLoop(
      async () => {
        await clockControl.refresh();
        await service.catchUp();
      },
      TICK_MS,
      (error) => logger.error({ err: error }, "background catch-up failed"),
    );
    loop.start();

    started = true;
    logger.info({ url, dataDir: config.inMemory ? null : config.dataDir }, "listening");
    const ca = tls?.cert ?? null;
    return {
      url,
      certPath: tls?.certPath ?? null,
      ca,
      config,
      credential: emulatorCredential(),
      clientOptions: {
        endpoint: url,
        $host: url,
        credentialScopes: [MANAGEMENT_SCOPE],
        ...(ca ? { tlsOptions: { ca } } : {}),
      },
      token: async () => mintToken({ nowMs: Date.now() }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
