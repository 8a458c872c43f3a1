/*
 * Checks for JSON-like input from outside before any schema looks at it. A schema
 * walks values recursively and copies objects with spread; a document 5,000 levels
 * deep overflows the stack, and keys such as `__proto__` or `constructor` turn into
 * prototype lookups in later code. Both are refused here with a path, iteratively,
 * so the check itself cannot overflow.
 */

/** Keys that name an object's prototype machinery; never valid data in Flowguard. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Deep enough for any flow document (about 6 levels) with generous room for editor extras. */
export const DEFAULT_MAX_DEPTH = 32;

/** A flow document's serialized size limit, the same as the parser's for JSON text. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export type UntrustedProblem = {
  reason: "tooDeep" | "prototypeKey" | "tooLarge";
  /** Where, e.g. `document.nodes[3].data`; empty for the value itself. */
  path: string;
  message: string;
};

export type UntrustedLimits = {
  maxDepth?: number;
  /** Most bytes the value may take as JSON text (UTF-8); unchecked when absent. */
  maxBytes?: number;
  /** Prefix for paths in messages, e.g. the input field's name. */
  at?: string;
};

function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** UTF-8 length of a string without encoding it (a surrogate pair is 4 bytes, 2 units). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x800) bytes += c >= 0xd800 && c <= 0xdfff ? 1 : 2;
    else if (c >= 0x80) bytes += 1;
  }
  return bytes;
}

/**
 * The first problem with `value`, or null. Sizes are counted while walking, so a huge
 * value is refused without building its JSON text first.
 */
export function findUntrustedProblem(value: unknown, limits: UntrustedLimits = {}): UntrustedProblem | null {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxBytes = limits.maxBytes ?? Infinity;
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: limits.at ?? "" }];
  let bytes = 0;
  const tooLarge = (path: string): UntrustedProblem => ({
    reason: "tooLarge",
    path,
    message: `${path || "The input"} is too large: at most ${maxBytes} bytes are allowed.`,
  });
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === "string") {
      bytes += utf8Length(v) + 2;
    } else if (v === null || typeof v !== "object") {
      bytes += 8;
    } else {
      if (item.depth >= maxDepth) {
        return {
          reason: "tooDeep",
          path: item.path,
          message: `${item.path || "The input"} is nested too deeply: at most ${maxDepth} levels are allowed.`,
        };
      }
      bytes += 2;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: item.depth + 1, path: joinPath(item.path, i) });
        bytes += v.length;
      } else {
        for (const key of Object.keys(v)) {
          const path = joinPath(item.path, key);
          if (PROTOTYPE_KEYS.has(key)) {
            return { reason: "prototypeKey", path, message: `${path}: the key "${key}" is not allowed.` };
          }
          bytes += key.length + 4;
          stack.push({ value: (v as Record<string, unknown>)[key], depth: item.depth + 1, path });
        }
      }
    }
    if (bytes > maxBytes) return tooLarge(item.path);
  }
  return null;
}
