import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/*
 * The layer boundaries of ARCHITECTURE.md are kept by the linter, not by memory:
 * each case writes a temporary file that breaks (or keeps) a boundary into the
 * layer's folder and lints it with the project's own configuration.
 */
const ROOT = path.resolve(__dirname, "..");

async function lintProbe(folder: string, source: string): Promise<string[]> {
  const file = path.join(ROOT, folder, `lintProbe_${randomBytes(4).toString("hex")}.ts`);
  writeFileSync(file, source);
  try {
    const [result] = await new ESLint({ cwd: ROOT }).lintFiles([file]);
    return result.messages.filter((message) => message.severity === 2).map((message) => message.ruleId ?? message.message);
  } finally {
    rmSync(file, { force: true });
  }
}

describe("layer boundaries", () => {
  it.each([
    ["core/flow", 'import { getDb } from "@/db/client";\nexport const probe = getDb;\n'],
    ["core/compliance", 'import { listFlows } from "@/server/services/flows";\nexport const probe = listFlows;\n'],
    ["core/export", 'import { readFileSync } from "node:fs";\nexport const probe = readFileSync;\n'],
    ["core/runtime", 'import { Button } from "@/components/ui/Button";\nexport const probe = Button;\n'],
    ["components/flows", 'import { listFlows } from "@/server/services/flows";\nexport const probe = listFlows;\n'],
    ["components/ui", 'import { getDb } from "@/db/client";\nexport const probe = getDb;\n'],
    ["server/services", 'import { Button } from "@/components/ui/Button";\nexport const probe = Button;\n'],
  ])(
    "refuses a forbidden import in %s",
    async (folder, source) => {
      expect(await lintProbe(folder, source)).toContain("@typescript-eslint/no-restricted-imports");
    },
    60_000,
  );

  it.each([
    ["core/flow", 'import { z } from "zod";\nexport const probe = z.string();\n'],
    ["components/flows", 'import type { AppRouter } from "@/server/api/root";\nexport type Probe = AppRouter;\n'],
    ["server/services", 'import { validate } from "@/core/compliance";\nexport const probe = validate;\n'],
  ])(
    "allows what the layers may use in %s",
    async (folder, source) => {
      expect(await lintProbe(folder, source)).toEqual([]);
    },
    60_000,
  );
});

describe("words come from the catalogues", () => {
  it.each([
    ["components/flows", 'export const probe = (locale: string) => (locale === "de" ? "Speichern" : "Save");\n'],
    ["core/flow", 'export const probe = (locale: string, n: number) => (locale === "en" ? `${n} steps` : `${n} Schritte`);\n'],
  ])(
    "refuses an inline translation in %s",
    async (folder, source) => {
      expect(await lintProbe(folder, source)).toContain("no-restricted-syntax");
    },
    60_000,
  );

  it("allows choosing a locale code", async () => {
    expect(await lintProbe("core/flow", 'export const probe = (locale: string) => (locale === "en" ? "en" : "de");\n')).toEqual([]);
  }, 60_000);
});

describe("the async service layer", () => {
  const service = (body: string) =>
    `import type { Db } from "@/db/client";\nimport { users } from "@/db/schema";\n` +
    `export async function probe(db: Db) {\n${body}\n}\n`;

  it("refuses a forgotten await on a database call", async () => {
    expect(
      await lintProbe(
        "server/services",
        service('  db.insert(users).values({ id: "x", name: "x", email: "x" });\n  await db.select().from(users);'),
      ),
    ).toContain("@typescript-eslint/no-floating-promises");
  }, 60_000);

  it("allows awaited database calls", async () => {
    expect(await lintProbe("server/services", service('  await db.insert(users).values({ id: "x", name: "x", email: "x" });'))).toEqual([]);
  }, 60_000);
});
