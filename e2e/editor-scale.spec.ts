import type { Page } from "@playwright/test";
import { createFlow, createWorkspace, expect, signUp, test, uniqueUser } from "./fixtures";

const canvas = (page: Page) => page.getByTestId("canvas");
const steps = (page: Page) => canvas(page).locator("[data-step-type]");
const highlighted = (page: Page) => canvas(page).locator("[data-step-type][data-highlighted]");
/** Zoomed far out the boxes are shapes in one layer, under the steps' empty targets. */
const lightBoxes = (page: Page) => canvas(page).locator("[data-light-box]");
const lightHighlighted = (page: Page) => canvas(page).locator("[data-light-box][data-highlighted]");
const witnessEdges = (page: Page) => page.locator(".react-flow__edge.is-witness");

/** Clicks a zoom button until the canvas shows the wanted level of detail. */
async function zoomUntil(page: Page, button: "zoomin" | "zoomout", detail: "light" | "full") {
  for (let i = 0; i < 12 && (await canvas(page).getAttribute("data-detail")) !== detail; i++) {
    await page.locator(`.react-flow__controls-${button}`).click();
  }
  await expect(canvas(page)).toHaveAttribute("data-detail", detail);
}

/** The parts of a saved flow document this test reads; the rest is saved back as it came. */
type Doc = {
  nodes: { id: string; type: string; position: { x: number; y: number } }[];
  edges: { id: string; source: string; target: string }[];
  purposes: { id: string }[];
};

async function trpcGet<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.status(), `${procedure} answered ${response.status()}`).toBeLessThan(300);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function trpcMutation(page: Page, procedure: string, input: unknown) {
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  expect(response.status(), `${procedure} answered ${response.status()}`).toBeLessThan(300);
}

/**
 * Saves the flow with a question between the privacy notice and the consent: it collects data
 * before consent, a finding with a path. Saved, not dropped on the canvas: an edit on the canvas
 * would insert the missing steps at once, and this test is about drawing, not about insertions.
 */
async function saveWithQuestionBeforeConsent(page: Page, slug: string, flowId: string) {
  const flow = await trpcGet<{ document: Doc; version: number }>(page, "flows.get", { workspaceSlug: slug, flowId });
  const document = flow.document;
  const privacy = document.nodes.find((n) => n.type === "privacyNotice")!;
  const consent = document.nodes.find((n) => n.type === "consent")!;
  const edge = document.edges.find((e) => e.source === privacy.id && e.target === consent.id)!;
  const question = {
    id: "question",
    type: "input",
    position: { x: privacy.position.x + 320, y: (privacy.position.y + consent.position.y) / 2 },
    data: {
      text: "Wie heißt du?",
      variable: "name",
      inputType: "text",
      personalData: true,
      purpose: document.purposes[0].id,
      retentionDays: 90,
    },
  };
  const saved = {
    ...document,
    nodes: [...document.nodes, question],
    edges: [
      ...document.edges.filter((e) => e !== edge),
      { ...edge, target: question.id },
      { id: "question-next", source: question.id, sourceHandle: "next", target: consent.id },
    ],
  };
  await trpcMutation(page, "flows.save", { workspaceSlug: slug, flowId, expectedVersion: flow.version, document: saved });
}

test("[editor] zoomed far out steps turn into light boxes and back; a finding's path stays highlighted at both levels", async ({
  page,
}) => {
  await signUp(page, uniqueUser("scale"));
  await createWorkspace(page, `Scale Shop ${Math.random().toString(36).slice(2, 7)}`);
  await createFlow(page, { name: "Welcome" });
  const [slug, flowId] = /\/w\/([^/]+)\/flows\/([^/]+)$/.exec(page.url())!.slice(1);
  await saveWithQuestionBeforeConsent(page, slug, flowId);
  await page.reload();
  await expect(page.getByTestId("step-question")).toBeVisible();
  await page.getByTestId("compliance-badge").click();
  await page.locator('[data-rule="consent.beforeData"]').click();

  // Full detail: text, handles, and the path marked.
  await expect(canvas(page)).toHaveAttribute("data-detail", "full");
  await expect(witnessEdges(page).first()).toBeAttached();
  const pathSteps = await highlighted(page).count();
  const pathEdges = await witnessEdges(page).count();
  expect(pathSteps).toBeGreaterThan(1);
  expect(pathEdges).toBeGreaterThan(0);
  const stepCount = await steps(page).count();
  const edgeCount = await page.locator(".react-flow__edge").count();
  await expect(steps(page).first()).toHaveAttribute("data-detail", "full");
  await expect(canvas(page).locator(".react-flow__handle").first()).toBeAttached();

  // Far out: light boxes without handles or text, the same connections, the same path marked.
  await zoomUntil(page, "zoomout", "light");
  await expect(steps(page).first()).toHaveAttribute("data-detail", "light");
  await expect(canvas(page).locator('[data-step-type][data-detail="full"]')).toHaveCount(0);
  await expect(canvas(page).locator(".react-flow__handle")).toHaveCount(0);
  // Further out more of the flow is on screen, never less; every connection still attaches to its boxes.
  await expect.poll(() => steps(page).count()).toBeGreaterThanOrEqual(stepCount);
  await expect.poll(() => page.locator(".react-flow__edge").count()).toBeGreaterThanOrEqual(edgeCount);
  await expect.poll(() => lightBoxes(page).count()).toBeGreaterThanOrEqual(stepCount);
  await expect.poll(() => lightHighlighted(page).count()).toBeGreaterThanOrEqual(pathSteps);
  await expect.poll(() => witnessEdges(page).count()).toBeGreaterThanOrEqual(pathEdges);
  // Drawn thicker far out, so the path reads at a fraction of its size (a straight line can have an empty box: no visibility check).
  await expect(witnessEdges(page).first().locator(".react-flow__edge-path")).toHaveCSS("stroke-width", "14px");
  await expect(lightHighlighted(page).first()).toBeVisible();
  // The highlight is drawn, not only marked: the box takes the highlight colour at this level too.
  const lightColour = await lightHighlighted(page)
    .first()
    .locator("rect")
    .evaluate((el) => getComputedStyle(el).fill);
  const plainColour = await canvas(page)
    .locator("[data-light-box]:not([data-highlighted])")
    .first()
    .locator("rect")
    .evaluate((el) => getComputedStyle(el).fill);
  expect(lightColour).not.toBe(plainColour);

  // Back in: full detail returns, the path is still marked.
  await zoomUntil(page, "zoomin", "full");
  await expect(canvas(page).locator('[data-step-type][data-detail="light"]')).toHaveCount(0);
  await expect(canvas(page).locator(".react-flow__handle").first()).toBeAttached();
  await expect(highlighted(page).first()).toHaveAttribute("data-detail", "full");
  await expect(witnessEdges(page).first()).toBeAttached();
});

test("[editor] zoomed far out the keyboard walks the steps in reading order, and a light box drags like a step", async ({ page }) => {
  await signUp(page, uniqueUser("scale-drag"));
  await createWorkspace(page, `Drag Shop ${Math.random().toString(36).slice(2, 7)}`);
  await createFlow(page, { name: "Welcome" });
  await zoomUntil(page, "zoomout", "light");
  const nodes = canvas(page).locator(".react-flow__node");
  const nodeCount = await nodes.count();
  expect(nodeCount).toBeGreaterThan(3);

  // Keyboard: the first Tab into the canvas lands on the start, the next ones follow the flow; each step is
  // named for screen readers and its focus is seen, though the light box layer draws the box.
  await page.getByTestId("palette-handoff").focus();
  const focused = () =>
    page.evaluate(() => {
      const node = document.activeElement?.closest(".react-flow__node");
      return (
        node && { id: node.getAttribute("data-id"), label: node.getAttribute("aria-label"), outline: getComputedStyle(node).outlineStyle }
      );
    });
  const walked: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    const item = await focused();
    expect(item?.label).toBeTruthy();
    expect(item?.outline).not.toBe("none");
    walked.push(item?.id ?? "");
  }
  expect(walked).toEqual(["start", "disclosure", "privacy"]);

  // Mouse: the step's empty target takes the drag, and its box in the layer follows.
  const held = page.getByTestId("step-privacy");
  const box = canvas(page).locator('[data-light-box="privacy"] rect');
  const before = (await box.boundingBox())!;
  const fillOf = () => box.evaluate((el) => getComputedStyle(el).fill);
  const unselectedFill = await fillOf();
  const from = (await held.boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + i * 8, start.y + i * 3);
  // While it is held, the other steps' targets are out of the layout: nothing to hit-test on every move.
  await expect(canvas(page).locator(".react-flow__node:visible")).toHaveCount(1);
  await page.mouse.up();
  await expect.poll(async () => (await box.boundingBox())!.x).toBeGreaterThan(before.x + 40);
  // Let go, every step takes the pointer again, and the moved one is selected: its box shows it.
  await expect(canvas(page).locator(".react-flow__node:visible")).toHaveCount(nodeCount);
  await expect(canvas(page).locator(".react-flow__node[data-held]")).toHaveCount(0);
  expect(await fillOf()).not.toBe(unselectedFill);
});
