// The formatter alone: the compliance index would bring the whole rulebook (and the public suffix list) with it.
import { formatDiagnostic } from "@/core/compliance/format";
import type { Diagnostic } from "@/core/compliance";
import type { Locale } from "@/core/flow";

/**
 * The stored reasons a live flow is not served, worded in the reader's language;
 * a finding repeated on several steps is said once.
 */
export function liveBlockedReasons(findings: readonly Diagnostic[], locale: string): string[] {
  const language: Locale = locale === "en" ? "en" : "de";
  return [...new Set(findings.map((d) => formatDiagnostic(d, language)))];
}
