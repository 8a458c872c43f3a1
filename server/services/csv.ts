/*
 * CSV for spreadsheets (RFC 4180): comma separated, CRLF line ends, cells with a
 * comma, quote or line break quoted. Cells that a spreadsheet would run as a
 * formula get a leading apostrophe, because audit and ledger cells hold text that
 * outsiders (bots, invitees) chose. Only those: `=`, `@`, tab and carriage return
 * always start a formula; `+` and `-` only when more than a word follows (an
 * operator, a parenthesis, `|` for DDE, a space…). Ids like `-x7Yq_a` and numbers
 * like `-3.5` stay exactly as stored.
 */
const FORMULA_START = /^[=@\t\r]/;
const SIGNED_WORD = /^[+-][\p{L}\p{N}_.-]*$/u;

function wouldBeFormula(text: string): boolean {
  if (FORMULA_START.test(text)) return true;
  return (text.startsWith("+") || text.startsWith("-")) && !SIGNED_WORD.test(text);
}

export type CsvCell = string | number | boolean | Date | null | undefined;

/** One cell, escaped and neutralised against formula injection. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && wouldBeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV document with a header row. Starts with a byte order mark so that
 * Excel opens umlauts correctly.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
