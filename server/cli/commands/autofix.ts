import { writeFile } from "node:fs/promises";
import { parseFlowDocument, type WorkspaceLegal } from "../../flow";
import { autofix } from "../../compliance";
import { EXIT, parseArgs, readJsonFile, type CliCommand } from "../io";
import { readLegalFile } from "../legalFile";

const USAGE = `Usage: flowguard autofix FILE -o OUT [--legal LEGAL.json]

Inserts the missing bot disclosures, privacy notices and consents on exactly the
paths that lack them and writes the repaired flow to OUT ("-" for stdout).
With --legal the controller's name is used in the inserted texts.

Exit code: 0 written, 1 the file is not a valid flow, 2 unreadable input.`;

export const autofixCommand: CliCommand = {
  name: "autofix",
  summary: "insert missing compliance steps and write the repaired flow",
  usage: USAGE,
  async run(args, io) {
    const { flags, positional, unknown } = parseArgs(args, { booleans: ["--help", "-h"], values: ["-o", "--out", "--legal"] });
    if (flags.has("--help") || flags.has("-h")) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const out = flags.get("-o") ?? flags.get("--out");
    if (unknown.length > 0 || positional.length !== 1 || typeof out !== "string") {
      io.err(unknown.length > 0 ? `Unknown option: ${unknown.join(", ")}` : "Give exactly one FILE and -o OUT.");
      io.err(USAGE);
      return EXIT.unreadable;
    }
    let legal: WorkspaceLegal | null = null;
    const legalPath = flags.get("--legal");
    if (typeof legalPath === "string") {
      const read = await readLegalFile(legalPath);
      if (!read.ok) {
        io.err(read.error);
        return EXIT.unreadable;
      }
      legal = read.legal;
    }

    const file = positional[0];
    const read = await readJsonFile(file);
    if (!read.ok) {
      io.err(read.error);
      return EXIT.unreadable;
    }
    const parsed = parseFlowDocument(read.text);
    if (!parsed.ok) {
      io.err(`${file} is not a valid flow:`);
      for (const error of parsed.errors) io.err(`  ${error.message}`);
      return EXIT.findings;
    }
    const result = autofix(parsed.document, { legal });
    const text = `${JSON.stringify(result.document, null, 2)}\n`;
    const log = out === "-" ? io.err : io.out;
    if (out === "-") io.out(text.trimEnd());
    else await writeFile(out, text, "utf8");

    if (result.inserted.length === 0) log(`${file}: nothing to fix.`);
    else {
      log(`${file}: inserted ${result.inserted.length} step(s):`);
      for (const entry of result.inserted) {
        log(`  + ${entry.type} ${entry.nodeId} before ${entry.beforeNodeId} (${entry.rule})`);
        log(`    ${entry.reason}`);
      }
    }
    if (out !== "-") log(`Written to ${out}.`);
    return EXIT.ok;
  },
};
