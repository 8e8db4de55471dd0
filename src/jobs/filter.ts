// Turns the two ways a caller narrows a job list into one JobQuery: the `$filter` of
// ReplicationJobs_List, and the JobQueryParameter body of an export. Site Recovery accepts
// only a small OData subset here: `Field eq 'value'` terms joined by `and`, where the values
// of one field may be grouped as `( Field eq 'a' or Field eq 'b' )`. PowerShell writes the
// field names in PascalCase and other clients in camelCase, so names ignore case.

import { defaultParser } from "@odata/parser";

import { errors } from "../arm/errors.js";
import type { JobQueryParameter } from "./model.js";
import type { JobQuery } from "../store/store.js";

type Field =
  | "startTime"
  | "endTime"
  | "jobStatus"
  | "affectedObjectTypes"
  | "fabricId"
  | "jobName"
  | "timezoneOffset"
  | "jobOutputType";

const FIELD_NAMES: readonly Field[] = [
  "startTime",
  "endTime",
  "jobStatus",
  "affectedObjectTypes",
  "fabricId",
  "jobName",
  "timezoneOffset",
  "jobOutputType",
];

const FIELDS = new Map(FIELD_NAMES.map((field) => [field.toLowerCase(), field]));

const ACCEPTED =
  "Accepted fields: StartTime, EndTime, JobStatus, AffectedObjectTypes, FabricId, JobName, " +
  "TimezoneOffset, JobOutputType. Write terms as Field eq 'value' joined by 'and'; give " +
  "several values of one field as ( Field eq 'a' or Field eq 'b' ).";

const OUTPUT_TYPES = ["json", "xml", "excel"];

/** Minutes either side of UTC that any time zone lies within. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** One term of the conjunction: the field equals any one of `values`. */
interface Condition {
  field: Field;
  values: string[];
}

type Fail = (problem: string) => Error;

const filterError: Fail = (problem) =>
  errors.invalidInput("InvalidFilter", `${problem} ${ACCEPTED}`);

const bodyError: Fail = (problem) =>
  errors.invalidInput("InvalidJobQueryParameter", `${problem} ${ACCEPTED}`);

/** The JobQuery a `$filter` asks for; throws a 400 InvalidFilter for anything else. */
export function parseJobFilter($filter: string): JobQuery {
  const text = $filter.trim();
  if (text === "") return {};

  const tree = parseOData(text);
  const conditions = conjuncts(tree).map(orGroup);
  return toQuery(conditions, filterError);
}

/**
 * The JobQuery an export body asks for. Its strings may list several values separated by
 * commas; empty strings, like absent fields, set no condition.
 */
export function queryFromParameters(p: JobQueryParameter): JobQuery {
  const conditions: Condition[] = [];
  for (const field of FIELD_NAMES) {
    const value: unknown = p[field];
    // In the body jobOutputType picks the file format, which the export itself checks.
    if (value === undefined || value === null || field === "jobOutputType") continue;
    if (field === "timezoneOffset") {
      if (typeof value !== "number") throw bodyError("timezoneOffset must be a number.");
      conditions.push({ field, values: [String(value)] });
      continue;
    }
    if (typeof value !== "string") throw bodyError(`${field} must be a string.`);
    const single = field === "startTime" || field === "endTime";
    const values = single ? [value.trim()] : value.split(",").map((v) => v.trim());
    conditions.push({ field, values: values.filter((v) => v !== "") });
  }
  // An empty list here means "no condition", as an empty string does in the body.
  return toQuery(
    conditions.filter((c) => c.values.length > 0),
    bodyError,
  );
}

// The token shapes of @odata/parser that this subset uses. The parser's own typings describe
// every node as one loose Token, so the walk below checks `type` before reading `value`.
interface Node {
  type: string;
  raw: string;
  next: number;
  value: unknown;
}

interface Pair {
  left: Node;
  right: Node;
}

function parseOData(text: string): Node {
  let tree: Node;
  try {
    tree = defaultParser.filter(text) as unknown as Node;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw filterError(`The $filter '${text}' is not valid OData (${reason}).`);
  }
  if (tree.next !== text.length) {
    throw filterError(`The $filter '${text}' has unexpected text at ${tree.next}.`);
  }
  return tree;
}

const unwrap = (node: Node): Node =>
  node.type === "BoolParenExpression" ? unwrap(node.value as Node) : node;

function conjuncts(node: Node): Node[] {
  const inner = unwrap(node);
  if (inner.type !== "AndExpression") return [inner];
  const { left, right } = inner.value as Pair;
  return [...conjuncts(left), ...conjuncts(right)];
}

function disjuncts(node: Node): Node[] {
  const inner = unwrap(node);
  if (inner.type !== "OrExpression") return [inner];
  const { left, right } = inner.value as Pair;
  return [...disjuncts(left), ...disjuncts(right)];
}

function orGroup(node: Node): Condition {
  const terms = disjuncts(node).map(comparison);
  const first = terms[0];
  if (!first) throw filterError(`The term '${node.raw}' is empty.`);
  if (terms.some((term) => term.field !== first.field)) {
    throw filterError(
      `The group '${node.raw}' mixes fields; 'or' may only join values of one field.`,
    );
  }
  return { field: first.field, values: terms.map((term) => term.value) };
}

function comparison(node: Node): { field: Field; value: string } {
  if (node.type !== "EqualsExpression") {
    throw filterError(`The term '${node.raw}' is not supported; only 'eq' comparisons are.`);
  }
  const { left, right } = node.value as Pair;
  const field = left.type === "FirstMemberExpression" && FIELDS.get(left.raw.toLowerCase());
  if (!field) throw filterError(`'${left.raw}' is not a field jobs can be filtered on.`);
  if (right.type !== "Literal") {
    throw filterError(`The value of '${node.raw}' must be a quoted string or a number.`);
  }
  return { field, value: literalText(right) };
}

function literalText(literal: Node): string {
  const type = String(literal.value);
  if (type === "Edm.String") return unquote(literal.raw);
  if (type === "null" || type === "Edm.Boolean") {
    throw filterError(`The value ${literal.raw} must be a quoted string or a number.`);
  }
  // Numbers, unquoted dates and GUIDs keep their written form; toQuery checks them per field.
  return literal.raw;
}

function unquote(raw: string): string {
  // A quote may arrive percent-encoded when a client encodes the query string twice.
  let text = raw;
  if (text.startsWith("%27")) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw filterError(`The value ${raw} is not correctly encoded.`);
    }
  }
  return text.slice(1, -1).replaceAll("''", "'");
}

/**
 * Folds the conditions into a JobQuery. An empty value anywhere in a group lifts the group's
 * condition, as Site Recovery's export example sends every field, most of them empty. The
 * same list field named in several `and` terms keeps only the values all terms allow (which
 * may be none); several StartTime or EndTime terms keep the narrowest window.
 */
function toQuery(conditions: Condition[], fail: Fail): JobQuery {
  const lists = new Map<Field, string[]>();
  const starts: string[] = [];
  const ends: string[] = [];
  let offset: string | undefined;

  for (const { field, values } of conditions) {
    if (values.includes("")) continue;
    const single = values.length === 1 ? values[0] : undefined;
    if (field === "startTime" || field === "endTime" || field === "timezoneOffset") {
      if (single === undefined) throw fail(`${field} takes one value, not a group.`);
      if (field === "startTime") starts.push(single);
      else if (field === "endTime") ends.push(single);
      else if (offset !== undefined && offset !== single) {
        throw fail("timezoneOffset is given twice with different values.");
      } else offset = single;
      continue;
    }
    if (field === "jobOutputType") {
      // It chooses an export's file format and narrows nothing; checked, then ignored.
      const bad = values.find((v) => !OUTPUT_TYPES.includes(v.toLowerCase()));
      if (bad !== undefined) throw fail(`'${bad}' is not a jobOutputType (Json, Xml, Excel).`);
      continue;
    }
    const before = lists.get(field);
    lists.set(field, before ? intersect(before, values) : values);
  }

  const offsetMinutes = offset === undefined ? 0 : parseOffset(offset, fail);
  const instant = (field: Field, text: string) => {
    const ms = parseInstant(text, offsetMinutes);
    if (ms === undefined) {
      throw fail(`${field} '${text}' is not a date and time such as 2021-04-06T00:00:00Z.`);
    }
    return ms;
  };

  const query: JobQuery = {};
  if (starts.length > 0) query.startFrom = Math.max(...starts.map((s) => instant("startTime", s)));
  if (ends.length > 0) query.startTo = Math.min(...ends.map((e) => instant("endTime", e)));
  const states = lists.get("jobStatus");
  if (states) query.states = states;
  const types = lists.get("affectedObjectTypes");
  if (types) query.targetInstanceTypes = types;
  const fabrics = lists.get("fabricId");
  if (fabrics) query.fabricIds = fabrics;
  const names = lists.get("jobName");
  if (names) query.jobNames = names;
  return query;
}

function intersect(kept: string[], values: string[]): string[] {
  const allowed = new Set(values.map((v) => v.toLowerCase()));
  return kept.filter((v) => allowed.has(v.toLowerCase()));
}

function parseOffset(text: string, fail: Fail): number {
  const minutes = /^[+-]?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(minutes) || Math.abs(minutes) > MAX_OFFSET_MINUTES) {
    throw fail(
      `timezoneOffset '${text}' must be a number of minutes between ` +
        `-${MAX_OFFSET_MINUTES} and ${MAX_OFFSET_MINUTES}.`,
    );
  }
  return minutes;
}

// Round-trip timestamps as .NET writes them (seven fractional digits) and as JavaScript does
// (three); a date alone means its midnight.
const INSTANT = new RegExp(
  "^(\\d{4})-(\\d{2})-(\\d{2})" +
    "(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:?\\d{2})?)?$",
  "i",
);

/**
 * Engine milliseconds for an ISO 8601 date and time, or undefined if it is not one. A value
 * without a zone designator is local time at `offsetMinutes` east of UTC. Fractional
 * milliseconds are kept rather than rounded, so a seven-digit bound keeps its meaning.
 */
function parseInstant(text: string, offsetMinutes: number): number | undefined {
  const match = INSTANT.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", fraction = "", zone] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const [hour, minute, second] = [Number(h), Number(mi), Number(sec)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  // setUTCFullYear, because Date.UTC reads years 0 to 99 as 1900 to 1999, and clients send
  // .NET's DateTime.MinValue, 0001-01-01, to mean "from the beginning".
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const wholeMs = date.getTime();
  // Date.UTC rolls 2021-02-30 over into March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;

  const fractionMs = fraction === "" ? 0 : Number(`0.${fraction}`) * 1000;
  return wholeMs + fractionMs - zoneMinutes(zone, offsetMinutes) * 60_000;
}

function zoneMinutes(zone: string | undefined, offsetMinutes: number): number {
  if (zone === undefined) return offsetMinutes;
  if (zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith("-") ? -minutes : minutes;
}
