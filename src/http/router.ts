// How route modules declare ARM paths. A path is registered for every method so that a known
// path called with the wrong method answers 405 with an Allow header, as Azure does, instead
// of falling through to "route not found". Each route states which api-versions it accepts and
// whether it needs a bearer token; the checks run before the body is read.

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { checkApiVersion } from "../arm/apiVersions.js";
import { verifyBearer } from "../arm/auth.js";
import { errors } from "../arm/errors.js";

/** What every handler knows about the ARM request it serves. */
export interface ArmRequestContext {
  /** The x-ms-request-id this response carries unless the handler sets its own. */
  requestId: string;
  /** The caller's x-ms-correlation-request-id, or a new one. */
  correlationId: string;
  clientRequestId: string | null;
  /** The api-version as listed for the route once checked; the raw query value before. */
  apiVersion: string | null;
  /** "https://host:port" as the client reached us, for URLs we hand back. */
  baseUrl: string;
}

/**
 * Site Recovery's activityId for what a request starts: the caller's client request id (or the
 * correlation id), then " ActivityId: " and the correlation id.
 */
export function activityIdOf(arm: ArmRequestContext): string {
  return `${arm.clientRequestId ?? arm.correlationId} ActivityId: ${arm.correlationId}`;
}

declare module "fastify" {
  interface FastifyRequest {
    arm: ArmRequestContext;
  }
}

/**
 * One query parameter's value, its name matched in any casing: ARM reads `api-version` and
 * OData reads `$filter` and `$skipToken` that way. A parameter given twice is refused with a
 * 400 rather than one copy picked, since which copy a client meant is not knowable.
 */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const values = queryValues(request.query, name);
  if (values.length > 1) throw errors.repeatedQueryParameter(name);
  return values[0];
}

/** Every value of a query parameter, in any casing of its name; a repeated name is an array. */
export function queryValues(query: unknown, name: string): string[] {
  if (typeof query !== "object" || query === null) return [];
  const wanted = name.toLowerCase();
  return Object.entries(query)
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, value]: [string, unknown]) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === "string");
}

export type ArmMethod = "GET" | "HEAD" | "PUT" | "POST" | "DELETE" | "PATCH";

export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface ArmRouteOptions {
  /** Accepted api-versions; null when the path takes none (the emulator's own endpoints). */
  apiVersions: readonly string[] | null;
  /** Named in the InvalidApiVersionParameter message. */
  resourceType: string;
  /** Whether a management bearer token is required; true unless set to false. */
  auth?: boolean;
}

export type RouteModule = (router: ArmRouter) => void;

export const ARM_METHODS: readonly ArmMethod[] = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"];

// OPTIONS is registered too so that it gets a 405 rather than a 404.
const REGISTERED_METHODS = [...ARM_METHODS, "OPTIONS"];

export class ArmRouter {
  constructor(
    private readonly app: FastifyInstance,
    /** Wall-clock time for token expiry: tokens expire in real time, not engine time. */
    private readonly now: () => number = Date.now,
  ) {}

  route(
    path: string,
    handlers: Partial<Record<ArmMethod, RouteHandler>>,
    options: ArmRouteOptions,
  ): void {
    const allowed = ARM_METHODS.filter((method) => handlers[method] !== undefined);
    const handlerFor = (method: string) => handlers[method as ArmMethod];

    this.app.route({
      method: REGISTERED_METHODS,
      url: path,
      // The checks run in Azure Resource Manager's order: it authenticates the caller before
      // anything else (an anonymous request learns nothing about the path), then validates the
      // api-version before forwarding to the resource provider, which alone knows which methods
      // a resource supports. All of it happens before the body is read, so a 401 wins over a
      // 413 or a malformed body.
      onRequest: async (request) => {
        if (options.auth !== false) verifyBearer(request.headers.authorization, this.now());

        if (options.apiVersions !== null) {
          request.arm.apiVersion = checkApiVersion(
            queryParam(request, "api-version") ?? null,
            options.apiVersions,
            options.resourceType,
          );
        }

        if (handlerFor(request.method) === undefined) {
          throw errors.methodNotAllowed(request.method, allowed);
        }
      },
      handler: async (request, reply) => {
        const handler = handlerFor(request.method);
        if (handler === undefined) throw errors.methodNotAllowed(request.method, allowed);
        return handler(request, reply);
      },
    });
  }
}
