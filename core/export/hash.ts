import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/*
 * Hashing must stay synchronous and work without Node or Web Crypto: the exporter
 * and the runtime run in the browser (preview) and in bots, so building an export
 * and answering a message are plain function calls. Web Crypto's digest is async
 * only, hence the audited @noble/hashes.
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
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
}

/** The content hash of a flow document: SHA-256 of its canonical JSON. */
export function contentHashOf(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}
