import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

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

/** Splits `--flag value`, `--flag=value`, boolean flags and positional arguments. */
export function parseArgs(
  args: string[],
  spec: { booleans?: string[]; values?: string[] },
): { flags: Map<string, string | true>; positional: string[]; unknown: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (spec.booleans?.includes(name)) flags.set(name, true);
    else if (spec.values?.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) unknown.push(`${name} needs a value`);
      else flags.set(name, value);
    } else unknown.push(arg);
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
