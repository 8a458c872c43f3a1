import * as crypto from "node:crypto";
import { createHash, randomBytes } from "node:crypto";

/**
 * SHA-256 of a string's UTF-8 bytes: Node's one-shot `crypto.hash` (from 20.12) where
 * there is one, which costs less than a Hash object per call (seen in ingestion
 * profiles, where every event is hashed), else the same through `createHash`.
 */
const sha256Of: (value: string, encoding: "hex" | "base64url") => string =
  typeof crypto.hash === "function"
    ? (value, encoding) => crypto.hash("sha256", value, encoding)
    : (value, encoding) => createHash("sha256").update(value, "utf8").digest(encoding);

/** Hex SHA-256 of a string; how secrets and erased subjects are stored. */
export function sha256Hex(value: string): string {
  return sha256Of(value, "hex");
}

/** Base64url SHA-256 of a string (shorter to store than hex). */
export function sha256Base64url(value: string): string {
  return sha256Of(value, "base64url");
}

/**
 * A random secret for a link or a bearer token: 32 bytes (256 bits) in base64url,
 * so a stored SHA-256 is enough (no slow hash needed against guessing).
 */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
