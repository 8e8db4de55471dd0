// The job service: everything the routes ask of jobs, each request one store transaction.
// It reads a job, lets the engine bring it up to the clock's "now", applies the action, and
// writes the result with an optimistic version check, so concurrent requests (in this process
// or another one on the same database) end in one consistent outcome.

import type { Logger } from "pino";

import { errors } from "../arm/errors.js";
import type { JobPage, JobQuery, Store, StoreTx } from "../store/store.js";
import type { ScenarioCatalogue } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { advanceJob, requestCancel, restartJob, resumeJob } from "./engine.js";
import { createJobRecord, type NewJobOptions } from "./newJob.js";
import type { BlobRecord, JobRecord, OperationRecord, VaultRef } from "./record.js";

/** Thrown inside a transaction when another writer changed a job first; the work is retried. */
class WriteConflict extends Error {}

/**
 * A lost race: our version check failed, or SQLite refused a write because another process
 * committed since this transaction read (SQLITE_BUSY_SNAPSHOT) or held the lock too long.
 */
function isConflict(error: unknown): boolean {
  if (error instanceof WriteConflict) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const MAX_ATTEMPTS = 5;
const DUE_BATCH = 200;

export interface PreparedExport {
  exportJob: JobRecord;
  blob: BlobRecord;
}

export interface ActionResult {
  operation: OperationRecord;
  /** The job the action's polling URLs report on (for cancel and resume, the job itself). */
  trackingJob: JobRecord;
}

export class JobService {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly catalogue: ScenarioCatalogue,
    private readonly logger: Logger,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Runs `work` in a transaction, retrying it from scratch when a write conflict occurs. */
  async atomically<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(work);
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw errors.conflict(messageOf(error));
        this.logger.debug({ attempt }, "job write conflict, retrying");
      }
    }
  }

  async requireVault(tx: StoreTx, vault: VaultRef): Promise<void> {
    const found = await tx.getVault(vault);
    if (found) return;
    // Resource Manager names the missing resource group before the missing vault in it.
    if (!(await tx.getResourceGroup(vault.subscriptionId, vault.resourceGroup))) {
      throw errors.resourceGroupNotFound(vault.resourceGroup);
    }
    throw errors.resourceNotFound(
      "Microsoft.RecoveryServices/vaults",
      vault.vaultName,
      vault.resourceGroup,
    );
  }

  /** Writes a changed job; the version check turns a lost race into a retry. */
  private async write(tx: StoreTx, job: JobRecord): Promise<JobRecord> {
    const next = { ...job, version: job.version + 1 };
    if (!(await tx.updateJob(next))) {
      throw new WriteConflict(`job '${job.name}' was changed by another request`);
    }
    return next;
  }

  /** Brings a job up to `now`, storing the transitions and any child jobs they started. */
  private async settle(tx: StoreTx, job: JobRecord, now: number): Promise<JobRecord> {
    if (job.dueAt === null || job.dueAt > now) return job;

    const { job: advanced, spawned } = advanceJob(job, now, this.catalogue);
    for (const child of spawned) {
      await tx.insertJob(child);
      await this.settle(tx, child, now);
    }
    return this.write(tx, advanced);
  }

  private async load(tx: StoreTx, vault: VaultRef, name: string, now: number): Promise<JobRecord> {
    await this.requireVault(tx, vault);
    const job = await tx.getJob(vault, name);
    if (!job) throw errors.jobNotFound(name);
    return this.settle(tx, job, now);
  }

  async getJob(vault: VaultRef, name: string): Promise<JobRecord> {
    const now = this.now();
    return this.atomically((tx) => this.load(tx, vault, name, now));
  }

  /** Lists a vault's jobs after catching up every job that is due, so states are current. */
  async listJobs(
    vault: VaultRef,
    query: JobQuery,
    after: number | null,
    limit: number,
  ): Promise<JobPage> {
    const now = this.now();
    return this.atomically(async (tx) => {
      await this.requireVault(tx, vault);
      await this.settleDue(tx, now);
      return tx.listJobs(vault, query, after, limit);
    });
  }

  /** Every job of a vault matching `query` (for export). */
  private async allJobs(tx: StoreTx, vault: VaultRef, query: JobQuery): Promise<JobRecord[]> {
    const jobs: JobRecord[] = [];
    let after: number | null = null;
    do {
      const page: JobPage = await tx.listJobs(vault, query, after, 500);
      jobs.push(...page.jobs);
      after = page.next;
    } while (after !== null);
    return jobs;
  }

  async createJob(options: Omit<NewJobOptions, "now">): Promise<JobRecord> {
    const now = this.now();
    return this.atomically((tx) => this.insertNewJob(tx, options, now));
  }

  /** Creates a job inside a caller's transaction and brings it up to `now`. */
  async insertNewJob(
    tx: StoreTx,
    options: Omit<NewJobOptions, "now">,
    now: number,
  ): Promise<JobRecord> {
    await this.requireVault(tx, options.vault);
    const job = createJobRecord(this.catalogue, { ...options, now });
    if (await tx.getJob(options.vault, job.name)) {
      throw errors.invalidInput(
        "JobAlreadyExists",
        `A job named '${job.name}' already exists in vault '${options.vault.vaultName}'.`,
        "Choose another name, or leave it out to get a new GUID.",
      );
    }
    await tx.insertJob(job);
    return this.settle(tx, job, now);
  }

  /** Stores what the polling URLs of an action read: the action's job and its tracking job. */
  private async recordOperation(
    tx: StoreTx,
    kind: OperationRecord["kind"],
    jobName: string,
    trackingJob: JobRecord,
    now: number,
  ): Promise<ActionResult> {
    const operation: OperationRecord = {
      name: trackingJob.name,
      vault: trackingJob.vault,
      kind,
      jobName,
      trackingJobName: trackingJob.name,
      startTime: now,
    };
    await tx.putOperation(operation);
    return { operation, trackingJob };
  }

  async cancel(vault: VaultRef, name: string): Promise<ActionResult> {
    const now = this.now();
    return this.atomically(async (tx) => {
      const job = await this.load(tx, vault, name, now);
      const cancelling = await this.write(tx, requestCancel(job, now));
      await this.cancelChildren(tx, cancelling, now);

      return this.recordOperation(tx, "cancel", cancelling.name, cancelling, now);
    });
  }

  /** A cancelled parent stops the child jobs its running group started. */
  private async cancelChildren(tx: StoreTx, parent: JobRecord, now: number): Promise<void> {
    const childNames = parent.runs.flatMap((run) =>
      (run.children ?? []).map((child) => child.childJobName),
    );
    for (const childName of childNames) {
      if (childName === null) continue;
      const stored = await tx.getJob(parent.vault, childName);
      if (!stored) continue;
      const child = await this.settle(tx, stored, now);
      if (child.state !== "InProgress" && child.state !== "Suspended") continue;
      await this.write(tx, requestCancel(child, now, true));
    }
  }

  async restart(vault: VaultRef, name: string, activityId: string): Promise<ActionResult> {
    const now = this.now();
    return this.atomically(async (tx) => {
      const job = await this.load(tx, vault, name, now);
      // The engine queues the task to rerun; settling starts it (and any child jobs) now.
      const restarted = await this.settle(tx, await this.write(tx, restartJob(job, now)), now);

      // Site Recovery tracks a restart with a job of its own, whose id the polling URLs carry.
      const tracker = createJobRecord(this.catalogue, {
        vault,
        scenario: "RestartJob",
        now,
        targetObjectId: restarted.targetObjectId,
        targetObjectName: restarted.targetObjectName,
        activityId,
      });
      await tx.insertJob(tracker);
      const trackingJob = await this.settle(tx, tracker, now);

      return this.recordOperation(tx, "restart", restarted.name, trackingJob, now);
    });
  }

  async resume(vault: VaultRef, name: string, comments: string): Promise<ActionResult> {
    const now = this.now();
    return this.atomically(async (tx) => {
      const job = await this.load(tx, vault, name, now);
      const resumed = await this.write(tx, resumeJob(job, now, comments));
      const trackingJob = await this.settle(tx, resumed, now);

      return this.recordOperation(tx, "resume", trackingJob.name, trackingJob, now);
    });
  }

  /**
   * Starts an export: the ExportJobs job tracks it, and its file holds the jobs matching the
   * query as they are now. The jobs are read in one transaction and the file is encoded outside
   * it, so a large export does not hold the store; the file and its job land together.
   */
  async startExport(
    vault: VaultRef,
    query: JobQuery,
    activityId: string,
    prepare: (exportJob: JobRecord, jobs: JobRecord[]) => Promise<PreparedExport>,
  ): Promise<ActionResult> {
    const now = this.now();
    const jobs = await this.atomically(async (tx) => {
      await this.requireVault(tx, vault);
      await this.settleDue(tx, now);
      return this.allJobs(tx, vault, query);
    });

    const created = createJobRecord(this.catalogue, {
      vault,
      scenario: "ExportJobs",
      now,
      activityId,
    });
    const { exportJob, blob } = await prepare(created, jobs);

    return this.atomically(async (tx) => {
      await this.requireVault(tx, vault);
      await tx.putBlob(blob, vault);
      await tx.insertJob(exportJob);
      const trackingJob = await this.settle(tx, exportJob, now);
      return this.recordOperation(tx, "export", trackingJob.name, trackingJob, now);
    });
  }

  async getOperation(
    vault: VaultRef,
    name: string,
  ): Promise<{ operation: OperationRecord; trackingJob: JobRecord }> {
    const now = this.now();
    return this.atomically(async (tx) => {
      await this.requireVault(tx, vault);
      const operation =
        (await tx.getOperation(vault, name)) ?? (await this.jobOperation(tx, vault, name));
      if (!operation) throw errors.operationNotFound(name);
      const stored = await tx.getJob(vault, operation.trackingJobName);
      if (!stored) throw errors.operationNotFound(name);
      return { operation, trackingJob: await this.settle(tx, stored, now) };
    });
  }

  /**
   * Jobs started by operations outside this API (a failover, a reprotect) are polled by their
   * own name, as Site Recovery's polling URLs carry the job id: the job is its operation.
   */
  private async jobOperation(
    tx: StoreTx,
    vault: VaultRef,
    name: string,
  ): Promise<OperationRecord | undefined> {
    const job = await tx.getJob(vault, name);
    if (!job) return undefined;
    return {
      name: job.name,
      vault: job.vault,
      kind: "job",
      jobName: job.name,
      trackingJobName: job.name,
      startTime: job.createdAt,
    };
  }

  /**
   * Applies every transition due by now, across all vaults, earliest first. Jobs started by
   * those transitions are caught up in the same pass. Returns how many jobs moved.
   */
  async catchUp(): Promise<number> {
    const now = this.now();
    let moved = 0;
    for (;;) {
      const batch = await this.atomically((tx) => this.settleDueBatch(tx, now));
      moved += batch;
      if (batch < DUE_BATCH) return moved;
    }
  }

  private async settleDueBatch(tx: StoreTx, now: number): Promise<number> {
    const due = await tx.dueJobs(now, DUE_BATCH);
    for (const job of due) await this.settle(tx, job, now);
    return due.length;
  }

  /** Every due job, inside the caller's transaction, so what it reads next is current. */
  private async settleDue(tx: StoreTx, now: number): Promise<void> {
    while ((await this.settleDueBatch(tx, now)) === DUE_BATCH);
  }

  /** Empties the store and, in the same transaction, lets `refill` put something back. */
  async reset(refill: (tx: StoreTx, now: number) => Promise<void>): Promise<void> {
    const now = this.now();
    await this.atomically(async (tx) => {
      await tx.reset();
      await refill(tx, now);
    });
  }
}
