"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { describeError } from "@/components/ui/errorMessage";

/** Accept or decline buttons for an open invitation. */
export function InvitationAnswer({ secret }: { secret: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.members.acceptInvitation.mutationOptions());
  const decline = useMutation(trpc.members.declineInvitation.mutationOptions());
  const [declined, setDeclined] = useState(false);
  const failed = accept.error ?? decline.error;

  if (declined) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="info">{t("invite.declined")}</Alert>
        <Link href="/dashboard" className="text-sm font-medium text-brand-600 hover:underline">
          {t("invite.toDashboard")}
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {failed && <Alert>{describeError(failed, t)}</Alert>}
      <Button
        busy={accept.isPending}
        disabled={decline.isPending}
        onClick={async () => {
          try {
            const { workspaceSlug } = await accept.mutateAsync({ secret });
            router.push(`/w/${workspaceSlug}/flows`);
            router.refresh();
          } catch {
            // Shown above.
          }
        }}
      >
        {t("invite.accept")}
      </Button>
      <Button
        variant="secondary"
        busy={decline.isPending}
        disabled={accept.isPending}
        onClick={async () => {
          try {
            await decline.mutateAsync({ secret });
            setDeclined(true);
          } catch {
            // Shown above.
          }
        }}
      >
        {t("invite.decline")}
      </Button>
    </div>
  );
}
