import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "@/core/flow";

/** Runs the CLI as CI pipelines do, in a child process. */
function flowguard(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "server/cli/main.ts", ...args], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
const file = (name: string) => join(dir, name);
const processor = { ...EXAMPLE_LEGAL.processors[0], country: "DE", transferBasis: null };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flowguard-strict-"));
  writeFileSync(file("flow.json"), JSON.stringify(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "de" })));
  writeFileSync(file("legal.json"), JSON.stringify({ ...EXAMPLE_LEGAL, processors: [processor] }));
  writeFileSync(file("us.json"), JSON.stringify({ ...EXAMPLE_LEGAL, processors: [{ ...processor, country: "US", transferBasis: null }] }));
  writeFileSync(
    file("us-dpf.json"),
    JSON.stringify({ ...EXAMPLE_LEGAL, processors: [{ ...processor, country: "US", transferBasis: "dpf" }] }),
  );
  writeFileSync(file("bad-basis.json"), JSON.stringify({ ...EXAMPLE_LEGAL, processors: [{ ...processor, transferBasis: "contract" }] }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("flowguard validate --strict", () => {
  it("fails without --legal, naming the skipped workspace rules", () => {
    const run = flowguard("validate", file("flow.json"), "--strict");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--strict needs --legal.*legal\.links/);
  });

  it("passes with --legal, and without --strict a missing --legal stays a note", () => {
    expect(flowguard("validate", file("flow.json"), "--strict", "--legal", file("legal.json")).code).toBe(0);
    const lenient = flowguard("validate", file("flow.json"));
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("skipped");
  });
});

describe("flowguard validate --legal reads country and transferBasis", () => {
  it("warns about a US processor without a transfer basis and accepts one under the Data Privacy Framework", () => {
    const us = flowguard("validate", file("flow.json"), "--json", "--legal", file("us.json"));
    expect(us.code).toBe(0);
    const report = JSON.parse(us.stdout.trim()) as { diagnostics: { rule: string; severity: string; message: string }[] };
    const transfer = report.diagnostics.filter((d) => d.rule === "processor.transfer");
    expect(transfer).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringContaining("außerhalb von EU/EWR (US)") }),
    ]);
    const dpf = JSON.parse(flowguard("validate", file("flow.json"), "--json", "--legal", file("us-dpf.json")).stdout.trim());
    expect(dpf.diagnostics.filter((d: { rule: string }) => d.rule === "processor.transfer")).toEqual([]);
  });

  it("refuses a transfer basis that does not exist with exit code 2, naming the field", () => {
    const run = flowguard("validate", file("flow.json"), "--legal", file("bad-basis.json"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("processors.0.transferBasis");
  });
});
