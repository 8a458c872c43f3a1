import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";

/** What a command may print to; tests and `main` pass the process streams. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A subcommand: one file under `commands/`, registered in `commands/index.ts`. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT = { ok: 0, findings: 1, unreadable: 2 } as const;

/**
 * Splits `--flag value`, `--flag=value`, boolean flags and positional arguments
 * with Node's `parseArgs`. Flags are named as the user types them (`--json`, `-o`);
 * anything not in `spec` is reported in `unknown` for the command to refuse.
 */
export function parseArgs(
  args: string[],
  spec: { booleans?: string[]; values?: string[] },
): { flags: Map<string, string | true>; positional: string[]; unknown: string[] } {
  const known = new Map<string, "boolean" | "string">([
    ...(spec.booleans ?? []).map((flag) => [flag, "boolean"] as const),
    ...(spec.values ?? []).map((flag) => [flag, "string"] as const),
  ]);
  // parseArgs keys options by name; a one-letter flag (`-o`) is the short form of a same-named option.
  const options: Record<string, { type: "boolean" | "string"; short?: string }> = {};
  for (const [flag, type] of known) {
    const name = flag.replace(/^--?/, "");
    options[name] = flag.startsWith("--") ? { type } : { type, short: name };
  }
  const { tokens } = nodeParseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const unknown: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positional.push(token.value);
    if (token.kind !== "option") continue;
    const type = known.get(token.rawName);
    if (!type) unknown.push(token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName);
    else if (type === "boolean") flags.set(token.rawName, true);
    else if (token.value === undefined) unknown.push(`${token.rawName} needs a value`);
    else flags.set(token.rawName, token.value);
  }
  return { flags, positional, unknown };
}

/** Expands files and folders (recursively, `*.json`, sorted) into file paths. */
export async function expandInputs(inputs: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info === null) missing.push(input);
    else if (info.isDirectory()) files.push(...(await jsonFilesUnder(input)));
    else files.push(input);
  }
  return { files, missing };
}

async function jsonFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFilesUnder(path)));
    else if (entry.isFile() && entry.name.endsWith(".json")) files.push(path);
  }
  return files;
}

/** Reads and parses a JSON file; the error says why in one line. */
export async function readJsonFile(path: string): Promise<{ ok: true; value: unknown; text: string } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, error: `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
