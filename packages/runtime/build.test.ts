import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Conversation, loadExport } from "@/core/runtime";
import { buildRuntimePackage, type RuntimeBuild } from "./build";

/*
 * Builds the package the way `npm run runtime:build` does and runs the bundle in a
 * plain Node process (no TypeScript, no alias): the same conversation must come out
 * as from core/ itself, which is what the app and the CLI run.
 */

const here = path.dirname(new URL(import.meta.url).pathname);
const golden = path.resolve(here, "../../core/export/__golden__/newsletter.en.telegram.json");
let built: RuntimeBuild;

beforeAll(async () => {
  built = await buildRuntimePackage();
}, 300_000);

/** Runs a script of events through the built bundle in a fresh Node process. */
function runBundle(events: unknown[]): { texts: string[]; consentEvents: unknown[]; status: string } {
  const script = `
    import { readFileSync } from "node:fs";
    import { Conversation, loadExport } from ${JSON.stringify(path.join(built.outDir, "index.js"))};
    const flow = loadExport(JSON.parse(readFileSync(${JSON.stringify(golden)}, "utf8")));
    const c = new Conversation(flow, { subject: "chat-1", now: Date.UTC(2026, 0, 1) });
    const texts = [], consentEvents = [];
    for (const event of ${JSON.stringify(events)}) {
      const turn = c.send(event);
      for (const o of turn.outgoing) if (o.kind === "message") texts.push(o.text);
      consentEvents.push(...turn.consentEvents);
    }
    console.log(JSON.stringify({ texts, consentEvents, status: c.state.status }));
  `;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: here, encoding: "utf8" }));
}

describe("@flowguard/runtime package", () => {
  it("bundles only core/, the catalogues and the entry, imports nothing but zod and use-intl, and ships declarations without app aliases", () => {
    expect(built.inputs.length).toBeGreaterThan(10);
    for (const input of built.inputs) expect(input).toMatch(/^(core\/|i18n\/messages\/|packages\/runtime\/src\/)/);
    const bundle = fs.readFileSync(path.join(built.outDir, "index.js"), "utf8");
    const imported = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect([...new Set(imported)].every((name) => ["zod", "use-intl", "use-intl/core"].includes(name))).toBe(true);
    expect(imported).toContain("zod");
    expect(bundle).not.toMatch(/require\(|from "node:/);
    expect(fs.existsSync(path.join(built.outDir, "index.d.ts"))).toBe(true);
    const declarations = fs.readdirSync(path.join(built.outDir, "types"), { recursive: true }).map(String);
    const entry = fs.readFileSync(path.join(built.outDir, "types/packages/runtime/src/index.d.ts"), "utf8");
    expect(entry).toContain("loadExport");
    expect(entry).toContain("RuntimeConsentEvent");
    for (const file of declarations.filter((f) => f.endsWith(".d.ts"))) {
      expect(fs.readFileSync(path.join(built.outDir, "types", file), "utf8"), file).not.toMatch(/from "@\//);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["use-intl", "zod"]);
  });

  it("runs a conversation in plain Node exactly as the source in core/ does", () => {
    const script = [{ type: "start" }, { type: "button", id: "accept" }, { type: "text", text: "STOP" }];
    const fromBundle = runBundle(script);
    const c = new Conversation(loadExport(JSON.parse(fs.readFileSync(golden, "utf8"))), { subject: "chat-1", now: Date.UTC(2026, 0, 1) });
    const texts: string[] = [];
    const consentEvents: unknown[] = [];
    for (const event of script) {
      const turn = c.send(event as Parameters<typeof c.send>[0]);
      for (const o of turn.outgoing) if (o.kind === "message") texts.push(o.text);
      consentEvents.push(...turn.consentEvents);
    }
    expect(fromBundle).toEqual({ texts, consentEvents, status: c.state.status });
    expect(fromBundle.consentEvents.map((e) => (e as { outcome: string }).outcome)).toEqual(["accept", "withdraw"]);
  });
});
