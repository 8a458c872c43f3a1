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
