"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/Button";

export function OAuthButtons({ github, google, callbackUrl }: { github: boolean; google: boolean; callbackUrl: string }) {
  const t = useTranslations("auth");
  if (!github && !google) return null;
  return (
    <div className="mt-6">
      <div className="mb-3 flex items-center gap-3 text-xs text-slate-500">
        <span className="h-px flex-1 bg-slate-200" />
        {t("orContinueWith")}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <div className="flex flex-col gap-2">
        {github && (
          <Button variant="secondary" onClick={() => signIn("github", { callbackUrl })}>
            {t("continueWithGithub")}
          </Button>
        )}
        {google && (
          <Button variant="secondary" onClick={() => signIn("google", { callbackUrl })}>
            {t("continueWithGoogle")}
          </Button>
        )}
      </div>
    </div>
  );
}
