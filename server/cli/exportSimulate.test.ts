import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const lead = createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" });
const withoutConsent: FlowDocument = {
  ...lead,
  id: "bad",
  edges: lead.edges.map((edge) => (edge.source === "privacy" ? { ...edge, target: "ask-name" } : edge)),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flowguard-cli-export-"));
  writeFileSync(file("lead.json"), JSON.stringify(lead));
  writeFileSync(file("bad.json"), JSON.stringify(withoutConsent));
  writeFileSync(file("legal.json"), JSON.stringify(EXAMPLE_LEGAL));
  writeFileSync(
    file("accept.json"),
    JSON.stringify([
      { start: true },
      { choose: "Yes, I agree" },
      { text: "Ada" },
      { text: "not an email" },
      { text: "ada@example.com" },
      { wait: 25 },
      { text: "STOP" },
    ]),
  );
  writeFileSync(file("wrong-button.json"), JSON.stringify([{ start: true }, { choose: "Maybe" }]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("flowguard export", () => {
  it("writes the channel export of a compliant flow", () => {
    const run = flowguard(
      "export",
      file("lead.json"),
      "--channel",
      "whatsapp",
      "--legal",
      file("legal.json"),
      "-o",
      file("lead.whatsapp.json"),
    );
    expect(run.code).toBe(0);
    const exported = JSON.parse(readFileSync(file("lead.whatsapp.json"), "utf8"));
    expect(exported).toMatchObject({ format: "flowguard.export/v1", channel: "whatsapp", flow: { id: "lead", version: 1 } });
    expect(JSON.stringify(exported)).not.toContain("{company}");
  });

  it("exits 1 with the diagnostics when the flow has errors, writing nothing", () => {
    const run = flowguard("export", file("bad.json"), "--channel", "telegram", "--legal", file("legal.json"), "-o", file("bad.out.json"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("consent.beforeData");
    expect(run.stderr).toContain("path: start → disclosure → privacy → ask-name");
    expect(() => readFileSync(file("bad.out.json"))).toThrow();
  });

  it("exits 2 without --legal or with an unknown channel", () => {
    expect(flowguard("export", file("lead.json"), "--channel", "telegram").code).toBe(2);
    const run = flowguard("export", file("lead.json"), "--channel", "fax", "--legal", file("legal.json"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--channel must be one of");
  });
});

describe("flowguard simulate", () => {
  it("prints the transcript, consent events and variables as JSON", () => {
    flowguard("export", file("lead.json"), "--channel", "telegram", "--legal", file("legal.json"), "-o", file("lead.telegram.json"));
    const run = flowguard(
      "simulate",
      file("lead.telegram.json"),
      "--script",
      file("accept.json"),
      "--json",
      "--subject",
      "chat-7",
      "--now",
      "2026-01-01T09:00:00Z",
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.transcript[0]).toEqual({ from: "user", text: "/start", buttons: [] });
    expect(result.transcript[3]).toMatchObject({ from: "bot", buttons: ["Yes, I agree", "No, thanks"] });
    expect(result.transcript).toContainEqual({
      from: "bot",
      text: "That does not look like an email address. Would you like to try again?",
      buttons: [],
    });
    expect(result.transcript.at(-1)).toMatchObject({ from: "bot", text: expect.stringContaining("unsubscribed") });
    expect(result.consentEvents.map((e: { outcome: string; occurredAt: string }) => [e.outcome, e.occurredAt])).toEqual([
      ["accept", "2026-01-01T09:00:00.000Z"],
      ["withdraw", "2026-01-02T10:00:00.000Z"],
    ]);
    expect(result.consentEvents[0]).toMatchObject({ subject: "chat-7", channel: "telegram", flowId: "lead", flowVersion: 1 });
    // The withdrawal cleared what was collected for the purpose and asked the CRM to erase it.
    expect(result.variables).toEqual({});
    expect(result.effects).toContainEqual(
      expect.objectContaining({ kind: "erase", processor: "Example CRM", purpose: "lead", variables: ["name", "email"] }),
    );
  });

  it("runs a canonical export in the channel given, and exits 1 naming the buttons on a wrong choice", () => {
    flowguard("export", file("lead.json"), "--channel", "canonical", "--legal", file("legal.json"), "-o", file("lead.canonical.json"));
    const run = flowguard("simulate", file("lead.canonical.json"), "--script", file("wrong-button.json"), "--channel", "messenger");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("bot : Hi! I am the automated assistant of Beispiel GmbH");
    expect(run.stderr).toContain('no button "Maybe" — the bot offers "Yes, I agree", "No, thanks"');
  });
});
