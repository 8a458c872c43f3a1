"use client";
import { Download, Eye, History, Rocket } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { useEditor } from "../store/EditorStoreProvider";
import type { EditorState } from "../store/editorStore";

// Loaded when first opened: the preview brings the runtime and the exporter,
// which the canvas does not need to become usable.
const PreviewPanel = dynamic(() => import("@/components/editor/preview/PreviewPanel").then((m) => m.PreviewPanel), { ssr: false });
const ExportDialog = dynamic(() => import("./ExportDialog").then((m) => m.ExportDialog), { ssr: false });
const PublishDialog = dynamic(() => import("./PublishDialog").then((m) => m.PublishDialog), { ssr: false });
const VersionsDialog = dynamic(() => import("./VersionsDialog").then((m) => m.VersionsDialog), { ssr: false });

const selectCanEdit = (s: EditorState) => s.canEdit;

/** The top bar's Preview, Versions, Export and Publish buttons with their dialogs and the preview panel. */
export function FlowActions({ onShowDiagnostics }: { onShowDiagnostics: () => void }) {
  const tPreview = useTranslations("preview");
  const tVersions = useTranslations("versions");
  const tExport = useTranslations("export");
  const tPublish = useTranslations("publish");
  const canEdit = useEditor(selectCanEdit);
  const [dialog, setDialog] = useState<"publish" | "versions" | "export" | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const close = () => setDialog(null);

  return (
    <>
      <Button
        variant={previewOpen ? "primary" : "secondary"}
        size="sm"
        onClick={() => setPreviewOpen((open) => !open)}
        aria-pressed={previewOpen}
        aria-label={tPreview("button")}
      >
        <Eye className="size-4" aria-hidden />
        <span className="hidden xl:inline">{tPreview("button")}</span>
      </Button>
      {/* Versions and export are seldom needed while building: below 1536 px they keep their icon only, so the flow's name
          keeps its room beside the live badge. */}
      <Button
        variant="secondary"
        size="sm"
        onClick={() => setDialog("versions")}
        aria-label={tVersions("button")}
        title={tVersions("button")}
      >
        <History className="size-4" aria-hidden />
        <span className="hidden 2xl:inline">{tVersions("button")}</span>
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setDialog("export")} aria-label={tExport("button")} title={tExport("button")}>
        <Download className="size-4" aria-hidden />
        <span className="hidden 2xl:inline">{tExport("button")}</span>
      </Button>
      {canEdit && (
        <Button size="sm" onClick={() => setDialog("publish")} aria-label={tPublish("button")}>
          <Rocket className="size-4" aria-hidden />
          <span className="hidden xl:inline">{tPublish("button")}</span>
        </Button>
      )}
      {dialog === "publish" && <PublishDialog open onClose={close} onShowDiagnostics={onShowDiagnostics} />}
      {dialog === "versions" && <VersionsDialog open onClose={close} />}
      {dialog === "export" && <ExportDialog open onClose={close} />}
      {previewOpen && <PreviewPanel onClose={() => setPreviewOpen(false)} />}
    </>
  );
}
