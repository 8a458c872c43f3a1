import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/**
 * SHA-256 and canonical JSON for the exporter and the runtime, which run in the browser
 * (preview), in Node and in bots: the hash comes from an audited library (`@noble/hashes`)
 * that is synchronous everywhere, so building an export and answering a message stay
 * plain function calls (Web Crypto's digest is asynchronous).
 */

/** The SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * JSON with object keys sorted and no whitespace, so equal documents hash equally
 * whatever order an editor wrote their keys in. `undefined` members are dropped as
 * JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, parts);
  return parts.join("");
}

/**
 * Appends the pieces of `value`'s canonical JSON to `parts`, joined once at the end: a
 * string per array and object, built and copied again at every level, made it most of
 * the cost of an export.
 */
function writeCanonical(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== "object") {
    parts.push(JSON.stringify(value) ?? "null");
    return;
  }
  if (Array.isArray(value)) {
    parts.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(",");
      const item: unknown = value[i];
      if (item === undefined) parts.push("null");
      else writeCanonical(item, parts);
    }
    parts.push("]");
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  parts.push("{");
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    parts.push(first ? JSON.stringify(key) : "," + JSON.stringify(key), ":");
    first = false;
    writeCanonical(member, parts);
  }
  parts.push("}");
}

/** The content hash of a flow document: SHA-256 of its canonical JSON. */
export function contentHashOf(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}
