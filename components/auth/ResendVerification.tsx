"use client";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { describeError } from "@/components/ui/errorMessage";

/** Mails the verification link again; `next` is where the link's page offers to go on. */
export function ResendVerification({ next }: { next: string }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  return (
    <div className="flex flex-col gap-2">
      {resend.isSuccess && <Alert tone="info">{t("invite.verificationResent")}</Alert>}
      {resend.error && <Alert>{describeError(resend.error, t)}</Alert>}
      <Button
        variant="secondary"
        busy={resend.isPending}
        onClick={() => resend.mutate({ locale: locale === "en" ? "en" : "de", next }, { onError: () => undefined })}
      >
        {t("invite.resendVerification")}
      </Button>
    </div>
  );
}
