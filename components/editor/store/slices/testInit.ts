import { createFlowFromTemplate, type TemplateId } from "@/core/flow";
import { createEditorStore } from "../editorStore";
import type { EditorInit } from "./types";

/** A store on a template flow, as the editor page would open it (for the slice tests). */
export function storeOnTemplate(overrides: Partial<EditorInit> = {}, templateId: TemplateId = "default") {
  const document = createFlowFromTemplate(templateId, { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" });
  return createEditorStore({
    workspaceSlug: "shop",
    flowId: "flow-1",
    canEdit: true,
    company: "Muster GmbH",
    document,
    version: 1,
    diagnostics: [],
    publishedVersion: null,
    legal: null,
    ...overrides,
  });
}
