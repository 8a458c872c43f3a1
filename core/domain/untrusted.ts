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

/** A value still to look at: its path is built from `parent` and `key` only when a problem is reported. */
type Pending = { value: object; depth: number; parent: Pending | null; key: string | number | null };

function pathOf(item: Pending | null, at: string, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let p = item; p !== null && p.key !== null; p = p.parent) keys.push(p.key);
  let path = at;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    path = typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k;
  }
  return path;
}

/** Bytes a primitive takes in the count (a string its UTF-8 length and quotes, anything else 8). */
function primitiveBytes(value: unknown): number {
  return typeof value === "string" ? utf8Length(value) + 2 : 8;
}

/**
 * The first problem with `value`, or null. Sizes are counted while walking, so a huge
 * value is refused without building its JSON text first. Paths are only put together
 * for the problem reported: this runs on every request body.
 *
 * `sizes`: the byte count (as `maxBytes` counts it) of `value` itself and of each object
 * or array directly in it is recorded there, so that a later check of one of those
 * (the document of a save) needs no walk of its own (see `vetInput`).
 */
export function findUntrustedProblem(
  value: unknown,
  limits: UntrustedLimits = {},
  sizes?: WeakMap<object, number>,
): UntrustedProblem | null {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxBytes = limits.maxBytes ?? Infinity;
  const at = limits.at ?? "";
  const tooLarge = (path: string): UntrustedProblem => ({
    reason: "tooLarge",
    path,
    message: `${path || "The input"} is too large: at most ${maxBytes} bytes are allowed.`,
  });
  if (value === null || typeof value !== "object") {
    return primitiveBytes(value) > maxBytes ? tooLarge(at) : null;
  }
  const stack: Pending[] = [{ value, depth: 0, parent: null, key: null }];
  // Objects whose size is recorded, open until the stack is back to `mark` (all their contents walked).
  const open: { value: object; start: number; mark: number }[] = [];
  let bytes = 0;
  while (stack.length > 0) {
    while (open.length > 0 && open[open.length - 1]!.mark === stack.length) {
      const done = open.pop()!;
      sizes!.set(done.value, bytes - done.start);
    }
    const item = stack.pop()!;
    const v = item.value;
    if (item.depth >= maxDepth) {
      const path = pathOf(item, at);
      return { reason: "tooDeep", path, message: `${path || "The input"} is nested too deeply: at most ${maxDepth} levels are allowed.` };
    }
    if (sizes && item.depth <= 1) open.push({ value: v, start: bytes, mark: stack.length });
    bytes += 2;
    const depth = item.depth + 1;
    if (Array.isArray(v)) {
      bytes += v.length;
      for (let i = v.length - 1; i >= 0; i--) {
        const child: unknown = v[i];
        if (child !== null && typeof child === "object") stack.push({ value: child, depth, parent: item, key: i });
        else {
          bytes += primitiveBytes(child);
          if (bytes > maxBytes) return tooLarge(pathOf(item, at, i));
        }
      }
    } else {
      for (const key of Object.keys(v)) {
        if (PROTOTYPE_KEYS.has(key)) {
          const path = pathOf(item, at, key);
          return { reason: "prototypeKey", path, message: `${path}: the key "${key}" is not allowed.` };
        }
        bytes += key.length + 4;
        const child: unknown = (v as Record<string, unknown>)[key];
        if (child !== null && typeof child === "object") stack.push({ value: child, depth, parent: item, key });
        else {
          bytes += primitiveBytes(child);
          if (bytes > maxBytes) return tooLarge(pathOf(item, at, key));
        }
      }
    }
    if (bytes > maxBytes) return tooLarge(pathOf(item, at));
  }
  while (open.length > 0) {
    const done = open.pop()!;
    sizes!.set(done.value, bytes - done.start);
  }
  return null;
}

/*
 * One walk per request input. The tRPC transformer checks each input as it arrives
 * (`vetInput`), before anything else walks it; later checks of the same objects (the
 * procedure middleware, a save's document size) look the result up instead of walking
 * the document again. Only objects that passed are recorded, and request input is
 * not changed after it was parsed, so a recorded size is the object's size.
 */
const vetted = new WeakMap<object, number>();

/**
 * Checks a request input like `findUntrustedProblem(input)` and remembers that `input`
 * and the objects directly in it (a save's `document`) passed, with their sizes.
 */
export function vetInput(input: unknown): UntrustedProblem | null {
  if (input === null || typeof input !== "object") return findUntrustedProblem(input);
  const sizes = new WeakMap<object, number>();
  const problem = findUntrustedProblem(input, {}, sizes);
  if (problem) return problem;
  vetted.set(input, sizes.get(input)!);
  if (!Array.isArray(input)) {
    for (const child of Object.values(input)) {
      if (child !== null && typeof child === "object") vetted.set(child, sizes.get(child)!);
    }
  }
  return null;
}

/**
 * The size in bytes of a value `vetInput` passed (or one directly in it), as
 * `findUntrustedProblem` counts it, or undefined for any other value. Such a value is
 * within DEFAULT_MAX_DEPTH levels and holds no prototype-like key.
 */
export function vettedSize(value: unknown): number | undefined {
  return value !== null && typeof value === "object" ? vetted.get(value) : undefined;
}
