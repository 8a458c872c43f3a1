"use client";
import { useEffect, useMemo, useState } from "react";
import type { Diagnostic } from "@/core/compliance";

type Wording = typeof import("@/components/flows/liveBlocked");

/**
 * Why a live flow is blocked, in the reader's words; null while there is no reason or
 * its words are still loading. The rulebook's catalogues come only for a blocked flow:
 * most flows opened in the editor are not.
 */
export function useLiveBlockedReasons(findings: readonly Diagnostic[] | null, locale: string): string[] | null {
  const [wording, setWording] = useState<Wording | null>(null);
  const needed = findings !== null && findings.length > 0;
  useEffect(() => {
    if (needed && !wording) void import("@/components/flows/liveBlocked").then((module) => setWording(module));
  }, [needed, wording]);
  return useMemo(() => (needed && wording ? wording.liveBlockedReasons(findings, locale) : null), [needed, wording, findings, locale]);
}
