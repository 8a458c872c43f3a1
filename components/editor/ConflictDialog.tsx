"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { useEditor, useEditorActions } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";

const selectConflict = (s: EditorState) => s.conflict;

/** Another tab or person saved first: reload theirs, or save ours on top. Nothing is dropped silently. */
export function ConflictDialog({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  const t = useTranslations("editor.conflict");
  const conflict = useEditor(selectConflict);
  const { keepMineAfterConflict } = useEditorActions();
  return (
    <Dialog open={conflict !== null} onClose={() => undefined} title={t("title")}>
      <p className="text-sm text-slate-700">{conflict?.updatedByName ? t("textBy", { name: conflict.updatedByName }) : t("text")}</p>
      <div className="mt-6 flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onReload} busy={reloading}>
          {t("reload")}
        </Button>
        <Button onClick={keepMineAfterConflict}>{t("keepMine")}</Button>
      </div>
    </Dialog>
  );
}
