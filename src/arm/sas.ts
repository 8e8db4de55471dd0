// Shared access signatures for exported job files, in the shape of an Azure Storage SAS:
// sv, sr, sp, se (expiry) and sig, an HMAC over the blob name and every signed field, so none
// of them can be changed without the signature failing. Expiry is read on the engine clock, so
// a test can move time past it.

import { createHmac, timingSafeEqual } from "node:crypto";

import { errors } from "./errors.js";

const SIGNED_VERSION = "2021-08-01";

/** The signed fields, in the order they enter the signature. */
const SIGNED_FIELDS = ["sv", "sr", "sp", "se"] as const;

type SignedFields = Record<(typeof SIGNED_FIELDS)[number], string>;

export class SasSigner {
  constructor(private readonly secret: Buffer) {}

  private signature(blobName: string, fields: SignedFields): string {
    // A JSON array keeps the fields apart whatever they contain, so no text can move from one
    // field to its neighbour and still match.
    const text = JSON.stringify([blobName, ...SIGNED_FIELDS.map((name) => fields[name])]);
    return createHmac("sha256", this.secret).update(text).digest("base64");
  }

  /** A token to append to the blob URL after "?". */
  sign(blobName: string, expiresAt: number): string {
    const fields: SignedFields = {
      sv: SIGNED_VERSION,
      sr: "b",
      sp: "r",
      se: new Date(expiresAt).toISOString(),
    };
    const params = new URLSearchParams({ ...fields, sig: this.signature(blobName, fields) });
    return params.toString();
  }

  /** Throws a 403 unless `query` holds a valid, unexpired, read signature for `blobName`. */
  verify(blobName: string, query: Record<string, unknown>, now: number): void {
    const { fields, sig } = signedFieldsOf(query);

    // Compared as text: decoding base64 would ignore stray characters a tampered token adds.
    const expected = Buffer.from(this.signature(blobName, fields));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.sasDenied("Signature did not match the blob and the signed fields.");
    }

    // Signed by us these always hold; checked anyway so a grant never exceeds a blob read.
    if (fields.sr !== "b") {
      throw errors.sasPermissionMismatch(`The signed resource '${fields.sr}' is not a blob (b).`);
    }
    if (!fields.sp.includes("r")) {
      throw errors.sasPermissionMismatch(`The signed permissions '${fields.sp}' lack read (r).`);
    }

    const expiresAt = Date.parse(fields.se);
    if (!Number.isFinite(expiresAt) || expiresAt < now) {
      throw errors.sasDenied(`Signed expiry time [${fields.se}] has passed.`);
    }
  }
}

/** Each signed field and sig exactly once, as text; anything else is no signature at all. */
function signedFieldsOf(query: Record<string, unknown>): { fields: SignedFields; sig: string } {
  const missing = [...SIGNED_FIELDS, "sig"].filter((name) => typeof query[name] !== "string");
  if (missing.length > 0) {
    throw errors.sasDenied(
      `The shared access signature lacks ${missing.join(", ")}, or gives it more than once.`,
    );
  }
  const text = (name: string) => query[name] as string;
  const fields: SignedFields = { sv: text("sv"), sr: text("sr"), sp: text("sp"), se: text("se") };
  return { fields, sig: text("sig") };
}
