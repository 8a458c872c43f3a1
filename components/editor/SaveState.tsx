"use client";
import { Check, CloudOff, Loader2, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEditor } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";

const selectStatus = (s: EditorState) => s.saveStatus;
const selectMessage = (s: EditorState) => s.saveMessage;
const selectCanEdit = (s: EditorState) => s.canEdit;

/** "Gespeichert", "Speichert …", "Offline – Änderungen bleiben erhalten" and friends. */
export function SaveState() {
  const t = useTranslations("editor.save");
  const status = useEditor(selectStatus);
  const message = useEditor(selectMessage);
  const canEdit = useEditor(selectCanEdit);
  if (!canEdit) return <span className="text-xs text-slate-500">{t("readOnly")}</span>;
  const content = {
    saved: [<Check key="i" className="size-3.5 text-emerald-600" aria-hidden />, t("saved")],
    dirty: [<Loader2 key="i" className="size-3.5 text-slate-400" aria-hidden />, t("dirty")],
    saving: [<Loader2 key="i" className="size-3.5 animate-spin text-slate-500" aria-hidden />, t("saving")],
    retrying: [<Loader2 key="i" className="size-3.5 animate-spin text-amber-600" aria-hidden />, t("retrying")],
    offline: [<CloudOff key="i" className="size-3.5 text-amber-600" aria-hidden />, t("offline")],
    conflict: [<TriangleAlert key="i" className="size-3.5 text-red-600" aria-hidden />, t("conflict")],
    invalid: [<TriangleAlert key="i" className="size-3.5 text-red-600" aria-hidden />, t("invalid")],
  }[status];
  return (
    <span
      role="status"
      data-testid="save-state"
      data-status={status}
      title={message ?? undefined}
      className="inline-flex shrink-0 items-center gap-1 text-xs whitespace-nowrap text-slate-600"
    >
      {content}
    </span>
  );
}
