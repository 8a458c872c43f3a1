"use client";
import { Download, Eye, History, Rocket } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { PreviewPanel } from "@/components/preview/PreviewPanel";
import { Button } from "@/components/ui/Button";
import { useEditor } from "../store/EditorStoreProvider";
import type { EditorState } from "../store/editorStore";
import { ExportDialog } from "./ExportDialog";
import { PublishDialog } from "./PublishDialog";
import { VersionsDialog } from "./VersionsDialog";

const selectCanEdit = (s: EditorState) => s.canEdit;

/** The top bar's Preview, Versions, Export and Publish buttons with their dialogs and the preview panel. */
export function EditorActions({ onShowDiagnostics }: { onShowDiagnostics: () => void }) {
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
      <Button variant={previewOpen ? "primary" : "secondary"} size="sm" onClick={() => setPreviewOpen((open) => !open)} aria-pressed={previewOpen} aria-label={tPreview("button")}>
        <Eye className="size-4" aria-hidden />
        <span className="hidden xl:inline">{tPreview("button")}</span>
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setDialog("versions")} aria-label={tVersions("button")}>
        <History className="size-4" aria-hidden />
        <span className="hidden xl:inline">{tVersions("button")}</span>
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setDialog("export")} aria-label={tExport("button")}>
        <Download className="size-4" aria-hidden />
        <span className="hidden xl:inline">{tExport("button")}</span>
      </Button>
      {canEdit && (
        <Button size="sm" onClick={() => setDialog("publish")} aria-label={tPublish("button")}>
          <Rocket className="size-4" aria-hidden />
          <span className="hidden xl:inline">{tPublish("button")}</span>
        </Button>
      )}
      <PublishDialog open={dialog === "publish"} onClose={close} onShowDiagnostics={onShowDiagnostics} />
      <VersionsDialog open={dialog === "versions"} onClose={close} />
      <ExportDialog open={dialog === "export"} onClose={close} />
      {previewOpen && <PreviewPanel onClose={() => setPreviewOpen(false)} />}
    </>
  );
}
