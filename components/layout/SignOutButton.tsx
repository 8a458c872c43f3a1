"use client";
import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/Button";

export function SignOutButton() {
  const t = useTranslations("auth");
  return (
    <Button variant="ghost" size="sm" onClick={() => signOut({ callbackUrl: "/signin" })}>
      <LogOut className="size-4" aria-hidden />
      {t("signOut")}
    </Button>
  );
}
