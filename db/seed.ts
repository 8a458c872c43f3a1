import { count, eq } from "drizzle-orm";
import type { Db } from "./client";
import { users, workspaces } from "./schema";
import { createFlow } from "@/server/services/flows";
import { signUp } from "@/server/services/users";
import { createWorkspace } from "@/server/services/workspaces";

export const DEMO_LOGIN = { email: "demo@flowguard.test", password: "Demo-Flowguard-2026", name: "Demo Marketing" } as const;
export const DEMO_WORKSPACE_NAME = "Demo GmbH";

export const DEMO_FLOW_NAME = "Kontaktanfrage Website";

/**
 * Fills an empty database with a demo user, the workspace "Demo GmbH" with
 * complete legal settings and one ready lead-capture flow. Does nothing when any user exists, so a restart
 * keeps everyone's data.
 */
export async function seedIfEmpty(db: Db): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ n: count() }).from(users).limit(1);
  if ((existing?.n ?? 0) > 0) return { seeded: false };
  const user = await signUp(db, DEMO_LOGIN);
  const workspace = await createWorkspace(db, { userId: user.id, name: DEMO_WORKSPACE_NAME });
  await db
    .update(workspaces)
    .set({
      controllerName: "Demo GmbH",
      controllerAddress: "Musterstraße 1, 10115 Berlin",
      impressumUrl: "https://demo-gmbh.example.com/impressum",
      privacyPolicyUrl: "https://demo-gmbh.example.com/datenschutz",
      privacyContact: "datenschutz@demo-gmbh.example.com",
      processors: [{ name: "Demo CRM", domain: "crm.example.com", purpose: "Lead-Verwaltung", dpaSigned: true, country: "DE" }],
    })
    .where(eq(workspaces.id, workspace.id));
  const withLegal = (await db.select().from(workspaces).where(eq(workspaces.id, workspace.id)).limit(1))[0]!;
  await createFlow(db, { workspace: withLegal, userId: user.id, templateId: "leadCapture", name: DEMO_FLOW_NAME, locale: "de" });
  return { seeded: true };
}
