"use client";
import clsx from "clsx";
import { useTranslations } from "next-intl";
import { memo, use } from "react";
import { NOTE_TYPE, type NoteNodeProps } from "@/components/editor/model/types";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { LowDetailContext } from "./levelOfDetail";

const selectCanEdit = (s: EditorState) => s.canEdit;

/** A sticky note for the team; never part of the conversation. */
function NoteNodeView({ id, data, selected }: NoteNodeProps) {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const { updateData } = useEditorActions();
  const canEdit = useEditor(selectCanEdit);
  const lowDetail = use(LowDetailContext);
  if (lowDetail) {
    // Zoomed far out the text is unreadable: the light box layer draws the note; this is its empty target.
    return <div data-detail="light" className="step-light h-28 w-52" />;
  }
  return (
    <div className={clsx("w-52 rounded-lg bg-amber-100 p-2 shadow-sm ring-1 ring-amber-300", selected && "ring-2 ring-amber-500")}>
      <textarea
        aria-label={tSteps("types.note")}
        placeholder={t("notePlaceholder")}
        readOnly={!canEdit}
        value={data.text}
        onChange={(event) => updateData(id, { type: NOTE_TYPE, data: { ...data, text: event.target.value } }, "text")}
        className="nodrag nowheel h-24 w-full resize-none bg-transparent text-xs text-amber-950 outline-none placeholder:text-amber-700/60"
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
