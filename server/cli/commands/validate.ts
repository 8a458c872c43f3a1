import { parseFlowDocument } from "@/core/flow";
import { formatDiagnostics, validate, WORKSPACE_RULE_IDS, type FormattedDiagnostic } from "@/core/compliance";
import { readLegalOrReport } from "../files";
import { EXIT, expandInputs, parseArgs, readJsonFile, type CliCommand, type CliIO } from "../io";

/** One file's outcome, in the JSON Lines shape of the design document. */
interface FileReport {
  file: string;
  /** Worded in the flow's language. */
  diagnostics: FormattedDiagnostic[];
  unreadable: boolean;
}

const USAGE = `Usage: flowguard validate FILE|FOLDER... [--json] [--legal LEGAL.json] [--strict]

Checks flow documents against the compliance rulebook. Folders are searched
recursively for *.json files.

  --json         print one JSON object per file (JSON Lines):
                 {"file","diagnostics":[{"rule","severity","nodeId","message","path","params"}]}
                 (message in the flow's language; params: the finding as data)
  --legal FILE   the workspace's legal settings; without it the workspace rules
                 (${WORKSPACE_RULE_IDS.join(", ")}) are skipped
  --strict       a missing --legal is an error (for CI), not a note

Exit code: 0 no errors, 1 at least one error, 2 unreadable input.`;

/** Turns a problem that is not a rule finding (unreadable file, schema) into a diagnostic line. */
function fileProblem(rule: "input", message: string): FormattedDiagnostic {
  return { rule, severity: "error", nodeId: null, message, params: { detail: message } };
}

async function checkFile(file: string, legal: Parameters<typeof validate>[1]): Promise<FileReport> {
  const read = await readJsonFile(file);
  if (!read.ok) return { file, diagnostics: [fileProblem("input", read.error)], unreadable: true };
  // The text is passed so the parser applies its size limit to the real bytes.
  const parsed = parseFlowDocument(read.text);
  if (!parsed.ok) {
    return {
      file,
      diagnostics: parsed.errors.map((error): FormattedDiagnostic => ({
        rule: "schema",
        severity: "error",
        nodeId: error.nodeId ?? null,
        message: error.message,
        params: { error: error.detail },
      })),
      unreadable: false,
    };
  }
  return { file, diagnostics: formatDiagnostics(validate(parsed.document, legal), parsed.document.locale), unreadable: false };
}

function printHuman(report: FileReport, io: CliIO): void {
  if (report.diagnostics.length === 0) {
    io.out(`${report.file}: ok, no findings`);
    return;
  }
  const errors = report.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = report.diagnostics.length - errors;
  io.out(`${report.file}: ${errors} error(s), ${warnings} warning(s)`);
  for (const diagnostic of report.diagnostics) {
    const where = diagnostic.nodeId ? ` [${diagnostic.nodeId}]` : "";
    io.out(`  ${diagnostic.severity.padEnd(7)} ${diagnostic.rule}${where}`);
    io.out(`          ${diagnostic.message}`);
    if (diagnostic.path && diagnostic.path.length > 0) io.out(`          path: ${diagnostic.path.join(" → ")}`);
  }
}

function printJson(report: FileReport, io: CliIO): void {
  io.out(
    JSON.stringify({
      file: report.file,
      diagnostics: report.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        nodeId: d.nodeId,
        message: d.message,
        path: d.path ?? null,
        params: d.params,
      })),
    }),
  );
}

export const validateCommand: CliCommand = {
  name: "validate",
  summary: "check flow files against the compliance rulebook",
  usage: USAGE,
  async run(args, io) {
    const { flags, positional, unknown } = parseArgs(args, { booleans: ["--json", "--strict", "--help", "-h"], values: ["--legal"] });
    if (flags.has("--help") || flags.has("-h")) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (unknown.length > 0 || positional.length === 0) {
      io.err(unknown.length > 0 ? `Unknown option: ${unknown.join(", ")}` : "No files given.");
      io.err(USAGE);
      return EXIT.unreadable;
    }
    const json = flags.has("--json");
    let legal = null;
    const legalPath = flags.get("--legal");
    if (typeof legalPath === "string") {
      legal = await readLegalOrReport(legalPath, io);
      if (!legal) return EXIT.unreadable;
    } else if (flags.has("--strict")) {
      // In CI a forgotten --legal must not pass a flow whose workspace rules were never run.
      io.err(`Error: --strict needs --legal LEGAL.json; without it the workspace rules ${WORKSPACE_RULE_IDS.join(", ")} cannot run.`);
      return EXIT.findings;
    } else {
      const note = `Note: no --legal FILE given; the workspace rules ${WORKSPACE_RULE_IDS.join(", ")} were skipped.`;
      // In JSON mode stdout must stay pure JSON Lines, so the note goes to stderr.
      if (json) io.err(note);
      else io.out(note);
    }

    const { files, missing } = await expandInputs(positional);
    const reports: FileReport[] = missing.map((file) => ({
      file,
      diagnostics: [fileProblem("input", `cannot read ${file}: no such file or folder`)],
      unreadable: true,
    }));
    for (const file of files) reports.push(await checkFile(file, legal));

    let errors = 0;
    let warnings = 0;
    for (const report of reports) {
      if (json) printJson(report, io);
      else printHuman(report, io);
      if (report.unreadable) io.err(report.diagnostics[0].message);
      for (const diagnostic of report.diagnostics) {
        if (diagnostic.severity === "error") errors++;
        else warnings++;
      }
    }
    if (!json) io.out(`\n${reports.length} file(s) checked: ${errors} error(s), ${warnings} warning(s).`);
    if (reports.some((report) => report.unreadable)) return EXIT.unreadable;
    return errors > 0 ? EXIT.findings : EXIT.ok;
  },
};
