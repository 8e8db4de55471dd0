// Validates response bodies against the project's own JSON Schema of the job model, so tests
// check the shape of every body without reading the published contract.

import { AssertionError } from "node:assert";
import { readFileSync } from "node:fs";

import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default import is the whole module object.
const addFormats = addFormatsModule.default;

const SCHEMA_URL = new URL("../../schema/job.schema.json", import.meta.url);

const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as { $id: string };

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(schema);

function compiled(pointer: string): ValidateFunction {
  const validate = ajv.getSchema(`${schema.$id}${pointer}`);
  if (validate === undefined) throw new Error(`job schema has no ${pointer}`);
  return validate;
}

const validateJob = compiled("#/$defs/Job");
const validateJobCollection = compiled("#/$defs/JobCollection");

function describeError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(body)" : error.instancePath;
  const params = JSON.stringify(error.params);
  return `${where} ${error.message ?? "is invalid"} ${params} [${error.schemaPath}]`;
}

function check(validate: ValidateFunction, body: unknown, what: string): void {
  if (validate(body)) return;
  const errors = validate.errors ?? [];
  throw new AssertionError({
    message: [`${what} does not match the job schema:`, ...errors.map(describeError)].join("\n  "),
    actual: errors,
    expected: [],
    operator: "matchesSchema",
  });
}

export function assertValidJob(body: unknown): void {
  check(validateJob, body, "Job body");
}

export function assertValidJobCollection(body: unknown): void {
  check(validateJobCollection, body, "JobCollection body");
}
