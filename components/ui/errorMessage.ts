"use client";
import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { AppErrorShape } from "@/server/api/trpc";

type Translate = ReturnType<typeof useTranslations>;

/** The AppError data the server attached to a failed call, if any. */
export function appErrorData(error: unknown): Partial<AppErrorShape> | null {
  if (error instanceof TRPCClientError) return (error.data ?? null) as Partial<AppErrorShape> | null;
  return null;
}

/**
 * Turns any failed call into one sentence in the user's language: validation
 * keys and AppError codes are translated; anything else gets a generic line.
 */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof TRPCClientError) {
    const data = appErrorData(error);
    if (data?.appCode === "INVALID_INPUT" && error.message.startsWith("validation.") && t.has(error.message)) {
      return t(error.message);
    }
    if (data?.appCode && t.has(`errors.${data.appCode}`)) {
      return t(`errors.${data.appCode}`, { message: error.message, ...(data.params ?? {}) });
    }
    if (!data) return t("errors.network");
  }
  return t("errors.unknown");
}

/** Translates a validation key (as used in the zod schemas) or passes text through. */
export function translateValidation(message: string | undefined, t: Translate): string | undefined {
  if (!message) return undefined;
  return message.startsWith("validation.") && t.has(message) ? t(message) : message;
}

export function useDescribeError() {
  const t = useTranslations();
  return useCallback((error: unknown) => describeError(error, t), [t]);
}
