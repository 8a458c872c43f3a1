"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { Form } from "@/components/ui/Form";
import { toast } from "@/components/ui/toast";
import { z } from "zod";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { describeError, translateValidation } from "@/components/ui/errorMessage";
import { useTRPC } from "@/components/providers/trpc";
import { ZWorkspaceName } from "@/core/domain/workspace";

const ZForm = z.object({ name: ZWorkspaceName });

export function CreateWorkspaceForm() {
  const t = useTranslations();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.workspaces.create.mutationOptions());
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { name: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    try {
      const workspace = await create.mutateAsync({ name });
      await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
      toast.success(t("dashboard.created", { name: workspace.name }));
      router.push(`/w/${workspace.slug}/flows`);
    } catch (error) {
      form.setError("name", { message: describeError(error, t) });
    }
  });

  return (
    <Form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <TextField
        className="flex-1"
        label={t("dashboard.nameLabel")}
        placeholder={t("dashboard.namePlaceholder")}
        error={translateValidation(errors.name?.message, t)}
        {...form.register("name")}
      />
      <Button type="submit" busy={isSubmitting} className="sm:mt-6">
        {isSubmitting ? t("dashboard.creating") : t("common.create")}
      </Button>
    </Form>
  );
}
