import type { Page } from "@playwright/test";
import { createFlow, createWorkspace, expect, signUp, test, uniqueUser } from "./fixtures";

const canvas = (page: Page) => page.getByTestId("canvas");
const steps = (page: Page) => canvas(page).locator("[data-step-type]");
const highlighted = (page: Page) => canvas(page).locator("[data-step-type][data-highlighted]");
const witnessEdges = (page: Page) => page.locator(".react-flow__edge.is-witness");

/** Clicks a zoom button until the canvas shows the wanted level of detail. */
async function zoomUntil(page: Page, button: "zoomin" | "zoomout", detail: "light" | "full") {
  for (let i = 0; i < 12 && (await canvas(page).getAttribute("data-detail")) !== detail; i++) {
    await page.locator(`.react-flow__controls-${button}`).click();
  }
  await expect(canvas(page)).toHaveAttribute("data-detail", detail);
}

// fixme: fails on main after the integration of 2026-12-01 (see that closing note); fix before relying on it.
test.fixme("[editor] zoomed far out steps turn into light boxes and back; a finding's path stays highlighted at both levels", async ({
  page,
}) => {
  await signUp(page, uniqueUser("scale"));
  await createWorkspace(page, `Scale Shop ${Math.random().toString(36).slice(2, 7)}`);
  await createFlow(page, { name: "Welcome" });

  // A question between the privacy notice and the consent collects data before consent: a finding with a path.
  const privacy = (await page.getByTestId("step-privacy").boundingBox())!;
  const consent = (await page.getByTestId("step-consent").boundingBox())!;
  const box = (await canvas(page).boundingBox())!;
  await page.getByTestId("palette-input").dragTo(canvas(page), {
    targetPosition: { x: privacy.x + privacy.width / 2 - box.x, y: (privacy.y + privacy.height + consent.y) / 2 - box.y },
  });
  await page.getByTestId("auto-insert-notice").getByRole("button", { name: "Undo" }).click();
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
  await expect.poll(() => highlighted(page).count()).toBeGreaterThanOrEqual(pathSteps);
  await expect.poll(() => witnessEdges(page).count()).toBeGreaterThanOrEqual(pathEdges);
  // Drawn thicker far out, so the path reads at a fraction of its size (a straight line can have an empty box: no visibility check).
  await expect(witnessEdges(page).first().locator(".react-flow__edge-path")).toHaveCSS("stroke-width", "14px");
  await expect(highlighted(page).first()).toBeVisible();
  // The highlight is drawn, not only marked: the box takes the highlight colour at this level too.
  const lightColour = await highlighted(page)
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  const plainColour = await canvas(page)
    .locator("[data-step-type]:not([data-highlighted])")
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(lightColour).not.toBe(plainColour);

  // Back in: full detail returns, the path is still marked.
  await zoomUntil(page, "zoomin", "full");
  await expect(canvas(page).locator('[data-step-type][data-detail="light"]')).toHaveCount(0);
  await expect(canvas(page).locator(".react-flow__handle").first()).toBeAttached();
  await expect(highlighted(page).first()).toHaveAttribute("data-detail", "full");
  await expect(witnessEdges(page).first()).toBeAttached();
});
