import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  connectHandles,
  createFlow,
  createWorkspace,
  dragFromPalette,
  dropBetween,
  expect,
  LEGAL_SETTINGS,
  openNewFlow,
  showWholeFlow,
  signUp,
  stepById as step,
  test,
  trpcMutation,
  uniqueUser,
} from "./fixtures";

/* Issue 12, in German, as a marketer meets the editor. */
test.use({ locale: "de-DE" });

async function newFlow(page: Page, name = "Willkommen", options: { legal?: boolean } = {}) {
  const { slug, flowId } = await openNewFlow(page, { name, prefix: "ux", ...options });
  return [slug, flowId] as const;
}

/** Every pair of step boxes on screen that overlap (after showing the whole flow). */
async function overlappingSteps(page: Page): Promise<string[]> {
  await showWholeFlow(page);
  // The fit view animates: wait until the viewport's transform stops changing between two reads.
  let last: string | null = null;
  await expect
    .poll(
      async () => {
        const now = await page.locator(".react-flow__viewport").getAttribute("style");
        const settled = now === last;
        last = now;
        return settled;
      },
      { intervals: [100] },
    )
    .toBe(true);
  const boxes = await page.locator(".react-flow__node").evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { id: n.getAttribute("data-id") ?? "", x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + a.h <= b.y + 1 || b.y + b.h <= a.y + 1;
      if (!apart) overlaps.push(`${a.id} × ${b.id}`);
    }
  }
  return overlaps;
}

/** Runs the preview to its end, agreeing to everything, and counts the consents given. */
async function consentsInPreview(page: Page): Promise<number> {
  await page.getByRole("button", { name: "Vorschau", exact: true }).click();
  const panel = page.getByTestId("preview-panel");
  await panel.getByRole("button", { name: "Gespräch starten" }).click();
  const log = panel.getByTestId("preview-log");
  for (let turn = 0; turn < 25; turn++) {
    if (await log.getByText("Das Gespräch ist beendet.").isVisible()) break;
    const before = await log.locator("p").count();
    const buttons = panel.getByTestId("preview-buttons").getByRole("button");
    if ((await buttons.count()) > 0) {
      await buttons.first().click();
    } else {
      await panel.getByRole("textbox").fill("max@example.com");
      await panel.getByRole("textbox").press("Enter");
    }
    await expect.poll(() => log.locator("p").count()).toBeGreaterThan(before);
  }
  return log.getByText(/Einwilligung erteilt für/).count();
}

test.describe("[editor-ux] 1 insertions", () => {
  test("a question dropped on the Bot-Hinweis → Datenschutzhinweis line: the inserted steps overlap nothing", async ({ page }) => {
    await newFlow(page);
    await dropBetween(page, "input", "disclosure", "privacy");
    await expect(page.getByTestId("auto-insert-notice")).toContainText(/Pflichtschritt/);
    expect(await overlappingSteps(page)).toEqual([]);
  });

  test("a new start connected to a question, then autofix after undoing the insertion: no overlapping steps either time", async ({
    page,
  }) => {
    await newFlow(page);
    const canvas = (await page.getByTestId("canvas").boundingBox())!;
    await dragFromPalette(page, "start", { x: canvas.x + canvas.width - 150, y: canvas.y + 80 });
    await dragFromPalette(page, "input", { x: canvas.x + canvas.width - 150, y: canvas.y + 300 });
    // The step element carries both its type and its test id: the new start is the start that is not the template's.
    const newStart = page.locator('[data-step-type="start"]:not([data-testid="step-start"])');
    const question = page.locator('[data-step-type="input"]').last();
    await connectHandles(page, newStart.locator(".react-flow__handle.source").first(), question.locator(".react-flow__handle.target"));
    const notice = page.getByTestId("auto-insert-notice");
    await expect(notice).toBeVisible();
    expect(await overlappingSteps(page)).toEqual([]);

    // Undo the insertion, then let "Automatisch beheben" insert the steps.
    await notice.getByRole("button", { name: "Rückgängig" }).click();
    await page.getByRole("tab", { name: /Prüfung|Hinweise|Checks/ }).click();
    await page.getByRole("button", { name: "Automatisch beheben" }).click();
    await expect(page.getByTestId("auto-insert-notice")).toBeVisible();
    expect(await overlappingSteps(page)).toEqual([]);
  });

  // The blank flow's own privacy notice and consent move in front of the question, so the person is asked once.
  test("after an insertion the preview asks for consent once", async ({ page }) => {
    await newFlow(page);
    await dropBetween(page, "input", "disclosure", "privacy");
    await expect(page.getByTestId("auto-insert-notice")).toBeVisible();
    expect(await consentsInPreview(page)).toBe(1);
  });
});

test("[editor-ux] 3 clearing the Impressum shows live flows as „Live, aber blockiert“ with the reason, in the list and the editor", async ({
  page,
}) => {
  const [slug, flowId] = await newFlow(page, "Leads", { legal: true });
  await trpcMutation(page, "flows.publish", { workspaceSlug: slug, flowId });
  await trpcMutation(page, "legal.save", { workspaceSlug: slug, ...LEGAL_SETTINGS, impressumUrl: "" });
  await page.goto(`/w/${slug}/flows`);
  const blocked = page.getByTestId("live-blocked");
  await expect(blocked).toContainText("Live, aber blockiert · v1");
  await expect(blocked).toContainText(/Impressum/);
  await page.getByRole("link", { name: "Leads" }).click();
  await expect(page.getByTestId("live-blocked-badge")).toBeVisible();
  await expect(page.getByTestId("live-blocked-banner")).toContainText(/Impressum/);
});

test("[editor-ux] 4 a quick rename before going back to the flows survives", async ({ page }) => {
  await newFlow(page, "Vorher");
  await page.getByTestId("flow-name").fill("Eilig umbenannt");
  await page.getByRole("link", { name: "Zurück zu den Flows" }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByText("Eilig umbenannt")).toBeVisible();
});

test("[editor-ux] 5 keyboard: Tab follows the flow, focus is visible, Delete removes the focused step, arrow moves undo, ? lists shortcuts", async ({
  page,
}) => {
  await newFlow(page);
  // Select the start with the mouse: Delete must still act on the step with keyboard focus.
  await step(page, "start").click();
  // The palette's last step: the next Tab enters the canvas.
  await page.getByTestId("palette-handoff").focus();
  await page.keyboard.press("Tab");
  const focusedId = () =>
    page.evaluate(() => document.activeElement?.closest(".react-flow__node, .react-flow__edge")?.getAttribute("data-id"));
  await expect.poll(focusedId).toBe("start");
  const order = ["start"];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    order.push((await focusedId()) ?? "");
  }
  // Steps first, in reading order: no connection comes before them.
  expect(order.slice(0, 4)).toEqual(["start", "disclosure", "privacy", "consent"]);
  const welcome = order[4];
  expect(welcome).toBe("welcome");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");

  // Arrow moves: Enter selects the focused step, arrows move it, Ctrl+Z puts it back.
  const before = await step(page, welcome).boundingBox();
  await page.keyboard.press("Enter");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await step(page, welcome).boundingBox())!.x).toBeGreaterThan(before!.x + 5);
  await page.keyboard.press("Control+z");
  await expect.poll(async () => Math.round((await step(page, welcome).boundingBox())!.x)).toBe(Math.round(before!.x));

  await step(page, welcome).focus();
  await page.keyboard.press("Delete");
  await expect(step(page, welcome)).toHaveCount(0);
  await expect(step(page, "start")).toHaveCount(1);

  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Tastenkürzel" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Rückgängig, auch Verschieben");
});

test("[editor-ux] 6 at 820 × 1180 nothing overflows, the canvas is at least half the width, panels collapse and stay so", async ({
  page,
}) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await newFlow(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  const signOut = (await page.getByRole("button", { name: "Abmelden" }).boundingBox())!;
  expect(signOut.x + signOut.width).toBeLessThanOrEqual(820);
  expect((await page.getByTestId("canvas").boundingBox())!.width).toBeGreaterThanOrEqual(410);

  await page.getByRole("button", { name: "Vorschau", exact: true }).click();
  await expect(page.getByTestId("preview-panel")).toBeVisible();
  const preview = (await page.getByTestId("preview-panel").boundingBox())!;
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  expect(Math.min(canvas.x + canvas.width, preview.x) - canvas.x).toBeGreaterThanOrEqual(410);
  await page.getByRole("button", { name: "Vorschau schließen" }).click();

  await page.getByRole("button", { name: "Seitenleiste einklappen" }).click();
  await page.reload();
  await expect(page.getByRole("button", { name: "Seitenleiste aufklappen" })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test("[editor-ux] 9 the toolbar stays on one line at 1440 px", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const [slug, flowId] = await newFlow(page, "Willkommen", { legal: true });
  await trpcMutation(page, "flows.publish", { workspaceSlug: slug, flowId });
  await page.reload();
  const badge = page.getByTestId("live-badge");
  await expect(badge).toBeVisible();
  const box = (await badge.boundingBox())!;
  expect(box.height).toBeLessThan(30);
});

test("[editor-ux] axe: the editor with a flow open has no serious or critical violations", async ({ page }) => {
  await newFlow(page);
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(severe).toEqual([]);
});

test("[editor-ux] 8 first run: a checklist on the empty workspace ticks itself off; the template dialog says what is missing", async ({
  page,
}) => {
  await signUp(page, uniqueUser("first"));
  await createWorkspace(page, `First Shop ${Math.random().toString(36).slice(2, 7)}`);
  const slug = /\/w\/([^/]+)\/flows$/.exec(page.url())![1];
  await expect(page.getByTestId("first-run")).toBeVisible();
  await expect(page.getByTestId("first-run-legal")).toHaveAttribute("data-done", "false");
  await page.getByRole("button", { name: "Neuer Flow" }).first().click();
  await expect(page.getByTestId("missing-legal")).toContainText("Impressum");
  await expect(page.getByRole("dialog")).not.toContainText("alles, was das Gesetz verlangt");
  await page.keyboard.press("Escape");

  await trpcMutation(page, "legal.save", { workspaceSlug: slug, ...LEGAL_SETTINGS });
  await page.reload();
  await expect(page.getByTestId("first-run-legal")).toHaveAttribute("data-done", "true");
  await createFlow(page, { name: "Erster Flow" });
  await page.goto(`/w/${slug}/flows`);
  await expect(page.getByTestId("first-run-flow")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("first-run-publish")).toHaveAttribute("data-done", "false");
});

test("[editor-ux] 9 a step's text shows whole lines: no third line cut through under the second", async ({ page }) => {
  await newFlow(page);
  const cut = await page.locator(".react-flow__node p").evaluateAll((paragraphs) =>
    paragraphs.flatMap((p) => {
      const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
      // The clamped box may hold two lines; anything taller shows part of the next one.
      return p.clientHeight > 2 * lineHeight + 1 ? [`${p.textContent?.slice(0, 30)}: ${p.clientHeight}px for ${lineHeight}px lines`] : [];
    }),
  );
  expect(cut).toEqual([]);
});

test("[editor-ux] 7 the webhook step names the addresses and service providers the workspace allows", async ({ page }) => {
  await openNewFlow(page, { name: "Kontakt", prefix: "ux", legal: true, template: /^Kontaktanfrage$/ });
  await showWholeFlow(page);
  await page.locator('[data-step-type="webhook"]').click();
  const inspector = page.getByTestId("inspector");
  await expect(inspector).toContainText("Erlaubt sind Adressen Ihrer Dienstleister: crm.example.com (Example CRM).");
  const recipient = inspector.getByLabel("Empfänger");
  const listId = await recipient.getAttribute("list");
  expect(
    await page.locator(`datalist[id="${listId}"] option`).evaluateAll((options) => options.map((o) => o.getAttribute("value"))),
  ).toEqual(["Example CRM"]);
});

test("[editor-ux] 7 a WhatsApp flow without a way to a person gets one in one click, announced, with undo", async ({ page }) => {
  await newFlow(page, "Ohne Menschen", { legal: true });
  await page.getByRole("tab", { name: /Prüfung|Hinweise|Checks/ }).click();
  const warning = page.locator('[data-rule="channel.humanPath"]');
  await expect(warning).toBeVisible();
  const handoffs = page.locator('[data-step-type="handoff"]');
  await expect(handoffs).toHaveCount(0);
  await page.getByTestId("add-human-path").click();
  const notice = page.getByTestId("auto-insert-notice");
  await expect(notice).toContainText("Übergabe an Menschen");
  await expect(handoffs).toHaveCount(1);
  await expect(warning).toHaveCount(0);
  expect(await overlappingSteps(page)).toEqual([]);
  // The new question offers the person in words that fit a WhatsApp button.
  await page.locator('[data-step-type="choice"]').click();
  await expect(page.getByTestId("inspector").getByRole("textbox", { name: "Text von Option 1" })).toHaveValue("Persönlich sprechen");
  await notice.getByRole("button", { name: "Rückgängig" }).click();
  await expect(handoffs).toHaveCount(0);
  await page.getByRole("tab", { name: /Prüfung/ }).click();
  await expect(warning).toBeVisible();
});
