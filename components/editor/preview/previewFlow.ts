import { buildExport } from "@/core/export";
import { parseFlowDocument, type Channel, type WorkspaceLegal } from "@/core/flow";
import { loadExport, type LoadedFlow } from "@/core/runtime";

/** The workspace's legal settings as the settings form stores them. */
export interface LegalSettingsFields {
  controllerName: string;
  controllerAddress: string;
  impressumUrl: string;
  privacyPolicyUrl: string;
  privacyContact: string;
  processors: WorkspaceLegal["processors"];
}

/** Preview exports are never published; the hash only has to be well-formed. */
const DRAFT_HASH = "0".repeat(64);

/**
 * Turns the editor's current draft into a runnable flow for one channel, with the
 * same exporter and renderer a deployed bot uses. The draft need not be compliant
 * (people preview while fixing), so no rules run here; a draft that does not parse
 * gives the first problem in words.
 *
 * @param company stands in for the controller's name until the legal settings have one.
 */
export function loadDraftForPreview(
  draft: unknown,
  legal: LegalSettingsFields | null,
  company: string,
  channel: Channel,
): { ok: true; flow: LoadedFlow } | { ok: false; message: string } {
  const parsed = parseFlowDocument(draft);
  if (!parsed.ok) return { ok: false, message: parsed.errors[0]?.message ?? "" };
  const workspaceLegal: WorkspaceLegal = {
    controller: { name: legal?.controllerName || company, address: legal?.controllerAddress ?? "" },
    impressumUrl: legal?.impressumUrl ?? "",
    privacyPolicyUrl: legal?.privacyPolicyUrl ?? "",
    privacyContact: legal?.privacyContact ?? "",
    processors: legal?.processors ?? [],
  };
  const exported = buildExport(parsed.document, {
    legal: workspaceLegal,
    channel: null,
    version: 0,
    contentHash: DRAFT_HASH,
    diagnostics: [],
    graph: parsed.graph,
  });
  try {
    return { ok: true, flow: loadExport(exported, { channel }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
