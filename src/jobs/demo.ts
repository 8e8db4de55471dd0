// The demo vault seeded on a new data directory: the subscription, resource group and vault of
// the contract's examples, holding jobs in the states those examples act on, so each example
// request works as written but for the host.

import type { StoreTx } from "../store/store.js";
import type { JobService } from "./service.js";
import type { NewJobOptions } from "./newJob.js";
import type { VaultRef } from "./record.js";
import { parseTime } from "./time.js";

export const DEMO_VAULT: VaultRef = {
  subscriptionId: "c183865e-6077-46f2-a3b1-deb0f4f4650a",
  resourceGroup: "resourceGroupPS1",
  vaultName: "vault1",
};

const DEMO_LOCATION = "westus";
const SEEDED_KEY = "demo-seeded";
const HOUR = 3600;

const VM = { targetObjectId: "f8491e4f-817a-40dd-a90c-af773978c75b", targetObjectName: "vm1" };

type DemoJob = Omit<NewJobOptions, "vault" | "now"> & { startedAgoSeconds?: number };

function demoJobs(): DemoJob[] {
  return [
    // The Cancel example: a planned failover that keeps running for hours at time-scale 1.
    {
      name: "2653c648-fc72-4316-86f3-fdf8eaa0066b",
      scenario: "PlannedFailover",
      ...VM,
      taskSeconds: [35, 7, 12, 3 * HOUR, 1],
      activityId:
        "bfbbf6dd-9cbb-4cbc-98a6-faecc8891579 ActivityId: 07cc35ca-b63f-4e42-83c9-81ae0191c322",
    },
    // The Get and Resume examples: a test failover waiting for its test to be completed.
    {
      name: "58776d0b-3141-48b2-a377-9ad863eb160d",
      scenario: "TestFailover",
      ...VM,
      taskSeconds: 1,
      startedAgoSeconds: 600,
      activityId:
        "1b808dfe-0451-44ac-894c-c7270711cd8c ActivityId: 9f6f849e-922a-43ec-a7a6-0be45fc85c56",
    },
    // The Restart example: a failover that failed at its failover step.
    {
      name: "0664564c-353e-401a-ab0c-722257c10e25",
      scenario: "UnplannedFailover",
      ...VM,
      failAtTask: 3,
      startedAgoSeconds: 2 * HOUR,
    },
    // Finished jobs like those of the List and Get examples, at their recorded times.
    historical(
      "1557d73f-6244-491e-8f0b-d300f752240b",
      "AddProtectionProfile",
      "2017-04-27T12:46:04.641851Z",
      "af095a1e-1f1b-5365-87c9-99162ebcfaf0",
      "protectionprofile1",
    ),
    historical(
      "0236416a-7573-4913-a4a1-6a286fbb1ceb",
      "RegisterDra",
      "2017-05-02T14:07:19.2784338Z",
      "6d224fc6-f326-5d35-96de-fbf51efb3179",
      "CP-B3L40406-12.ntdev.corp.microsoft.com",
    ),
    historical(
      "2438d560-80f0-420b-839e-5c8ee0af90a1",
      "CreateSite",
      "2017-05-02T05:56:14.569095Z",
      "6d224fc6-f326-5d35-96de-fbf51efb3179",
      "cloud1",
    ),
    historical(
      "32ea4b9e-de62-49a1-b062-7864d5c3b897",
      "DeleteRecoveryPlan",
      "2017-04-27T11:25:56.800358Z",
      "966c33bb-66e7-4567-9786-f80b0694f5f9",
      "RPtest1",
    ),
  ];
}

function historical(
  name: string,
  scenario: string,
  startTime: string,
  targetObjectId: string,
  targetObjectName: string,
): DemoJob {
  return { name, scenario, targetObjectId, targetObjectName, startAt: parseTime(startTime) };
}

/** Seeds the demo vault once per data directory, in one transaction. */
export async function seedDemo(service: JobService): Promise<boolean> {
  const now = service.now();
  // Checked inside the transaction, so two processes starting together seed once.
  return service.atomically(async (tx) => {
    if ((await tx.getMeta(SEEDED_KEY)) !== undefined) return false;
    await seedDemoInto(tx, service, now);
    return true;
  });
}

/** Writes the demo vault and its jobs inside the caller's transaction. */
export async function seedDemoInto(tx: StoreTx, service: JobService, now: number): Promise<void> {
  await tx.putResourceGroup({
    subscriptionId: DEMO_VAULT.subscriptionId,
    name: DEMO_VAULT.resourceGroup,
    location: DEMO_LOCATION,
    tags: {},
  });
  await tx.putVault({
    subscriptionId: DEMO_VAULT.subscriptionId,
    resourceGroup: DEMO_VAULT.resourceGroup,
    name: DEMO_VAULT.vaultName,
    location: DEMO_LOCATION,
    sku: { name: "Standard" },
    tags: {},
  });

  for (const { startedAgoSeconds, ...job } of demoJobs()) {
    const startAt = job.startAt ?? (startedAgoSeconds ? now - startedAgoSeconds * 1000 : undefined);
    await service.insertNewJob(tx, { ...job, vault: DEMO_VAULT, startAt }, now);
  }
  await tx.setMeta(SEEDED_KEY, new Date(now).toISOString());
}
