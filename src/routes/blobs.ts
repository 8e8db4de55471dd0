// Downloads of exported job files. Like Azure Storage, access is by SAS token alone: no bearer
// token and no api-version.

import type { FastifyReply, FastifyRequest } from "fastify";

import { errors } from "../arm/errors.js";
import type { SasSigner } from "../arm/sas.js";
import type { ArmRouter, RouteModule } from "../http/router.js";
import { EXPORT_BLOB_PATH } from "../jobs/exportFiles.js";
import type { JobService } from "../jobs/service.js";

export function blobRoutes(service: JobService, signer: SasSigner): RouteModule {
  const download = async (request: FastifyRequest, reply: FastifyReply, withBody: boolean) => {
    const { blobName } = request.params as { blobName: string };
    signer.verify(blobName, request.query as Record<string, unknown>, service.now());

    const blob = await service.store.getBlob(blobName);
    if (!blob) throw errors.blobNotFound();
    void reply
      .header("Content-Type", blob.contentType)
      .header("Content-Length", String(blob.content.length))
      .header("Content-Disposition", `attachment; filename="${blobName}"`);
    return withBody ? reply.send(blob.content) : reply.send();
  };

  return (router: ArmRouter) => {
    router.route(
      `${EXPORT_BLOB_PATH}/:blobName`,
      {
        GET: async (request, reply) => download(request, reply, true),
        // As Azure Storage does, HEAD answers the headers a download would carry, no body.
        HEAD: async (request, reply) => download(request, reply, false),
      },
      { apiVersions: null, resourceType: "blob", auth: false },
    );
  };
}
