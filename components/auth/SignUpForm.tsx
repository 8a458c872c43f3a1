"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Form } from "@/components/ui/Form";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { appErrorData, describeError, translateValidation } from "@/components/ui/errorMessage";
import { useTRPC } from "@/components/providers/trpc";
import { PASSWORD_MIN, ZSignUpRequest } from "@/core/domain/auth";

type Values = z.input<typeof ZSignUpRequest>;
const FIELDS = ["name", "email", "password"] as const;

export function SignUpForm({
  callbackUrl,
  initialEmail = "",
  privacyPolicyUrl = null,
  impressumUrl = null,
}: {
  callbackUrl: string;
  /** The invited address when the visitor came from an invitation link. */
  initialEmail?: string;
  privacyPolicyUrl?: string | null;
  impressumUrl?: string | null;
}) {
  const t = useTranslations();
  const locale = useLocale();
  const [checkMail, setCheckMail] = useState(false);
  const router = useRouter();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const form = useForm<Values>({ resolver: zodResolver(ZSignUpRequest), defaultValues: { name: "", email: initialEmail, password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await signUp.mutateAsync({
        ...values,
        locale: locale === "en" ? "en" : "de",
        // The verification mail leads back to the invitation the visitor came from.
        next: callbackUrl.startsWith("/invite/") ? callbackUrl : undefined,
      });
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
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    // Sign-up answers alike for new and taken addresses; an existing account's owner got a mail.
    setCheckMail(true);
  });

  return (
    <Form onSubmit={onSubmit} className="flex flex-col gap-4">
      {errors.root?.message && <Alert>{errors.root.message}</Alert>}
      {checkMail && <Alert tone="info">{t("auth.signUpCheckMail")}</Alert>}
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
      <Button type="submit" busy={isSubmitting}>
        {isSubmitting ? t("auth.signingUp") : t("auth.signUp")}
      </Button>
      {privacyPolicyUrl && impressumUrl && (
        <p className="text-xs text-slate-600">
          {t.rich("auth.legalNotice", {
            privacy: (chunks) => (
              <a href={privacyPolicyUrl} className="underline" target="_blank" rel="noopener noreferrer">
                {chunks}
              </a>
            ),
            impressum: (chunks) => (
              <a href={impressumUrl} className="underline" target="_blank" rel="noopener noreferrer">
                {chunks}
              </a>
            ),
          })}
        </p>
      )}
      <p className="text-center text-sm text-slate-600">
        {t("auth.haveAccount")}{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          {t("auth.toSignIn")}
        </Link>
      </p>
    </Form>
  );
}
