// Downloads of exported job files. Like Azure Storage, access is by SAS token alone: no bearer
// token and no api-version.

import { errors } from "../arm/errors.js";
import type { SasSigner } from "../arm/sas.js";
import type { ArmRouter, RouteModule } from "../http/router.js";
import { EXPORT_BLOB_PATH } from "../jobs/exportFiles.js";
import type { JobService } from "../jobs/service.js";

export function blobRoutes(service: JobService, signer: SasSigner): RouteModule {
  return (router: ArmRouter) => {
    router.route(
      `${EXPORT_BLOB_PATH}/:blobName`,
      {
        GET: async (request, reply) => {
          const { blobName } = request.params as { blobName: string };
          const query = request.query as Record<string, string | undefined>;
          signer.verify(blobName, query, service.now());

          const blob = await service.store.getBlob(blobName);
          if (!blob) throw errors.blobNotFound();
          return reply
            .header("Content-Type", blob.contentType)
            .header("Content-Disposition", `attachment; filename="${blobName}"`)
            .send(blob.content);
        },
      },
      { apiVersions: null, resourceType: "blob", auth: false },
    );
  };
}
