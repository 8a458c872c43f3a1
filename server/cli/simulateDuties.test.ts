import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "@/core/flow";

/** The runtime duties as `flowguard simulate` shows them: legal keyword mid-question, tolerant opt-out, objection event. */
function flowguard(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "server/cli/main.ts", ...args], { cwd: process.cwd(), encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flowguard-cli-duties-"));
  writeFileSync(file("lead.json"), JSON.stringify(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "de" })));
  writeFileSync(file("legal.json"), JSON.stringify(EXAMPLE_LEGAL));
  writeFileSync(file("script.json"), JSON.stringify([{ start: true }, { text: "Datenschutz" }, { text: "Stop." }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("flowguard simulate shows the runtime duties", () => {
  it("answers a legal keyword and asks the pending question again, takes 'Stop.' as opt-out and records the objection", () => {
    expect(
      flowguard("export", file("lead.json"), "--channel", "whatsapp", "--legal", file("legal.json"), "-o", file("lead.wa.json")).code,
    ).toBe(0);
    const run = flowguard("simulate", file("lead.wa.json"), "--script", file("script.json"), "--json", "--now", "2026-01-01T09:00:00Z");
    expect(run.code, run.stderr).toBe(0);
    const { transcript, consentEvents } = JSON.parse(run.stdout) as {
      transcript: { from: string; text: string; buttons: string[] }[];
      consentEvents: { outcome: string; consentNodeId: string | null }[];
    };
    const keyword = transcript.findIndex((line) => line.from === "user" && line.text === "Datenschutz");
    const asked = transcript.slice(0, keyword).findLast((line) => line.buttons.length > 0)!;
    expect(asked.buttons.length).toBeGreaterThan(0);
    const afterKeyword = transcript.slice(keyword + 1);
    expect(afterKeyword.some((line) => line.text.includes(EXAMPLE_LEGAL.privacyPolicyUrl))).toBe(true);
    // The pending consent question is asked again, word for word and with its buttons.
    expect(afterKeyword.find((line) => line.buttons.length > 0)).toEqual(asked);
    // "Stop." is an opt-out, answered with the confirmation, not taken as an answer.
    const stop = transcript.findIndex((line) => line.from === "user" && line.text === "Stop.");
    expect(transcript.slice(stop + 1).map((line) => [line.from, line.buttons.length])).toEqual([["bot", 0]]);
    expect(consentEvents.map((e) => [e.outcome, e.consentNodeId])).toEqual([["object", null]]);
  });
});
