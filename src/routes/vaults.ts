// Recovery Services vaults: the parent every replication job lives under. Only what a client
// needs to create one, read it, list a group's vaults and delete it.

import type { FastifyRequest } from "fastify";
import { z } from "zod";

import { VAULT_API_VERSIONS } from "../arm/apiVersions.js";
import { errors } from "../arm/errors.js";
import type { RouteModule } from "../http/router.js";
import type { Store, StoreTx, VaultRecord } from "../store/store.js";
import { RESOURCE_GROUP_PATH, normaliseLocation, parseArmBody } from "./resourceGroups.js";

const VAULT_TYPE = "Microsoft.RecoveryServices/vaults";
const VAULTS_PATH = `${RESOURCE_GROUP_PATH}/providers/Microsoft.RecoveryServices/vaults`;
const ROUTE_OPTIONS = { apiVersions: VAULT_API_VERSIONS, resourceType: VAULT_TYPE };

/** The Recovery Services naming rule: 2 to 50 letters, digits or hyphens, a letter first. */
const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;

interface VaultParams {
  subscriptionId: string;
  resourceGroupName: string;
  vaultName: string;
}

const vaultBody = z.object({
  location: z.string().trim().min(1),
  sku: z.object({ name: z.enum(["Standard", "RS0"]), tier: z.string().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  // Accepted for compatibility with clients that send vault settings; none are emulated.
  properties: z.record(z.string(), z.unknown()).optional(),
});

export function renderVault(vault: VaultRecord) {
  return {
    id:
      `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}` +
      `/providers/${VAULT_TYPE}/${vault.name}`,
    name: vault.name,
    type: VAULT_TYPE,
    location: vault.location,
    tags: vault.tags,
    sku: vault.sku,
    properties: { provisioningState: "Succeeded" },
  };
}

export function vaultRoutes(store: Store): RouteModule {
  return (router) => {
    router.route(
      `${VAULTS_PATH}/:vaultName`,
      {
        PUT: async (request, reply) => {
          const params = paramsOf(request);
          // ARM checks the parent group before the provider sees the name or the body.
          await groupOf(store, params);
          if (!VAULT_NAME.test(params.vaultName)) {
            throw errors.invalidRequestContent(
              `the vault name '${params.vaultName}' is invalid: it must be 2 to 50 letters, ` +
                "digits or hyphens, starting with a letter.",
            );
          }
          const body = parseArmBody(vaultBody, request.body);

          const { vault, created } = await store.transaction(async (tx) => {
            const group = await groupOf(tx, params);
            const ref = refOf(params);
            const existing = await tx.getVault(ref);
            const vault: VaultRecord = {
              subscriptionId: params.subscriptionId,
              // ARM keeps the casing a resource was created with.
              resourceGroup: existing?.resourceGroup ?? group.name,
              name: existing?.name ?? params.vaultName,
              location: normaliseLocation(body.location),
              sku: { name: body.sku?.name ?? "Standard", tier: "Standard" },
              tags: body.tags ?? {},
            };
            await tx.putVault(vault);
            return { vault, created: existing === undefined };
          });
          return reply.code(created ? 201 : 200).send(renderVault(vault));
        },

        GET: async (request, reply) => {
          const params = paramsOf(request);
          await groupOf(store, params);
          const vault = await store.getVault(refOf(params));
          if (!vault) {
            throw errors.resourceNotFound(VAULT_TYPE, params.vaultName, params.resourceGroupName);
          }
          return reply.send(renderVault(vault));
        },

        // 204 when there was nothing to delete, as ARM answers for any resource.
        DELETE: async (request, reply) => {
          const params = paramsOf(request);
          await groupOf(store, params);
          const deleted = await store.deleteVault(refOf(params));
          return reply.code(deleted ? 200 : 204).send();
        },
      },
      ROUTE_OPTIONS,
    );

    router.route(
      VAULTS_PATH,
      {
        GET: async (request, reply) => {
          const params = paramsOf(request);
          const group = await groupOf(store, params);
          const vaults = await store.listVaults(params.subscriptionId, group.name);
          return reply.send({ value: vaults.map(renderVault) });
        },
      },
      ROUTE_OPTIONS,
    );
  };
}

/** The vault's resource group; ARM answers ResourceGroupNotFound before looking at the vault. */
async function groupOf(tx: StoreTx, params: Omit<VaultParams, "vaultName">) {
  const group = await tx.getResourceGroup(params.subscriptionId, params.resourceGroupName);
  if (!group) throw errors.resourceGroupNotFound(params.resourceGroupName);
  return group;
}

function refOf(params: VaultParams) {
  return {
    subscriptionId: params.subscriptionId,
    resourceGroup: params.resourceGroupName,
    vaultName: params.vaultName,
  };
}

function paramsOf(request: FastifyRequest): VaultParams {
  return request.params as VaultParams;
}
