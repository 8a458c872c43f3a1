import { writeFile } from "node:fs/promises";
import { parseFlowDocument, type ParseResult, type WorkspaceLegal } from "@/core/flow";
import { EXIT, readJsonFile, type CliIO } from "./io";
import { readLegalFile } from "./legalFile";

/*
 * The file steps commands share. A reader prints why it failed on stderr and returns
 * null (or the exit code), so a command only decides what to return.
 */

/** Reads a JSON file; null after printing the reason (the command exits with EXIT.unreadable). */
export async function readJsonOrReport(path: string, io: CliIO): Promise<{ value: unknown; text: string } | null> {
  const read = await readJsonFile(path);
  if (!read.ok) {
    io.err(read.error);
    return null;
  }
  return read;
}

/** Reads `--legal FILE`; null after printing the reason (the command exits with EXIT.unreadable). */
export async function readLegalOrReport(path: string, io: CliIO): Promise<WorkspaceLegal | null> {
  const read = await readLegalFile(path);
  if (!read.ok) {
    io.err(read.error);
    return null;
  }
  return read.legal;
}

/**
 * Reads and parses a flow file. On failure the reason is printed and `exit` says how
 * to end: EXIT.unreadable for a file that cannot be read as JSON, EXIT.findings for
 * JSON that is not a valid flow (each problem on its own line).
 */
export async function readFlowFile(file: string, io: CliIO): Promise<Extract<ParseResult, { ok: true }> | { ok: false; exit: number }> {
  const read = await readJsonOrReport(file, io);
  if (!read) return { ok: false, exit: EXIT.unreadable };
  // The text is passed so the parser applies its size limit to the real bytes.
  const parsed = parseFlowDocument(read.text);
  if (!parsed.ok) {
    io.err(`${file} is not a valid flow:`);
    for (const error of parsed.errors) io.err(`  ${error.message}`);
    return { ok: false, exit: EXIT.findings };
  }
  return parsed;
}

/** Writes `text` to the file `out`, or to stdout when `out` is missing or "-"; true when a file was written. */
export async function writeOutput(out: string | undefined, text: string, io: CliIO): Promise<boolean> {
  if (out === undefined || out === "-") {
    io.out(text.trimEnd());
    return false;
  }
  await writeFile(out, text, "utf8");
  return true;
}
