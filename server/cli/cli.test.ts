import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate, type FlowDocument } from "@/core/flow";

/** Runs the CLI as users do, in a child process, and captures what it prints. */
function flowguard(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "server/cli/main.ts", ...args], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
const file = (name: string) => join(dir, name);
const good = createFlowFromTemplate("appointment", { id: "good", name: "Good", locale: "en" });
/** The appointment flow without its privacy notice: data is asked before it. */
const withoutPrivacy: FlowDocument = {
  ...good,
  id: "bad",
  nodes: good.nodes.filter((node) => node.id !== "privacy"),
  edges: [
    ...good.edges.filter((edge) => edge.source !== "privacy" && edge.target !== "privacy"),
    { id: "skip", source: "disclosure", sourceHandle: "next", target: "consent" },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flowguard-cli-"));
  mkdirSync(file("flows/nested"), { recursive: true });
  writeFileSync(file("flows/good.json"), JSON.stringify(good));
  writeFileSync(file("flows/nested/bad.json"), JSON.stringify(withoutPrivacy));
  writeFileSync(file("flows/notes.txt"), "not a flow");
  writeFileSync(file("broken.json"), "{ this is not json");
  writeFileSync(
    file("schema.json"),
    JSON.stringify({ ...good, nodes: [{ id: "ask", type: "input", position: { x: 0, y: 0 }, data: { text: "?" } }], edges: [] }),
  );
  writeFileSync(file("legal.json"), JSON.stringify(EXAMPLE_LEGAL));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("flowguard validate", () => {
  it("exits 0 for a compliant flow and says the workspace rules were skipped", () => {
    const run = flowguard("validate", file("flows/good.json"));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ok, no findings");
    expect(run.stdout).toMatch(/processor\.declared.*legal\.links.*skipped/);
  });

  it("exits 1 with a readable report when a flow has errors", () => {
    const run = flowguard("validate", file("flows/nested/bad.json"), "--legal", file("legal.json"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("privacy.beforeData");
    expect(run.stdout).toContain("path: start → disclosure → consent → ask-name");
    expect(run.stdout).not.toContain("skipped");
  });

  it("prints exactly one JSON line per file, recursing into folders, with the note on stderr", () => {
    const run = flowguard("validate", "--json", file("flows"));
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.file)).toEqual([file("flows/good.json"), file("flows/nested/bad.json")]);
    expect(lines[0]).toEqual({ file: file("flows/good.json"), diagnostics: [] });
    for (const diagnostic of lines[1].diagnostics) {
      expect(Object.keys(diagnostic)).toEqual(["rule", "severity", "nodeId", "message", "path", "params"]);
    }
    expect(lines[1].diagnostics[0]).toMatchObject({
      rule: "privacy.beforeData",
      severity: "error",
      nodeId: "ask-name",
      path: ["start", "disclosure", "consent", "ask-name"],
    });
    expect(run.stderr).toContain("skipped");
  });

  it("reports a broken file and an invalid document but still checks the others, exiting 2", () => {
    const run = flowguard("validate", "--json", file("broken.json"), file("schema.json"), file("flows/good.json"), file("missing.json"));
    expect(run.code).toBe(2);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const byFile = Object.fromEntries(lines.map((line) => [line.file, line.diagnostics]));
    expect(byFile[file("missing.json")][0]).toMatchObject({ rule: "input", severity: "error" });
    expect(byFile[file("broken.json")][0]).toMatchObject({ rule: "input", severity: "error", nodeId: null, path: null });
    expect(byFile[file("schema.json")]).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: "schema", nodeId: "ask", message: "Step ask: data.purpose is missing" })]),
    );
    expect(byFile[file("flows/good.json")]).toEqual([]);
  });

  it("exits 1 (not 2) when the only problem is a schema error", () => {
    expect(flowguard("validate", file("schema.json")).code).toBe(1);
  });

  it("exits 2 for unreadable legal settings", () => {
    const run = flowguard("validate", file("flows/good.json"), "--legal", file("broken.json"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not valid JSON");
  });
});

describe("flowguard autofix", () => {
  it("writes the repaired flow, prints what it inserted, and the result validates", () => {
    const out = file("fixed.json");
    const run = flowguard("autofix", file("flows/nested/bad.json"), "-o", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("privacyNotice");
    expect(run.stdout).toContain("before ask-name");
    const fixed = JSON.parse(readFileSync(out, "utf8")) as FlowDocument;
    expect(fixed.nodes.length).toBe(withoutPrivacy.nodes.length + 1);
    expect(flowguard("validate", out).code).toBe(0);
  });

  it("exits 2 for a missing input file", () => {
    expect(flowguard("autofix", file("nope.json"), "-o", file("x.json")).code).toBe(2);
  });
});

describe("flowguard --help", () => {
  it("lists the subcommands", () => {
    const run = flowguard("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/validate[\s\S]*autofix/);
  });
});
