// The files an export produces: the jobs matching the export's query, in the requested
// jobOutputType. The file is stored as a blob and served to holders of its SAS token.

import ExcelJS from "exceljs";
import { XMLBuilder } from "fast-xml-parser";

import { errors } from "../arm/errors.js";
import type { SasSigner } from "../arm/sas.js";
import type { Job } from "./model.js";
import type { BlobRecord, JobRecord } from "./record.js";
import { renderJob } from "./render.js";

export type ExportFormat = "Json" | "Xml" | "Excel";

const FORMATS: Record<ExportFormat, { extension: string; contentType: string }> = {
  Json: { extension: "json", contentType: "application/json" },
  Xml: { extension: "xml", contentType: "application/xml" },
  Excel: {
    extension: "xlsx",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  },
};

/** How long an export's SAS token stays valid, on the engine clock. */
export const SAS_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const EXPORT_BLOB_PATH = "/exports";

export class ExportFiles {
  constructor(private readonly signer: SasSigner) {}

  /** Json when absent or empty, as the service defaults; otherwise one of the three names. */
  formatOf(jobOutputType: string | undefined): ExportFormat {
    if (jobOutputType === undefined || jobOutputType.trim() === "") return "Json";
    const match = (Object.keys(FORMATS) as ExportFormat[]).find(
      (format) => format.toLowerCase() === jobOutputType.trim().toLowerCase(),
    );
    if (match) return match;
    throw errors.invalidInput(
      "InvalidJobOutputType",
      `The jobOutputType '${jobOutputType}' is not supported. Accepted values: ` +
        `${Object.keys(FORMATS).join(", ")}.`,
    );
  }

  /**
   * Encodes the file for `jobs` and returns it with the export job, which now carries its
   * blobUri and sasToken. Nothing is stored: encoding can take a while and runs outside any
   * transaction; the caller stores both together.
   */
  async prepare(
    exportJob: JobRecord,
    jobs: JobRecord[],
    format: ExportFormat,
    baseUrl: string,
  ): Promise<{ exportJob: JobRecord; blob: BlobRecord }> {
    const { extension, contentType } = FORMATS[format];
    const blobName = `${exportJob.name}.${extension}`;
    const rendered = jobs.map((job) => renderJob(job, "full"));

    const blob: BlobRecord = {
      name: blobName,
      contentType,
      content: await encode(rendered, format),
      createdAt: exportJob.createdAt,
    };
    const withFile: JobRecord = {
      ...exportJob,
      customDetails: {
        instanceType: "ExportJobDetails",
        affectedObjectDetails: {},
        blobUri: `${baseUrl}${EXPORT_BLOB_PATH}/${blobName}`,
        sasToken: this.signer.sign(blobName, exportJob.createdAt + SAS_LIFETIME_MS),
      },
    };
    return { exportJob: withFile, blob };
  }
}

async function encode(jobs: Job[], format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case "Json":
      return Buffer.from(JSON.stringify({ value: jobs }, null, 2));
    case "Xml":
      return Buffer.from(toXml(jobs));
    case "Excel":
      return toWorkbook(jobs);
  }
}

function toXml(jobs: Job[]): string {
  const builder = new XMLBuilder({
    format: true,
    ignoreAttributes: false,
    suppressEmptyNode: true,
  });
  const document = { "?xml": { "@_version": "1.0", "@_encoding": "utf-8" }, Jobs: { Job: jobs } };
  return builder.build(document) as string;
}

const COLUMNS: { header: string; value: (job: Job) => string }[] = [
  { header: "Name", value: (job) => job.name },
  { header: "Scenario", value: (job) => job.properties.scenarioName ?? "" },
  { header: "Friendly name", value: (job) => job.properties.friendlyName ?? "" },
  { header: "State", value: (job) => job.properties.state },
  { header: "State description", value: (job) => job.properties.stateDescription },
  { header: "Start time", value: (job) => job.properties.startTime ?? "" },
  { header: "End time", value: (job) => job.properties.endTime ?? "" },
  { header: "Target object", value: (job) => job.properties.targetObjectName ?? "" },
  { header: "Target type", value: (job) => job.properties.targetInstanceType },
  { header: "Allowed actions", value: (job) => job.properties.allowedActions.join(", ") },
  { header: "Id", value: (job) => job.id },
];

async function toWorkbook(jobs: Job[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "asr-emulator";
  const sheet = workbook.addWorksheet("Jobs");
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: 24 }));
  for (const job of jobs) {
    sheet.addRow(COLUMNS.map((column) => column.value(job)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
