"use client";
import { LogOut } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/Button";

/**
 * Signs out the way next-auth's own client does (CSRF token, then POST), without
 * loading that client on every page.
 */
async function signOut(): Promise<void> {
  const { csrfToken } = (await fetch("/api/auth/csrf").then((r) => r.json())) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/signin", json: "true" }),
  });
  window.location.assign(new URL("/signin", window.location.origin).href);
}

/** Ends every session of the account (all browsers and devices), then this one's cookie too. */
async function signOutEverywhere(): Promise<void> {
  const response = await fetch("/api/trpc/auth.signOutEverywhere", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ json: null }),
  });
  if (!response.ok) throw new Error(`Sign out everywhere failed: ${response.status}`);
  await signOut();
}

export function SignOutEverywhereButton() {
  const t = useTranslations("auth");
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      busy={busy}
      onClick={() => {
        setBusy(true);
        signOutEverywhere().catch(() => setBusy(false));
      }}
    >
      {t("signOutEverywhere")}
    </Button>
  );
}

export function SignOutButton() {
  const t = useTranslations("auth");
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className="shrink-0"
      title={t("signOut")}
      busy={busy}
      onClick={() => {
        setBusy(true);
        signOut().catch(() => setBusy(false));
      }}
    >
      {!busy && <LogOut className="size-4" aria-hidden />}
      {/* Narrow screens show the icon only; the name stays for screen readers. */}
      <span className="sr-only lg:not-sr-only">{t("signOut")}</span>
    </Button>
  );
}
