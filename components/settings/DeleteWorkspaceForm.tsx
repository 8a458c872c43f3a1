"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { describeError } from "@/components/ui/errorMessage";
import { SettingsSection } from "./SettingsSection";

/** Owner only: deletes the workspace after its name is typed as confirmation. */
export function DeleteWorkspaceForm({ slug, name, isOwner }: { slug: string; name: string; isOwner: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.workspaces.delete.mutationOptions());
  const [typed, setTyped] = useState("");

  return (
    <SettingsSection title={t("deleteWorkspace.deleteTitle")} description={t("deleteWorkspace.deleteText")}>
      {!isOwner ? (
        <Alert tone="info">{t("deleteWorkspace.ownerOnly")}</Alert>
      ) : (
        <form
          noValidate
          className="flex flex-col gap-4"
          onSubmit={async (event) => {
            event.preventDefault();
            try {
              await remove.mutateAsync({ workspaceSlug: slug, confirmName: typed });
              await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
              toast.success(t("deleteWorkspace.deleted", { name }));
              router.push("/dashboard");
              router.refresh();
            } catch {
              // Shown below the field.
            }
          }}
        >
          <TextField
            label={t("deleteWorkspace.confirmLabel", { name })}
            value={typed}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
            error={remove.isError ? describeError(remove.error, t) : undefined}
          />
          <div>
            <Button type="submit" variant="danger" busy={remove.isPending} disabled={typed.trim() !== name.trim()}>
              {t("deleteWorkspace.delete")}
            </Button>
          </div>
        </form>
      )}
    </SettingsSection>
  );
}
