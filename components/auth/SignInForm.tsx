"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Form } from "@/components/ui/Form";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { translateValidation } from "@/components/ui/errorMessage";
import { ZSignInRequest } from "@/core/domain/auth";
import { parseSignInError } from "./signInResult";

type Values = z.input<typeof ZSignInRequest>;

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [failure, setFailure] = useState(parseSignInError(initialError));
  const form = useForm<Values>({ resolver: zodResolver(ZSignInRequest), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setFailure(parseSignInError(result?.error ?? "INVALID_CREDENTIALS"));
  });

  return (
    <Form onSubmit={onSubmit} className="flex flex-col gap-4">
      {failure && (
        <Alert>
          {failure.kind === "locked"
            ? failure.seconds < 60
              ? t("auth.lockedSeconds", { seconds: failure.seconds })
              : t("auth.locked", { minutes: failure.minutes })
            : failure.kind === "invalid"
              ? t("auth.invalidCredentials")
              : t("auth.oauthFailed")}
        </Alert>
      )}
      <TextField
        label={t("auth.email")}
        type="email"
        autoComplete="email"
        autoFocus
        error={translateValidation(errors.email?.message, t)}
        {...form.register("email")}
      />
      <TextField
        label={t("auth.password")}
        type="password"
        autoComplete="current-password"
        error={translateValidation(errors.password?.message, t)}
        {...form.register("password")}
      />
      <Button type="submit" busy={isSubmitting}>
        {isSubmitting ? t("auth.signingIn") : t("auth.signIn")}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {t("auth.noAccount")}{" "}
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          {t("auth.toSignUp")}
        </Link>
      </p>
    </Form>
  );
}
