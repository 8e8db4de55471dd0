// Shared access signatures for exported job files, in the shape of an Azure Storage SAS:
// sv, sr, sp, se (expiry) and sig, an HMAC over the blob name and the expiry. Expiry is read on
// the engine clock, so a test can move time past it.

import { createHmac, timingSafeEqual } from "node:crypto";

import { errors } from "./errors.js";

const SIGNED_VERSION = "2021-08-01";

export class SasSigner {
  constructor(private readonly secret: Buffer) {}

  private signature(blobName: string, expiry: string): Buffer {
    return createHmac("sha256", this.secret).update(`${blobName}\n${expiry}`).digest();
  }

  /** A token to append to the blob URL after "?". */
  sign(blobName: string, expiresAt: number): string {
    const expiry = new Date(expiresAt).toISOString();
    const params = new URLSearchParams({
      sv: SIGNED_VERSION,
      sr: "b",
      sp: "r",
      se: expiry,
      sig: this.signature(blobName, expiry).toString("base64"),
    });
    return params.toString();
  }

  /** Throws a 403 unless `query` holds a valid, unexpired signature for `blobName`. */
  verify(blobName: string, query: Record<string, string | undefined>, now: number): void {
    const { se: expiry, sig } = query;
    if (!expiry || !sig) {
      throw errors.sasDenied("The request carries no shared access signature (se and sig).");
    }

    // Compared as text: decoding base64 would ignore stray characters a tampered token adds.
    const expected = Buffer.from(this.signature(blobName, expiry).toString("base64"));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.sasDenied("Signature did not match the blob and expiry.");
    }

    const expiresAt = Date.parse(expiry);
    if (!Number.isFinite(expiresAt) || expiresAt < now) {
      throw errors.sasDenied(`Signed expiry time [${expiry}] has passed.`);
    }
  }
}
