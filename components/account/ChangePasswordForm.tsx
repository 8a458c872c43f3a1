"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Form } from "@/components/ui/Form";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { appErrorData, describeError, translateValidation } from "@/components/ui/errorMessage";
import { useTRPC } from "@/components/providers/trpc";
import { PASSWORD_MIN, ZChangePasswordRequest } from "@/core/domain/auth";

type Values = z.input<typeof ZChangePasswordRequest>;
const FIELDS = ["currentPassword", "newPassword"] as const;

/** Changes the password; the server ends every other session and keeps this one. */
export function ChangePasswordForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [done, setDone] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZChangePasswordRequest), defaultValues: { currentPassword: "", newPassword: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setDone(false);
    try {
      await change.mutateAsync(values);
    } catch (error) {
      // The server names the field it refuses (wrong current password, guessable new one).
      const field = FIELDS.find((f) => f === appErrorData(error)?.field);
      form.setError(field ?? "root", { message: describeError(error, t) });
      return;
    }
    form.reset();
    setDone(true);
  });

  return (
    <Form onSubmit={onSubmit} className="flex max-w-md flex-col gap-4">
      {errors.root?.message && <Alert>{errors.root.message}</Alert>}
      {done && (
        <Alert tone="success" data-testid="password-changed">
          {t("account.passwordChanged")}
        </Alert>
      )}
      <TextField
        label={t("account.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={translateValidation(errors.currentPassword?.message, t)}
        {...form.register("currentPassword")}
      />
      <TextField
        label={t("account.newPassword")}
        type="password"
        autoComplete="new-password"
        hint={t("auth.passwordHint", { min: PASSWORD_MIN })}
        error={translateValidation(errors.newPassword?.message, t)}
        {...form.register("newPassword")}
      />
      <Button type="submit" busy={isSubmitting} className="self-start">
        {isSubmitting ? t("account.changingPassword") : t("account.changePassword")}
      </Button>
    </Form>
  );
}
