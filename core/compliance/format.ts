// The message module itself, not the flow index: the editor's pages load the words without the schemas and templates.
import { formatMessage } from "../flow/messages";
import type { Locale } from "../flow/schema";
import type { Diagnostic, FormattedDiagnostic } from "./types";

/**
 * A finding in words, in `locale`: the catalogue entry `<rule>.message` filled with the
 * finding's params. The same function serves the editor (reader's language), the CLI
 * and exports (the flow's language), so every surface says the same thing.
 */
export function formatDiagnostic(diagnostic: Pick<Diagnostic, "rule" | "params">, locale: Locale): string {
  return formatMessage(locale, `${diagnostic.rule}.message`, diagnostic.params, diagnostic.rule);
}

/** Every finding with its `message` added, for surfaces that show or print them. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], locale: Locale): FormattedDiagnostic[] {
  return diagnostics.map((diagnostic) => ({ ...diagnostic, message: formatDiagnostic(diagnostic, locale) }));
}
