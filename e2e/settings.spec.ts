import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { test, expect, signUp, slugOf, uniqueUser, createWorkspace, type TestUser } from "./fixtures";
import { linkInMail } from "./mailSink";

/*
 * Workspace administration as admins and invited members see it. Each test seeds
 * its own people and workspace. Saves that the interface would never offer (a
 * viewer saving) go straight to the tRPC HTTP endpoint, as an attacker would.
 */

/** Calls a tRPC mutation over HTTP with the page's session cookie (superjson body). */
async function trpcMutation(page: Page, procedure: string, input: unknown) {
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { data: { code: string } } } };
  return { status: response.status(), data: body.result?.data.json, code: body.error?.json.data.code };
}

async function trpcQuery(page: Page, procedure: string, input: unknown) {
  const response = await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: unknown } } };
  return body.result?.data.json;
}

/** The admin invites `email` with `role` on the members page and returns the link shown once. */
async function invite(page: Page, slug: string, email: string, role: "Editor" | "Viewer" | "Admin"): Promise<string> {
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Invite" }).click();
  const link = page.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

/** A new person opens the link in a browser of their own, signs up on the way and accepts. */
async function acceptAsNewUser(browser: Browser, link: string, user: TestUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Invitation to Flowguard" })).toBeVisible();
  await page.getByRole("link", { name: "Create account" }).click();
  await page.getByLabel(/^Name$/).fill(user.name);
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel(/^Password$/).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up hashes the password and judges its strength: seconds on a busy machine.
  await expect(page.getByRole("heading", { name: /^Invitation to “/ })).toBeVisible({ timeout: 30_000 });
  // Holding the link is not enough: the invited address is confirmed through the mailed link first.
  await expect(page.getByText(/Please confirm your email address/)).toBeVisible();
  await page.goto(await linkInMail(user.email, "/verify-email/"));
  await expect(page.getByText("your email address is confirmed")).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/flows$/);
  return page;
}

test("[admin] an invited person accepts in their own browser, edits a flow, and the audit log shows it", async ({ page, browser }) => {
  await signUp(page, uniqueUser("admin"));
  const workspaceName = `Team ${randomUUID().slice(0, 6)}`;
  await createWorkspace(page, workspaceName);
  const slug = slugOf(page);
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Team members" })).toBeVisible();

  const invitee = uniqueUser("editor");
  const link = await invite(page, slug, invitee.email, "Editor");
  await expect(page.getByRole("list", { name: "Open invitations" })).toContainText(invitee.email);

  const inviteePage = await acceptAsNewUser(browser, link, invitee);
  await expect(inviteePage.getByTestId("current-user")).toHaveText(invitee.name);
  // An editor sees the flows but no settings.
  await expect(inviteePage.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);

  // The new editor creates a flow from the flows page and saves a change to it.
  await inviteePage.getByRole("button", { name: "New flow" }).first().click();
  await inviteePage.getByLabel("Flow name").fill("Welcome from the new editor");
  await inviteePage.getByRole("button", { name: "Create", exact: true }).click();
  await expect(inviteePage).toHaveURL(/\/flows\/[A-Za-z0-9_-]+$/);
  const flowId = inviteePage.url().split("/").pop()!;
  const flow = (await trpcQuery(inviteePage, "flows.get", { workspaceSlug: slug, flowId })) as {
    version: number;
    document: Record<string, unknown>;
  };
  const saved = await trpcMutation(inviteePage, "flows.save", {
    workspaceSlug: slug,
    flowId,
    expectedVersion: flow.version,
    document: { ...flow.document, name: "Edited by the editor" },
  });
  expect(saved.status).toBe(200);

  // The admin sees the new member with the role and every step in the activity log.
  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByLabel(`Role of ${invitee.name}`)).toHaveValue("editor");
  await expect(page.getByRole("list", { name: "Open invitations" })).toHaveCount(0);
  await page.getByRole("link", { name: "Activity log" }).click();
  const log = page.getByTestId("audit-table");
  await expect(log).toContainText("Invited someone");
  await expect(log).toContainText(invitee.email);
  await expect(log).toContainText("Accepted an invitation");
  await expect(log.getByRole("row").filter({ hasText: "Accepted an invitation" })).toContainText(invitee.name);
  await expect(log).toContainText("Created a flow");
  await inviteePage.context().close();
});

test("[viewer] a viewer cannot save a flow: the server refuses, and settings stay closed", async ({ page, browser }) => {
  await signUp(page, uniqueUser("owner"));
  await createWorkspace(page, `Viewing ${randomUUID().slice(0, 6)}`);
  const slug = slugOf(page);
  const created = await trpcMutation(page, "flows.create", { workspaceSlug: slug, templateId: "default", name: "Read only", locale: "en" });
  expect(created.status).toBe(200);
  const flow = created.data as { id: string; version: number; document: Record<string, unknown> };

  const viewer = uniqueUser("viewer");
  const link = await invite(page, slug, viewer.email, "Viewer");
  const viewerPage = await acceptAsNewUser(browser, link, viewer);
  await expect(viewerPage.getByRole("button", { name: "New flow" })).toHaveCount(0);

  const attempt = await trpcMutation(viewerPage, "flows.save", {
    workspaceSlug: slug,
    flowId: flow.id,
    expectedVersion: flow.version,
    document: { ...flow.document, name: "Changed by a viewer" },
  });
  expect(attempt.status).toBe(403);
  expect(attempt.code).toBe("FORBIDDEN");
  const stored = (await trpcQuery(page, "flows.get", { workspaceSlug: slug, flowId: flow.id })) as { name: string; version: number };
  expect(stored).toMatchObject({ name: "Read only", version: flow.version });

  // Settings: no link, the page explains, and the server refuses the data behind it.
  await expect(viewerPage.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  await viewerPage.goto(`/w/${slug}/settings/members`);
  await expect(viewerPage.getByRole("heading", { name: "Only for admins" })).toBeVisible();
  expect((await trpcMutation(viewerPage, "tokens.create", { workspaceSlug: slug, name: "Sneaky", scopes: ["exports:read"] })).code).toBe(
    "FORBIDDEN",
  );
  expect((await viewerPage.request.get(`/api/workspaces/${slug}/audit.csv`)).status()).toBe(403);

  await page.goto(`/w/${slug}/settings/audit`);
  await expect(page.getByTestId("audit-table")).toContainText("Accepted an invitation");
  await expect(page.getByTestId("audit-table")).toContainText(viewer.name);
  await viewerPage.context().close();
});

test("[admin] an API token is shown once, listed, revoked, and both steps are in the audit log and its CSV", async ({ page }) => {
  await signUp(page, uniqueUser("tokens"));
  await createWorkspace(page, `Bots ${randomUUID().slice(0, 6)}`);
  const slug = slugOf(page);
  await page.goto(`/w/${slug}/settings/tokens`);
  await expect(page.getByText("No tokens yet")).toBeVisible();

  await page.getByLabel("Name").fill("WhatsApp bot");
  await page.getByLabel("Report consent").uncheck();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toContainText("Token “WhatsApp bot” created.");
  await expect(page.getByLabel("Token", { exact: true })).toHaveValue(/^fg_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("token-row").filter({ hasText: "WhatsApp bot" });
  await expect(row).toContainText("Read exports");
  await expect(row).not.toContainText("Report consent");
  await expect(row).toContainText("never used");

  await row.getByRole("button", { name: "Revoke WhatsApp bot" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke WhatsApp bot" })).toHaveCount(0);

  await page.getByRole("link", { name: "Activity log" }).click();
  await page.getByLabel("What").selectOption({ label: "API tokens" });
  const log = page.getByTestId("audit-table");
  await expect(log.getByRole("row").filter({ hasText: "Revoked an API token" })).toHaveCount(1);
  await expect(log.getByRole("row").filter({ hasText: "Created an API token" })).toHaveCount(1);
  await expect(log).not.toContainText("Created the workspace");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, "utf8");
  expect(csv).toContain("token.create");
  expect(csv).toContain("token.revoke");
  expect(csv).not.toContain("workspace.create");
});

test("[admin] legal details: saving re-checks the flows and names the ones that can no longer be published", async ({ page }) => {
  await signUp(page, uniqueUser("legal"));
  await createWorkspace(page, `Legal ${randomUUID().slice(0, 6)}`);
  const slug = slugOf(page);
  await page.goto(`/w/${slug}/settings/legal`);
  await expect(page.getByText("no flow can be published")).toBeVisible();

  await page.getByLabel("Company name").fill("Beispiel GmbH");
  await page.getByLabel("Postal address").fill("Musterstraße 1, 10115 Berlin, Deutschland");
  await page.getByLabel("Data protection contact").fill("datenschutz@example.com");
  await page.getByLabel("Link to the imprint (Impressum)").fill("http://www.example.com/impressum");
  await page.getByLabel("Link to the privacy policy").fill("https://www.example.com/datenschutz");
  await page.getByRole("button", { name: "Add service provider" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Example CRM");
  await page.getByLabel("Receives data at").fill("https://crm.example.com/api");
  await page.getByLabel("What for").fill("Storing enquiries");
  await page.getByLabel("Country where the data is processed").selectOption("DE");
  await page.getByLabel("Data processing agreement signed").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Please enter a full address starting with https://")).toBeVisible();

  await page.getByLabel("Link to the imprint (Impressum)").fill("https://www.example.com/impressum");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Legal details saved.")).toBeVisible();
  await expect(page.getByLabel("Receives data at")).toHaveValue("crm.example.com");

  const created = await trpcMutation(page, "flows.create", {
    workspaceSlug: slug,
    templateId: "leadCapture",
    name: "Lead form",
    locale: "en",
  });
  expect((created.data as { errorCount: number }).errorCount).toBe(0);

  await page.reload();
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "One flow can no longer be published" })).toContainText("Lead form");
  const flows = (await trpcQuery(page, "flows.list", { workspaceSlug: slug })) as { name: string; errorCount: number }[];
  expect(flows).toEqual([expect.objectContaining({ name: "Lead form", errorCount: 1 })]);

  await page.goto(`/w/${slug}/settings/audit`);
  await expect(page.getByTestId("audit-table").getByRole("row").filter({ hasText: "Changed the legal details" })).toHaveCount(2);
});
