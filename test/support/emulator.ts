// Starts an in-memory emulator over HTTPS for a test file and gives it a small HTTP client that
// trusts the emulator's certificate and sends a valid bearer token.

import { Agent, request } from "undici";

import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/index.js";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
  raw: Buffer;
}

export interface SendOptions {
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** false: send no Authorization header; a string: send that header value. */
  auth?: false | string;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  send(method: string, pathOrUrl: string, options?: SendOptions): Promise<HttpAnswer>;
  stop(): Promise<void>;
}

export const DEMO_VAULT_PATH =
  "/subscriptions/c183865e-6077-46f2-a3b1-deb0f4f4650a/resourceGroups/resourceGroupPS1" +
  "/providers/Microsoft.RecoveryServices/vaults/vault1";
export const DEMO_VAULT_ID = DEMO_VAULT_PATH;
export const API = "api-version=2021-08-01";

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ inMemory: true, port: 0, silent: true, ...options });
  const dispatcher = new Agent({ connect: { ca: emulator.ca ?? undefined } });
  const token = await emulator.token();

  async function send(method: string, pathOrUrl: string, options: SendOptions = {}) {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${emulator.url}${pathOrUrl}`;
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== false) headers.authorization = options.auth ?? `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }

    const answer = await request(url, { method: method as "GET", headers, body, dispatcher });
    const raw = Buffer.from(await answer.body.arrayBuffer());
    const text = raw.toString("utf8");
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: answer.statusCode, headers: flat, text, json, raw };
  }

  return {
    emulator,
    send,
    stop: async () => {
      await dispatcher.close();
      await emulator.stop();
    },
  };
}
