"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { z } from "zod";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { TextField } from "@/components/ui/TextField";
import { describeError, translateValidation } from "@/components/ui/errorMessage";
import { ZFlowName } from "@/core/domain/flow";

const ZForm = z.object({ name: ZFlowName });

export function RenameFlowDialog({
  workspaceSlug,
  flow,
  onClose,
  onRenamed,
}: {
  workspaceSlug: string;
  flow: { id: string; name: string };
  onClose: () => void;
  onRenamed: () => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const rename = useMutation(trpc.flows.rename.mutationOptions());
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { name: flow.name } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async ({ name }) => {
    try {
      const renamed = await rename.mutateAsync({ workspaceSlug, flowId: flow.id, name });
      toast.success(t("flows.renamed", { name: renamed.name }));
      onRenamed();
      onClose();
    } catch (error) {
      form.setError("name", { message: describeError(error, t) });
    }
  });
  return (
    <Dialog open onClose={onClose} title={t("flows.renameTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <TextField label={t("flows.nameLabel")} autoFocus error={translateValidation(errors.name?.message, t)} {...form.register("name")} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {t("common.save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
