// Resource groups: just enough of Microsoft.Resources for a client to create the group a vault
// lives in, read it back and delete it (which takes its vaults and their jobs with it).

import type { FastifyRequest } from "fastify";
import { z } from "zod";

import { RESOURCE_GROUP_API_VERSIONS } from "../arm/apiVersions.js";
import { errors } from "../arm/errors.js";
import type { RouteModule } from "../http/router.js";
import type { ResourceGroupRecord, Store } from "../store/store.js";
import { describeIssues } from "./bodies.js";

export const RESOURCE_GROUP_PATH =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName";

const ROUTE_OPTIONS = {
  apiVersions: RESOURCE_GROUP_API_VERSIONS,
  resourceType: "Microsoft.Resources/resourceGroups",
};

interface GroupParams {
  subscriptionId: string;
  resourceGroupName: string;
}

const tagsSchema = z.record(z.string(), z.string());

const groupBody = z.object({
  location: z.string().trim().min(1),
  tags: tagsSchema.optional(),
});

/** Validates a JSON body against `schema`; a 400 InvalidRequestContent names the bad field. */
export function parseArmBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw errors.invalidRequestContent("the request body must be a JSON object.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw errors.invalidRequestContent(`${describeIssues(parsed.error)}.`);
  return parsed.data;
}

/** ARM stores locations in their short form: "West Europe" comes back as "westeurope". */
export function normaliseLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

export function renderResourceGroup(group: ResourceGroupRecord) {
  return {
    id: `/subscriptions/${group.subscriptionId}/resourceGroups/${group.name}`,
    name: group.name,
    type: "Microsoft.Resources/resourceGroups",
    location: group.location,
    tags: group.tags,
    properties: { provisioningState: "Succeeded" },
  };
}

export function resourceGroupRoutes(store: Store): RouteModule {
  return (router) => {
    router.route(
      RESOURCE_GROUP_PATH,
      {
        PUT: async (request, reply) => {
          const { subscriptionId, resourceGroupName } = paramsOf(request);
          const body = parseArmBody(groupBody, request.body);

          const { group, created } = await store.transaction(async (tx) => {
            const existing = await tx.getResourceGroup(subscriptionId, resourceGroupName);
            const group: ResourceGroupRecord = {
              subscriptionId,
              // ARM keeps the casing the group was created with.
              name: existing?.name ?? resourceGroupName,
              location: normaliseLocation(body.location),
              tags: body.tags ?? {},
            };
            await tx.putResourceGroup(group);
            return { group, created: existing === undefined };
          });
          return reply.code(created ? 201 : 200).send(renderResourceGroup(group));
        },

        GET: async (request, reply) => {
          const { subscriptionId, resourceGroupName } = paramsOf(request);
          const group = await store.getResourceGroup(subscriptionId, resourceGroupName);
          if (!group) throw errors.resourceGroupNotFound(resourceGroupName);
          return reply.send(renderResourceGroup(group));
        },

        // ResourceGroups_CheckExistence: 204 when the group exists, 404 when not, no body.
        HEAD: async (request, reply) => {
          const { subscriptionId, resourceGroupName } = paramsOf(request);
          const group = await store.getResourceGroup(subscriptionId, resourceGroupName);
          return reply.code(group ? 204 : 404).send();
        },

        // ARM answers 204 when there was nothing to delete, so a repeated delete is harmless.
        DELETE: async (request, reply) => {
          const { subscriptionId, resourceGroupName } = paramsOf(request);
          const deleted = await store.deleteResourceGroup(subscriptionId, resourceGroupName);
          return reply.code(deleted ? 200 : 204).send();
        },
      },
      ROUTE_OPTIONS,
    );
  };
}

function paramsOf(request: FastifyRequest): GroupParams {
  return request.params as GroupParams;
}
