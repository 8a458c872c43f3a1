import { CHANNELS, type Channel } from "@/core/flow";
import { exportFlow } from "@/core/export";
import { formatDiagnostic } from "@/core/compliance";
import { readFlowFile, readLegalOrReport, writeOutput } from "../files";
import { EXIT, parseArgs, type CliCommand } from "../io";

const USAGE = `Usage: flowguard export FILE --channel CHANNEL --legal LEGAL.json [-o OUT] [--version N]

Writes the flowguard.export/v1 document of a flow: legal data, opt-out settings,
consent texts with their SHA-256, the graph and, for a channel, every step's
ready-to-send payloads and the bot profile.

  --channel C    ${CHANNELS.join(", ")}, or canonical (channel-neutral)
  --legal FILE   the workspace's legal settings (needed: links and controller)
  -o, --out OUT  where to write; stdout without it
  --version N    the version number to put into the export (default 1)

Exit code: 0 written, 1 the flow has errors (printed) or is not a valid flow,
2 unreadable input or wrong options.`;

export const exportCommand: CliCommand = {
  name: "export",
  summary: "write the export of a compliant flow for one channel",
  usage: USAGE,
  async run(args, io) {
    const { flags, positional, unknown } = parseArgs(args, {
      booleans: ["--help", "-h"],
      values: ["-o", "--out", "--legal", "--channel", "--version"],
    });
    if (flags.has("--help") || flags.has("-h")) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const channelFlag = flags.get("--channel");
    const legalPath = flags.get("--legal");
    const versionFlag = flags.get("--version");
    const version = typeof versionFlag === "string" ? Number(versionFlag) : 1;
    const problems: string[] = [];
    if (unknown.length > 0) problems.push(`Unknown option: ${unknown.join(", ")}`);
    if (positional.length !== 1) problems.push("Give exactly one FILE.");
    if (typeof channelFlag !== "string" || ![...CHANNELS, "canonical"].includes(channelFlag)) {
      problems.push(`--channel must be one of ${[...CHANNELS, "canonical"].join(", ")}.`);
    }
    if (typeof legalPath !== "string")
      problems.push("--legal LEGAL.json is required: the export carries the legal links and the controller.");
    if (!Number.isInteger(version) || version < 1) problems.push("--version must be a positive whole number.");
    if (problems.length > 0) {
      for (const problem of problems) io.err(problem);
      io.err(USAGE);
      return EXIT.unreadable;
    }
    const legal = await readLegalOrReport(legalPath as string, io);
    if (!legal) return EXIT.unreadable;
    const file = positional[0];
    const flow = await readFlowFile(file, io);
    if (!flow.ok) return flow.exit;
    const channel = channelFlag === "canonical" ? null : (channelFlag as Channel);
    const result = exportFlow(flow.document, { legal, channel, version, graph: flow.graph });
    if (!result.ok) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      io.err(`${file}: not exported, ${errors.length} error(s):`);
      for (const d of errors) {
        io.err(`  error   ${d.rule}${d.nodeId ? ` [${d.nodeId}]` : ""}`);
        io.err(`          ${formatDiagnostic(d, flow.document.locale)}`);
        if (d.path && d.path.length > 0) io.err(`          path: ${d.path.join(" → ")}`);
      }
      return EXIT.findings;
    }
    const text = `${JSON.stringify(result.export, null, 2)}\n`;
    const out = flags.get("-o") ?? flags.get("--out");
    if (await writeOutput(typeof out === "string" ? out : undefined, text, io)) {
      io.err(`${file}: exported for ${channel ?? "all channels (canonical)"} to ${out} (${result.export.report.warnings} warning(s)).`);
    }
    return EXIT.ok;
  },
};
