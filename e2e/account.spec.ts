import { test, expect, signIn, signUp, uniqueUser } from "./fixtures";

/*
 * The account page as its owner uses it: a password change explains a wrong current
 * password and a guessable new one at the field, keeps this browser signed in and
 * signs out every other one; the new password is the one that works afterwards.
 */
test("[account] changing the password keeps this browser signed in and ends the session in another", async ({ page, browser }) => {
  const user = uniqueUser("account");
  await signUp(page, user);

  // A second browser (a phone, a shared computer) signed in to the same account.
  const other = await browser.newContext({ locale: "de-DE" });
  const otherPage = await other.newPage();
  await signIn(otherPage, user);
  await expect(otherPage).toHaveURL(/\/dashboard$/);

  await page.getByRole("link", { name: user.name }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();

  const current = page.getByLabel("Current password");
  const next = page.getByLabel("New password");
  await current.fill("not-my-password-7");
  await next.fill("Ganz-neues-Passwort-2026!");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is not right.")).toBeVisible({ timeout: 30_000 });

  await current.fill(user.password);
  await next.fill("password123");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This password is on the list of the most common passwords.")).toBeVisible({ timeout: 30_000 });

  const newPassword = `Neu-${user.password}`;
  await next.fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed. Other browsers and devices are signed out.")).toBeVisible({
    timeout: 30_000,
  });

  // This browser stays in; the other one is sent to the sign-in page on its next request.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/signin/);

  // Only the new password opens the account now.
  await signIn(otherPage, user);
  await expect(otherPage.getByText(/E-Mail-Adresse oder Passwort stimmt nicht/)).toBeVisible();
  await signIn(otherPage, { email: user.email, password: newPassword });
  await expect(otherPage).toHaveURL(/\/dashboard$/);
  await other.close();
});

test("[account] „Überall abmelden“ ends every session, this one included", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  const user = uniqueUser("everywhere");
  await signUp(page, user);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Ihr Konto" })).toBeVisible();
  await page.getByRole("button", { name: "Überall abmelden" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await context.close();
});
