// The persistence boundary. The engine and the routes speak only to this interface, so the
// embedded SQLite store and a shared PostgreSQL store (not written yet) are interchangeable.
// Nothing here knows about ARM or HTTP. Name comparisons are case-insensitive, as ARM's are:
// implementations key on lower-cased names and keep the caller's casing in the stored values.

import type { BlobRecord, JobRecord, OperationRecord, VaultRef } from "../jobs/record.js";

export interface ResourceGroupRecord {
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
}

export interface VaultRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sku: { name: string; tier?: string };
  tags: Record<string, string>;
}

/**
 * A conjunction of job conditions, each an OR over its values. Produced by the `$filter`
 * parser and by export queries; evaluated by the store as an indexed query.
 */
export interface JobQuery {
  /** Inclusive lower bound on the job's start time (engine ms). */
  startFrom?: number;
  /** Inclusive upper bound on the job's start time (engine ms). */
  startTo?: number;
  states?: string[];
  targetInstanceTypes?: string[];
  fabricIds?: string[];
  /** Matched against the job's name (its id) or its scenarioName, case-insensitively. */
  jobNames?: string[];
}

export interface JobPage {
  jobs: JobRecord[];
  /** Position of the last job returned, to continue from; null when there are no more. */
  next: number | null;
}

export interface StoreTx {
  getResourceGroup(subscriptionId: string, name: string): Promise<ResourceGroupRecord | undefined>;
  putResourceGroup(group: ResourceGroupRecord): Promise<void>;
  /** Deletes the group with its vaults, their jobs, operations and blobs. */
  deleteResourceGroup(subscriptionId: string, name: string): Promise<boolean>;

  getVault(ref: VaultRef): Promise<VaultRecord | undefined>;
  /** The vaults of a resource group, by name. */
  listVaults(subscriptionId: string, resourceGroup: string): Promise<VaultRecord[]>;
  putVault(vault: VaultRecord): Promise<void>;
  /** Deletes the vault with its jobs, operations and blobs. */
  deleteVault(ref: VaultRef): Promise<boolean>;

  getJob(vault: VaultRef, name: string): Promise<JobRecord | undefined>;
  insertJob(job: JobRecord): Promise<void>;
  /**
   * Writes `job` if the stored version is still `job.version - 1`; returns false when another
   * writer got there first (the caller re-reads and retries).
   */
  updateJob(job: JobRecord): Promise<boolean>;
  /** Jobs of a vault matching `query`, in creation order, after position `after`. */
  listJobs(vault: VaultRef, query: JobQuery, after: number | null, limit: number): Promise<JobPage>;
  /** Jobs of any vault whose next transition is due at or before `now`, earliest first. */
  dueJobs(now: number, limit: number): Promise<JobRecord[]>;

  putOperation(operation: OperationRecord): Promise<void>;
  getOperation(vault: VaultRef, name: string): Promise<OperationRecord | undefined>;

  /** `owner`, when given, is the vault whose deletion (or its group's) removes the blob. */
  putBlob(blob: BlobRecord, owner?: VaultRef): Promise<void>;
  getBlob(name: string): Promise<BlobRecord | undefined>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  /** Empties every table but the meta table (secrets and clock survive a reset). */
  reset(): Promise<void>;
}

export interface Store extends StoreTx {
  /** Runs `work` atomically: all of its writes land, or none do. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
