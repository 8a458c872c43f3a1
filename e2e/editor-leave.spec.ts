import { createFlow, createWorkspace, expect, signUp, test, uniqueUser } from "./fixtures";

test("[editor] a new name typed just before going back to the flows is saved", async ({ page }) => {
  await signUp(page, uniqueUser("leave"));
  await createWorkspace(page, `Leave Shop ${Math.random().toString(36).slice(2, 7)}`);
  await createFlow(page, { name: "Before" });
  await page.getByTestId("flow-name").fill("Renamed in a hurry");
  await page.getByRole("link", { name: /Zurück zu den Flows|Back to flows/ }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByText("Renamed in a hurry")).toBeVisible();
});

test("[editor] opening a flow asks the server for no check; one edit is checked once, when it is saved", async ({ page }) => {
  await signUp(page, uniqueUser("checks"));
  await createWorkspace(page, `Check Shop ${Math.random().toString(36).slice(2, 7)}`);
  const calls: string[] = [];
  page.on("request", (request) => {
    const match = /\/api\/trpc\/([^?]+)/.exec(request.url());
    if (match) calls.push(...match[1].split(",").filter((name) => name === "flows.validate" || name === "flows.save"));
  });
  await createFlow(page, { name: "Counted" });
  // The live check in the browser reports the missing legal settings without the server.
  await expect(page.getByTestId("compliance-badge")).toBeVisible();
  // Any check or save would be a request: once the page's network is quiet, none was sent.
  await page.waitForLoadState("networkidle");
  expect(calls).toEqual([]);

  await page.getByTestId("flow-name").fill("Counted once");
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "saved");
  await page.waitForLoadState("networkidle");
  expect(calls).toEqual(["flows.save"]);
});
