// The six Replication Jobs operations of the contract, plus the two polling URLs their
// long-running actions hand out. Handlers only translate HTTP to the job service and render.

import type { FastifyReply, FastifyRequest } from "fastify";

import { SITE_RECOVERY_API_VERSIONS } from "../arm/apiVersions.js";
import { errors } from "../arm/errors.js";
import { acceptedHeaders, lroUrls, operationEndTime, operationStatus } from "../arm/lro.js";
import type { SkipTokenCodec } from "../arm/paging.js";
import { nextLink } from "../arm/paging.js";
import { jobArmId, vaultArmId } from "../arm/resourceIds.js";
import { activityIdOf, queryParam, type ArmRouter, type RouteModule } from "../http/router.js";
import type { ExportFiles } from "../jobs/exportFiles.js";
import { parseJobFilter, queryFromParameters } from "../jobs/filter.js";
import { JOB_RESOURCE_TYPE, type JobCollection } from "../jobs/model.js";
import type { JobRecord, OperationRecord, VaultRef } from "../jobs/record.js";
import { renderJob } from "../jobs/render.js";
import type { ActionResult, JobService } from "../jobs/service.js";
import { formatTime } from "../jobs/time.js";
import { operationErrorBody, parseExportBody, parseResumeBody } from "./bodies.js";

const VAULT =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/" +
  "Microsoft.RecoveryServices/vaults/:vaultName";
const JOBS = `${VAULT}/replicationJobs`;

interface VaultParams {
  subscriptionId: string;
  resourceGroupName: string;
  vaultName: string;
  jobName?: string;
  operationName?: string;
}

export interface ReplicationJobsOptions {
  service: JobService;
  skipTokens: SkipTokenCodec;
  exportFiles: ExportFiles;
  pageSize: number;
  retryAfterSeconds: number;
}

function vaultOf(request: FastifyRequest): VaultRef {
  const params = request.params as VaultParams;
  return {
    subscriptionId: params.subscriptionId,
    resourceGroup: params.resourceGroupName,
    vaultName: params.vaultName,
  };
}

function paramOf(request: FastifyRequest, key: "jobName" | "operationName"): string {
  const value = (request.params as VaultParams)[key];
  if (!value) throw errors.routeNotFound(request.method, request.url);
  return value;
}

export function replicationJobRoutes(options: ReplicationJobsOptions): RouteModule {
  const { service } = options;
  const routeOptions = { apiVersions: SITE_RECOVERY_API_VERSIONS, resourceType: JOB_RESOURCE_TYPE };

  /** 202 with the polling headers, as Site Recovery answers every job action. */
  function accepted(request: FastifyRequest, reply: FastifyReply, result: ActionResult): void {
    const urls = lroUrls(request.arm.baseUrl, result.operation, request.arm.apiVersion ?? "");
    void reply
      .code(202)
      .headers(acceptedHeaders(urls, result.operation, options.retryAfterSeconds))
      .send();
  }

  function sendJob(reply: FastifyReply, job: JobRecord): void {
    void reply
      .header("x-ms-request-id", jobArmId(job.vault, job.name))
      .send(renderJob(job, "full"));
  }

  return (router: ArmRouter) => {
    router.route(
      JOBS,
      {
        GET: async (request, reply) => {
          const vault = vaultOf(request);
          const filter = queryParam(request, "$filter") ?? "";
          const jobQuery = filter.trim() === "" ? {} : parseJobFilter(filter);
          const vaultKey = vaultArmId(vault).toLowerCase();
          const skipToken = queryParam(request, "$skipToken");
          const after =
            skipToken === undefined
              ? null
              : options.skipTokens.decode(skipToken, { vaultKey, filter });

          const page = await service.listJobs(vault, jobQuery, after, options.pageSize);
          const body: JobCollection = {
            value: page.jobs.map((job) => renderJob(job, "list")),
            nextLink:
              page.next === null
                ? null
                : nextLink(
                    new URL(request.url, request.arm.baseUrl),
                    options.skipTokens.encode({ vaultKey, filter, after: page.next }),
                  ),
          };
          return reply.send(body);
        },
      },
      routeOptions,
    );

    router.route(
      `${JOBS}/export`,
      {
        POST: async (request, reply) => {
          const parameters = parseExportBody(request.body);
          const format = options.exportFiles.formatOf(parameters.jobOutputType);
          const result = await service.startExport(
            vaultOf(request),
            queryFromParameters(parameters),
            activityIdOf(request.arm),
            (exportJob, jobs) =>
              options.exportFiles.prepare(exportJob, jobs, format, request.arm.baseUrl),
          );
          accepted(request, reply, result);
        },
      },
      routeOptions,
    );

    router.route(
      `${JOBS}/:jobName`,
      {
        GET: async (request, reply) => {
          sendJob(reply, await service.getJob(vaultOf(request), paramOf(request, "jobName")));
        },
      },
      routeOptions,
    );

    router.route(
      `${JOBS}/:jobName/cancel`,
      {
        POST: async (request, reply) => {
          accepted(
            request,
            reply,
            await service.cancel(vaultOf(request), paramOf(request, "jobName")),
          );
        },
      },
      routeOptions,
    );

    router.route(
      `${JOBS}/:jobName/restart`,
      {
        POST: async (request, reply) => {
          const name = paramOf(request, "jobName");
          const result = await service.restart(vaultOf(request), name, activityIdOf(request.arm));
          accepted(request, reply, result);
        },
      },
      routeOptions,
    );

    router.route(
      `${JOBS}/:jobName/resume`,
      {
        POST: async (request, reply) => {
          const comments = parseResumeBody(request.body);
          const name = paramOf(request, "jobName");
          accepted(request, reply, await service.resume(vaultOf(request), name, comments));
        },
      },
      routeOptions,
    );

    // Location: 202 while the action runs, then 200 with the job it produced.
    const operationResult = async (request: FastifyRequest, reply: FastifyReply) => {
      const { operation, trackingJob } = await service.getOperation(
        vaultOf(request),
        paramOf(request, "operationName"),
      );
      if (operationStatus(operation, trackingJob, service.now()) === "InProgress") {
        const self = new URL(request.url, request.arm.baseUrl).toString();
        return reply
          .code(202)
          .headers({ Location: self, "Retry-After": String(options.retryAfterSeconds) })
          .send();
      }
      sendJob(reply, trackingJob);
    };
    router.route(
      `${JOBS}/:jobName/operationresults/:operationName`,
      { GET: operationResult },
      routeOptions,
    );
    router.route(`${JOBS}/operationresults/:operationName`, { GET: operationResult }, routeOptions);

    // Azure-AsyncOperation: the ARM operation status object.
    router.route(
      `${VAULT}/replicationOperationStatus/:operationName`,
      {
        GET: async (request, reply) => {
          const vault = vaultOf(request);
          const { operation, trackingJob } = await service.getOperation(
            vault,
            paramOf(request, "operationName"),
          );
          const body = operationStatusBody(vault, operation, trackingJob, service.now());
          // Clients poll this URL; they wait as long as it says, or their own default (2 s).
          if (body.status === "InProgress") {
            void reply.header("Retry-After", String(options.retryAfterSeconds));
          }
          return reply.send(body);
        },
      },
      routeOptions,
    );
  };
}

function operationStatusBody(
  vault: VaultRef,
  operation: OperationRecord,
  tracking: JobRecord,
  now: number,
) {
  const status = operationStatus(operation, tracking, now);
  const endTime = operationEndTime(operation, tracking, status);
  return {
    id: `${vaultArmId(vault)}/replicationOperationStatus/${operation.name}`,
    name: operation.name,
    status,
    startTime: formatTime(operation.startTime),
    ...(endTime === null ? {} : { endTime: formatTime(endTime) }),
    ...(status === "Failed" ? { error: operationErrorBody(tracking) } : {}),
  };
}
