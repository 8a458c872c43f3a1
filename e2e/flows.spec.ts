import { createFlow, createWorkspace, expect, signUp, test, uniqueUser } from "./fixtures";

test("[flows] create from a template, rename, duplicate and archive", async ({ page }) => {
  await signUp(page, uniqueUser("flows"));
  await createWorkspace(page, "Template Shop");
  await expect(page.getByText("No flows yet")).toBeVisible();
  await createFlow(page, { template: /^Lead capture$/, name: "Leads 2027" });
  // Long flows open at their beginning; "show everything" brings the rest into view.
  await page.locator(".react-flow__controls-fitview").click();
  await expect(page.locator('[data-step-type="webhook"]')).toHaveCount(1);

  await page.getByRole("link", { name: "Back to flows" }).click();
  const row = page.getByRole("row", { name: /Leads 2027/ });
  await expect(row).toBeVisible();
  await expect(row.getByText(/Ready|error/)).toBeVisible();

  await row.getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  await page.getByLabel("Flow name").fill("Leads 2028");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row", { name: /Leads 2028/ })).toBeVisible();

  await page
    .getByRole("row", { name: /Leads 2028/ })
    .getByRole("button", { name: /Actions for/ })
    .click();
  await page.getByRole("menuitem", { name: "Duplicate" }).click();
  await expect(page.getByRole("row", { name: /Copy of Leads 2028/ })).toBeVisible();

  await page
    .getByRole("row", { name: /^Leads 2028/ })
    .getByRole("button", { name: /Actions for/ })
    .click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(page.getByRole("row", { name: /^Leads 2028/ })).toBeHidden();
  await page.getByRole("tab", { name: "Archive" }).click();
  await expect(page.getByRole("row", { name: /Leads 2028/ })).toBeVisible();
});
