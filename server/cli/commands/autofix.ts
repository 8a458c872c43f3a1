import type { WorkspaceLegal } from "@/core/flow";
import { autofix, formatDiagnostic } from "@/core/compliance";
import { readFlowFile, readLegalOrReport, writeOutput } from "../files";
import { EXIT, parseArgs, type CliCommand } from "../io";

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
      legal = await readLegalOrReport(legalPath, io);
      if (!legal) return EXIT.unreadable;
    }

    const file = positional[0];
    const flow = await readFlowFile(file, io);
    if (!flow.ok) return flow.exit;
    const result = autofix(flow.document, { legal });
    const text = `${JSON.stringify(result.document, null, 2)}\n`;
    const log = out === "-" ? io.err : io.out;
    const written = await writeOutput(out, text, io);

    if (result.inserted.length === 0) log(`${file}: nothing to fix.`);
    else {
      log(`${file}: inserted ${result.inserted.length} step(s):`);
      for (const entry of result.inserted) {
        log(`  + ${entry.type} ${entry.nodeId} before ${entry.beforeNodeId} (${entry.rule})`);
        log(`    ${formatDiagnostic(entry.reason, flow.document.locale)}`);
      }
    }
    if (written) log(`Written to ${out}.`);
    return EXIT.ok;
  },
};
