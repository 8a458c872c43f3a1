import { test, expect, signIn, signOut, signUp, uniqueUser, createWorkspace } from "./fixtures";

test("[auth] sign up, sign out and sign in again", async ({ page }) => {
  const user = uniqueUser("signup");
  await signUp(page, user);
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText(user.name);

  await signOut(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);

  await signIn(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("current-user")).toHaveText(user.name);
});

test("[auth] a wrong password is refused with a clear message", async ({ page }) => {
  const user = uniqueUser("wrongpw");
  await signUp(page, user);
  await signOut(page);
  await signIn(page, { email: user.email, password: "not-the-password-1" });
  await expect(page.getByText("That email address or password is not right.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("[auth] sign-up explains bad input at the field", async ({ page }) => {
  const taken = uniqueUser("taken");
  await signUp(page, taken);
  await signOut(page);

  await page.goto("/signup");
  await page.getByLabel("Name").fill("x".repeat(101));
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The name can be at most 100 characters long.")).toBeVisible();
  await expect(page.getByText("That does not look like an email address")).toBeVisible();
  await expect(page.getByText("The password needs at least 10 characters.")).toBeVisible();

  await page.getByLabel("Name").fill("Second Person");
  await page.getByLabel("Email address").fill(taken.email);
  await page.getByLabel("Password").fill("Another-pass-2026");
  await page.getByRole("button", { name: "Create account" }).click();
  // The answer must not reveal that the address is taken (no account enumeration).
  await page.waitForLoadState("networkidle");
  await expect(page.getByText(/already has an account/)).toHaveCount(0);
  await expect(page).toHaveURL(/\/signup/);
});

test("[workspaces] create a workspace and switch between workspaces", async ({ page }) => {
  const user = uniqueUser("ws");
  await signUp(page, user);
  await expect(page.getByText("No workspace yet")).toBeVisible();

  await createWorkspace(page, "Müller & Söhne GmbH");
  await expect(page).toHaveURL(/\/w\/mueller-soehne-gmbh(-\d+)?\/flows$/);
  await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
  await expect(page.getByText("No flows yet")).toBeVisible();

  await createWorkspace(page, "Second Shop");
  await page.getByRole("button", { name: "Switch workspace" }).click();
  await page.getByRole("menuitem", { name: /Müller & Söhne GmbH/ }).click();
  await expect(page).toHaveURL(/\/w\/mueller-soehne-gmbh(-\d+)?\/flows$/);
  await expect(page.getByRole("button", { name: "Switch workspace" })).toHaveText(/Müller & Söhne GmbH/);
});

test("[i18n] German browsers get German; the switcher changes and remembers the language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await context.close();
});

test("[workspaces] a non-member gets not found for someone else's workspace", async ({ page, browser }) => {
  await signUp(page, uniqueUser("owner"));
  await createWorkspace(page, "Private Shop");
  const url = page.url();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, uniqueUser("stranger"));
  const response = await otherPage.goto(url);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByText("We could not find that")).toBeVisible();
  await other.close();
});

test("[auth] before the page runs, form fields wait instead of losing what was typed; then the first field has the focus", async ({
  page,
}) => {
  // Hold back the page's scripts, as on a slow connection.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await released;
    await route.continue();
  });
  await page.goto("/signup", { waitUntil: "commit" });
  const name = page.getByLabel("Name");
  await expect(name).toBeVisible();
  await expect(name).toBeDisabled();
  await expect(page.getByRole("button", { name: "Create account" })).toBeDisabled();

  release();
  await expect(name).toBeEnabled();
  await expect(name).toBeFocused();
  await page.keyboard.type("Typed Right Away");
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Create account" }).click();
  // The typed name survived: only the address is refused.
  await expect(page.getByText("That does not look like an email address")).toBeVisible();
  await expect(name).toHaveValue("Typed Right Away");
});
