import { validate, type Diagnostic, type WorkspaceLegal } from "@/core/compliance";
import { parseFlowDocument, type Locale } from "@/core/flow";

/** One request to the live check: the draft as the editor holds it, and in which language to answer. */
export type LiveCheckRequest = { id: number; document: unknown; legal: WorkspaceLegal | null; locale: Locale };
export type LiveCheckResponse = { id: number; diagnostics: Diagnostic[] } | { id: number; error: string };

/**
 * The same check the server runs on save, without the server: the schema first (each
 * error naming its step), then the whole rulebook with the workspace's legal settings.
 */
export function checkDraft(document: unknown, legal: WorkspaceLegal | null, locale: Locale): Diagnostic[] {
  const parsed = parseFlowDocument(document, { locale });
  if (!parsed.ok) {
    return parsed.errors.map((e): Diagnostic => ({
      rule: "schema",
      severity: "error",
      nodeId: e.nodeId ?? null,
      params: { error: e.detail ?? e.message },
    }));
  }
  // Findings are data; the panel words them in the reader's language.
  return validate(parsed.document, legal, { graph: parsed.graph });
}

/** Answers one request; a failure becomes an answer too, so the editor never waits forever. */
export function answer(request: LiveCheckRequest): LiveCheckResponse {
  try {
    return { id: request.id, diagnostics: checkDraft(request.document, request.legal, request.locale) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
