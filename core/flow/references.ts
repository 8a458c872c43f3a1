/**
 * The `{{ name }}` references of a flow's texts: where a message, input or choice puts
 * the value of a variable. Read once per distinct text with its words (`TextReading`),
 * so the rules that ask which variables a step uses do not scan its text again.
 */

/** Whether a UTF-16 unit is white space as `\s` of a regular expression means it. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Where the `{{ name }}` reference that starts at `open` (the index of a "{{") ends: the
 * index after its "}}", or -1 when none starts there. A reference is "{{", spaces, a name
 * of one or more characters that are neither braces nor spaces, spaces, "}}" — the
 * matches of `/\{\{\s*([^{}\s]+)\s*\}\}/g`, read without a regular expression (this runs
 * for every text of the flow).
 *
 * This is the one definition of a reference: in the texts the bot fills in (messages,
 * questions, notices, a consent's text) the checker counts these as uses of a variable
 * and does not read them as words, and the runtime fills exactly these in
 * (`replaceReferences`), so what the checker skips is never what a bot sends. Button
 * labels and webhook addresses are sent as they are: there braces are words
 * (`LexiconReader.readLiteral`) and use no variable.
 */
export function referenceEnd(text: string, open: number): number {
  let i = open + 2;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const nameStart = i;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7b || code === 0x7d || isSpace(code)) break;
  }
  const nameEnd = i;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return nameEnd > nameStart && text.charCodeAt(i) === 0x7d && text.charCodeAt(i + 1) === 0x7d ? i + 2 : -1;
}

/** The name of the reference from `open` to `end` (see `referenceEnd`): `trim` drops the same spaces as `\s`. */
function nameOf(text: string, open: number, end: number): string {
  return text.slice(open + 2, end - 2).trim();
}

/**
 * Calls `found` with the name of every `{{ name }}` reference in `text`, left to right.
 * Where none starts at a "{{", the search goes on from its second brace.
 */
export function forEachReference(text: string, found: (name: string) => void): void {
  let open = text.indexOf("{{");
  while (open !== -1) {
    const end = referenceEnd(text, open);
    if (end === -1) open = text.indexOf("{{", open + 1);
    else {
      found(nameOf(text, open, end));
      open = text.indexOf("{{", end);
    }
  }
}

/** `text` with every `{{ name }}` reference replaced by `value(name)`, in one pass: what `value` returns is not searched again. */
export function replaceReferences(text: string, value: (name: string) => string): string {
  let open = text.indexOf("{{");
  if (open === -1) return text;
  let result = "";
  let copied = 0;
  while (open !== -1) {
    const end = referenceEnd(text, open);
    if (end === -1) open = text.indexOf("{{", open + 1);
    else {
      result += text.slice(copied, open) + value(nameOf(text, open, end));
      copied = end;
      open = text.indexOf("{{", end);
    }
  }
  return result + text.slice(copied);
}

/** No references: shared by every text without one (almost all). */
export const NO_REFERENCES: readonly string[] = Object.freeze([]);

/** The names of the references in `text`, left to right (see `forEachReference`). */
export function referencesIn(text: string): readonly string[] {
  // A document that skipped parsing may hold anything where a text belongs: it has none.
  if (typeof text !== "string" || text.indexOf("{{") === -1) return NO_REFERENCES;
  const names: string[] = [];
  forEachReference(text, (name) => names.push(name));
  return names.length === 0 ? NO_REFERENCES : names;
}
