import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Db } from "../db/client";
import { users, workspaces } from "../db/schema";
import { EXAMPLE_LEGAL } from "../core/flow";
import { loadExport } from "../core/runtime";
import { createFlow } from "../server/services/flows";
import { exportVersion, publishFlow } from "../server/services/versions";
import { createWorkspace } from "../server/services/workspaces";

/**
 * What the ingestion benchmarks start from: a migrated SQLite file in a temporary
 * folder with one workspace (complete legal details) and its lead-capture flow
 * published; `loaded` is that version's WhatsApp export, ready for the runtime.
 * `close` closes the database and removes the folder.
 */
export async function benchWithPublishedFlow() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bench-"));
  const db: Db = openDatabase(path.join(dir, "bench.db"));
  const close = () => {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    migrateDatabase(db);
    await db.insert(users).values({ id: "bench", email: "bench@example.com", name: "Bench" });
    const created = await createWorkspace(db, { userId: "bench", name: "Bench Shop" });
    await db
      .update(workspaces)
      .set({
        controllerName: EXAMPLE_LEGAL.controller.name,
        controllerAddress: EXAMPLE_LEGAL.controller.address,
        impressumUrl: EXAMPLE_LEGAL.impressumUrl,
        privacyPolicyUrl: EXAMPLE_LEGAL.privacyPolicyUrl,
        privacyContact: EXAMPLE_LEGAL.privacyContact,
        processors: EXAMPLE_LEGAL.processors,
      })
      .where(eq(workspaces.id, created.id));
    const workspace = (await db.select().from(workspaces).where(eq(workspaces.id, created.id)).limit(1))[0]!;
    const flow = await createFlow(db, { workspace, userId: "bench", templateId: "leadCapture", name: "Leads", locale: "de" });
    await publishFlow(db, { workspace, userId: "bench", flowId: flow.id });
    const loaded = loadExport((await exportVersion(db, { workspace, flowId: flow.id, channel: "whatsapp" })).export);
    return { db, workspace, flow, loaded, close };
  } catch (error) {
    close();
    throw error;
  }
}
