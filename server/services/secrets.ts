import { createHash, randomBytes } from "node:crypto";

/** Hex SHA-256 of a string; how secrets and erased subjects are stored. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/**
 * A random secret for a link or a bearer token: 32 bytes (256 bits) in base64url,
 * so a stored SHA-256 is enough (no slow hash needed against guessing).
 */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
