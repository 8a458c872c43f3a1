"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { useHydrated } from "@/components/ui/useHydrated";
import { appErrorData, describeError, translateValidation } from "@/components/ui/errorMessage";
import { useTRPC } from "@/components/providers/trpc";
import { PASSWORD_MIN, ZSignUpRequest } from "@/core/domain/auth";

type Values = z.input<typeof ZSignUpRequest>;
const FIELDS = ["name", "email", "password"] as const;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations();
  const router = useRouter();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const form = useForm<Values>({ resolver: zodResolver(ZSignUpRequest), defaultValues: { name: "", email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  const hydrated = useHydrated();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      // Put the server's answer at the field it is about, when it names one.
      const data = appErrorData(error);
      const field = FIELDS.find((f) => f === data?.field);
      if (field) {
        form.setError(field, { message: describeError(error, t) });
        return;
      }
      form.setError("root", { message: describeError(error, t) });
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    router.replace(result?.ok ? callbackUrl : "/signin");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="flex flex-col gap-4">
      {errors.root?.message && <Alert>{errors.root.message}</Alert>}
      <TextField
        label={t("auth.name")}
        autoComplete="name"
        autoFocus
        error={translateValidation(errors.name?.message, t)}
        {...form.register("name")}
      />
      <TextField
        label={t("auth.email")}
        type="email"
        autoComplete="email"
        error={translateValidation(errors.email?.message, t)}
        {...form.register("email")}
      />
      <TextField
        label={t("auth.password")}
        type="password"
        autoComplete="new-password"
        hint={t("auth.passwordHint", { min: PASSWORD_MIN })}
        error={translateValidation(errors.password?.message, t)}
        {...form.register("password")}
      />
      <Button type="submit" busy={isSubmitting} disabled={!hydrated}>
        {isSubmitting ? t("auth.signingUp") : t("auth.signUp")}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {t("auth.haveAccount")}{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          {t("auth.toSignIn")}
        </Link>
      </p>
    </form>
  );
}
