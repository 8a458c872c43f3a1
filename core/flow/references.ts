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
 * Calls `found` with the name of every `{{ name }}` reference in `text`, left to right:
 * the matches of `/\{\{\s*([^{}\s]+)\s*\}\}/g`, read without a regular expression
 * (this runs for every text of the flow). A reference is "{{", spaces, a name of one or
 * more characters that are neither braces nor spaces, spaces, "}}"; where none starts
 * at a "{{", the search goes on from its second brace.
 */
export function forEachReference(text: string, found: (name: string) => void): void {
  let open = text.indexOf("{{");
  while (open !== -1) {
    let i = open + 2;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const nameStart = i;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x7b || code === 0x7d || isSpace(code)) break;
    }
    const nameEnd = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (nameEnd > nameStart && text.charCodeAt(i) === 0x7d && text.charCodeAt(i + 1) === 0x7d) {
      found(text.slice(nameStart, nameEnd));
      open = text.indexOf("{{", i + 2);
    } else open = text.indexOf("{{", open + 1);
  }
}

/** No references: shared by every text without one (almost all). */
const NO_REFERENCES: readonly string[] = Object.freeze([]);

/** The names of the references in `text`, left to right (see `forEachReference`). */
export function referencesIn(text: string): readonly string[] {
  // A document that skipped parsing may hold anything where a text belongs: it has none.
  if (typeof text !== "string" || text.indexOf("{{") === -1) return NO_REFERENCES;
  const names: string[] = [];
  forEachReference(text, (name) => names.push(name));
  return names.length === 0 ? NO_REFERENCES : names;
}
