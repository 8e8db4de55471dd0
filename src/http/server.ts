// Assembles the HTTP pipeline every request goes through, in order. Route modules only add
// paths; everything Azure Resource Manager does around a request (ids, limits, body parsing,
// error envelopes) happens here once.

import { randomUUID } from "node:crypto";
import http from "node:http";
import type https from "node:https";
import type { Socket } from "node:net";
import Fastify, {
  LogController,
  type ConnectionError,
  type FastifyBaseLogger,
  type FastifyHttpsOptions,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import type pino from "pino";

import { renderError } from "../arm/envelope.js";
import { ArmError, errors } from "../arm/errors.js";
import type { EmulatorConfig } from "../config.js";
import { ArmRouter, queryValues, type RouteModule } from "./router.js";

export interface ServerOptions {
  config: EmulatorConfig;
  logger: pino.Logger;
  tls?: { cert: string; key: string };
  modules: RouteModule[];
}

/** ARM refuses request bodies above this size. */
export const BODY_LIMIT = 1024 * 1024;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config, logger, tls, modules } = options;
  // One pino logger for the process; fastify derives a child per request that carries the
  // request id, which is also the x-ms-request-id a user quotes when reporting a problem.
  const serverLogger = logger.child({}, { level: logLevel(config, logger) });

  const common: FastifyServerOptions = {
    loggerInstance: serverLogger,
    genReqId: () => randomUUID(),
    // Lifecycle lines per request would drown the log; a debug line is written on response.
    logController: new LogController({
      requestIdLogLabel: "requestId",
      disableRequestLogging: true,
    }),
    // Bodies beyond ARM's limit are refused while streaming, before they are buffered.
    bodyLimit: BODY_LIMIT,
    // HEAD is registered explicitly by the router (as a 405), not derived from GET.
    exposeHeadRoutes: false,
    // Requests arriving while the server closes get ARM's 503 from the hook below, not
    // fastify's own body.
    return503OnClosing: false,
    routerOptions: {
      // ARM matches fixed path segments in any casing (clients send "/Subscriptions/" and
      // "resourcegroups"); the router lower-cases only the fixed parts, so parameters keep the
      // caller's casing, which ARM echoes back in ids.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 500,
    },
    // Malformed URLs are rejected by the router before any hook runs; answer them as ARM would
    // answer an unknown path, still with the request id headers.
    frameworkErrors: (error, request, reply) => {
      attachArmContext(request, reply);
      sendError(request, reply, errors.routeNotFound(request.method, pathOf(request.url)), error);
    },
    // Node's HTTP parser refuses some requests before fastify sees them (a URL or headers over
    // its size limit, a garbled request line); those get ARM's envelope too, never a stack.
    clientErrorHandler: (error, socket) => answerClientError(error, socket, serverLogger),
  };

  // HTTPS when a certificate is given: Azure SDK clients only send bearer tokens over TLS.
  const app = (tls
    ? Fastify({ ...common, https: { cert: tls.cert, key: tls.key } } as FastifyHttpsOptions<
        https.Server,
        FastifyBaseLogger
      >)
    : Fastify(common)) as unknown as FastifyInstance;

  // Declared up front so every request object has the same shape (fastify's advice for speed).
  app.decorateRequest("arm");

  // Request ids first, so every response (success, error, 404) carries them; then, once the
  // server is closing, nothing new starts: the store is about to close under it.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    attachArmContext(request, reply);
    if (closing) throw errors.serviceUnavailable();
  });

  // One debug line per request, so --debug shows traffic without flooding normal runs.
  app.addHook("onResponse", async (request, reply) => {
    const { method, url } = request;
    request.log.debug(
      { method, url, status: reply.statusCode, ms: reply.elapsedTime },
      "request completed",
    );
  });

  // Only JSON is accepted, as ARM does: anything else with a body gets a 415, and JSON that
  // does not parse gets ARM's InvalidRequestContent rather than a framework message.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, parseJson);

  // Every failure leaves in ARM's envelope: known errors as registered, framework errors mapped
  // to the 4xx a client would get from Azure, anything else a 500 whose details stay in the log.
  app.setErrorHandler((error: FastifyError | ArmError, request, reply) => {
    sendError(request, reply, toArmError(error, request), error);
  });

  // Unknown paths get ARM's envelope and ids too, not fastify's default body.
  app.setNotFoundHandler(async (request) => {
    throw errors.routeNotFound(request.method, pathOf(request.url));
  });

  // Routes last: each module adds its paths with their api-version and token requirements.
  const router = new ArmRouter(app);
  for (const register of modules) register(router);

  return app;
}

function logLevel(config: EmulatorConfig, logger: pino.Logger): string {
  if (config.silent) return "silent";
  if (config.debug) return "debug";
  return logger.level;
}

/** Sets request.arm and the id headers once; later calls (error paths) leave them alone. */
function attachArmContext(request: FastifyRequest, reply: FastifyReply): void {
  if (request.arm) return;

  const correlationId = headerValue(request, "x-ms-correlation-request-id") ?? randomUUID();
  const clientRequestId = headerValue(request, "x-ms-client-request-id");
  request.arm = {
    requestId: request.id,
    correlationId,
    clientRequestId,
    apiVersion: apiVersionOf(request.query),
    baseUrl: `${request.protocol}://${request.host || `${request.socket.localAddress}`}`,
  };

  // A handler may replace x-ms-request-id (Site Recovery uses the job's path there).
  reply.header("x-ms-request-id", request.arm.requestId);
  reply.header("x-ms-correlation-request-id", correlationId);
  if (clientRequestId !== null) reply.header("x-ms-client-request-id", clientRequestId);
  // Resource Manager marks every answer uncacheable; clients and proxies must re-ask.
  reply.header("Cache-Control", "no-cache");
  reply.header("Pragma", "no-cache");
  reply.header("Expires", "-1");
}

function headerValue(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" ? null : first;
}

/**
 * The raw api-version, read before any route check. A repeated one counts as absent here: the
 * router refuses it on routes that take an api-version, and must not throw on error paths.
 */
function apiVersionOf(query: unknown): string | null {
  const values = queryValues(query, "api-version");
  return values.length === 1 ? (values[0] ?? null) : null;
}

async function parseJson(_request: FastifyRequest, body: string | Buffer): Promise<unknown> {
  const text = typeof body === "string" ? body : body.toString("utf8");
  // The SDK sends action POSTs with a JSON content type and no body at all.
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : "it is not valid JSON";
    throw errors.invalidRequestContent(`the body is not valid JSON (${reason}).`);
  }
}

/** Maps framework errors to the ARM error a client would get; anything unforeseen is a 500. */
function toArmError(error: FastifyError | ArmError, request: FastifyRequest): ArmError {
  if (error instanceof ArmError) return error;

  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return errors.payloadTooLarge(BODY_LIMIT);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return errors.unsupportedMediaType(headerValue(request, "content-type") ?? "(none)");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return errors.invalidRequestContent("the Content-Length header does not match the body.");
  }
  if (error.validation) return errors.invalidRequestContent(error.message);

  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return errors.invalidRequestContent(error.message);
  return errors.internal();
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  armError: ArmError,
  original: unknown,
): void {
  // The log keeps what the response must not show: the stack of an unexpected failure. Answers
  // given on purpose (a 501 for a path not emulated, a 503 while closing) are no failures.
  if (armError.status >= 500 && !(original instanceof ArmError)) {
    request.log.error({ err: original }, "request failed");
  } else {
    request.log.debug({ code: armError.code, status: armError.status }, "request refused");
  }

  reply.code(armError.status).headers(armError.headers).send(renderError(armError, request.arm));
}

/** Answers on the raw socket: there is no request or reply object for these failures. */
function answerClientError(error: ConnectionError, socket: Socket, log: FastifyBaseLogger): void {
  // A reset connection, or one Node has already closed, has nobody left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;

  const requestId = randomUUID();
  const armError = clientErrorOf(error);
  log.debug({ requestId, code: error.code, status: armError.status }, "malformed request refused");
  if (socket.writable) socket.write(rawErrorResponse(armError, requestId));
  socket.destroy();
}

function clientErrorOf(error: ConnectionError): ArmError {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return errors.headersTooLarge(http.maxHeaderSize);
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return errors.requestTimeout();
  }
  // The parser's own wording ("Invalid method encountered") without its stack.
  const { reason } = error as { reason?: unknown };
  const text = typeof reason === "string" && reason !== "" ? reason : "it could not be parsed";
  return errors.malformedRequest(`${text} (${error.code || "unknown"}).`);
}

function rawErrorResponse(armError: ArmError, requestId: string): string {
  const context = { clientRequestId: null, correlationId: requestId };
  const body = JSON.stringify(renderError(armError, context));
  const head = [
    `HTTP/1.1 ${armError.status} ${http.STATUS_CODES[armError.status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-ms-request-id: ${requestId}`,
    `x-ms-correlation-request-id: ${requestId}`,
    // The parser cannot resynchronise after a bad request, so the connection ends here.
    "Connection: close",
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
