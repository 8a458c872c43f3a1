"use client";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import { selectNodeContents, type NodeContentWithId } from "@/components/editor/store/nodeContents";
import type { EditorState } from "@/components/editor/store/editorStore";
import { CHANNELS, DEFAULT_FORMALITY, FORMALITIES, LOCALES, MARKETING_PURPOSE } from "@/core/flow/constants";
import type { Purpose } from "@/core/flow/schema";
import { CheckboxGroup, ListInput, NumberInput, Select, TextArea } from "./fields";

const selectMeta = (s: EditorState) => s.history.present.meta;

/** Purposes steps refer to; such a purpose cannot be removed. */
function usedPurposes(nodes: readonly NodeContentWithId[]): Set<string> {
  const used = new Set<string>();
  for (const n of nodes) {
    if (n.type === "input" || n.type === "webhook") used.add(n.data.purpose);
    else if (n.type === "consent") for (const p of n.data.purposes) used.add(p);
  }
  return used;
}

/** Settings of the whole flow, shown when no step is selected. */
export function FlowSettingsForm({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("editor");
  const { updateMeta } = useEditorActions();
  const meta = useEditor(selectMeta);
  // Recomputed when a step's content changes, not on every drag frame.
  const contents = useEditor(useShallow(selectNodeContents));
  const purposesInUse = useMemo(() => usedPurposes(contents), [contents]);
  const purposes = meta.purposes;
  const setPurposes = (next: Purpose[]) => updateMeta({ purposes: next }, "purposes");

  function addPurpose() {
    const taken = new Set(purposes.map((p) => p.id));
    let n = purposes.length + 1;
    while (taken.has(`purpose${n}`)) n++;
    setPurposes([...purposes, { id: `purpose${n}`, label: t("newPurpose"), description: "" }]);
  }

  return (
    <div className="flex flex-col gap-4" data-testid="flow-settings">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{t("flowSettings")}</h2>
        <p className="text-xs text-slate-600">{t("flowSettingsHelp")}</p>
      </div>
      <Select
        label={t("fields.locale.label")}
        help={t("fields.locale.help.default")}
        disabled={!canEdit}
        value={meta.locale}
        options={LOCALES.map((l) => ({ value: l, label: t(`locales.${l}`) }))}
        onChange={(v) => v && updateMeta({ locale: v }, "locale")}
      />
      <Select
        label={t("fields.formality.label")}
        help={t("fields.formality.help.default")}
        disabled={!canEdit}
        value={meta.settings.formality ?? DEFAULT_FORMALITY}
        options={FORMALITIES.map((f) => ({ value: f, label: t(`formalities.${f}`) }))}
        onChange={(v) => v && updateMeta({ settings: { ...meta.settings, formality: v } }, "formality")}
      />
      <CheckboxGroup
        legend={t("fields.channels.label")}
        help={t("fields.channels.help.default")}
        disabled={!canEdit}
        options={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
        value={meta.channels}
        onChange={(v) => updateMeta({ channels: v }, "channels")}
      />

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-xs font-medium text-slate-700">{t("fields.purposesList.label")}</legend>
        <p className="text-xs text-slate-500">{t("fields.purposesList.help.default")}</p>
        <p className="rounded-lg bg-slate-50 px-2.5 py-1.5 text-sm text-slate-700">{t("marketingPurpose")}</p>
        {purposes
          .filter((p) => p.id !== MARKETING_PURPOSE)
          .map((purpose) => {
            const used = purposesInUse.has(purpose.id);
            return (
              <div key={purpose.id} className="flex flex-col gap-1 rounded-lg p-2 ring-1 ring-slate-200">
                <div className="flex items-center gap-1">
                  <input
                    aria-label={t("purposeName")}
                    value={purpose.label}
                    disabled={!canEdit}
                    onChange={(e) => setPurposes(purposes.map((p) => (p.id === purpose.id ? { ...p, label: e.target.value } : p)))}
                    className="w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
                  />
                  <button
                    type="button"
                    disabled={!canEdit || used}
                    title={used ? t("purposeInUse") : undefined}
                    aria-label={t("removePurpose", { label: purpose.label })}
                    onClick={() => setPurposes(purposes.filter((p) => p.id !== purpose.id))}
                    className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-40"
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </button>
                </div>
                <input
                  aria-label={t("purposeDescription")}
                  placeholder={t("purposeDescription")}
                  value={purpose.description}
                  disabled={!canEdit}
                  onChange={(e) => setPurposes(purposes.map((p) => (p.id === purpose.id ? { ...p, description: e.target.value } : p)))}
                  className="w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-xs"
                />
              </div>
            );
          })}
        <button
          type="button"
          disabled={!canEdit}
          onClick={addPurpose}
          className="flex items-center gap-1 self-start rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          <Plus className="size-4" aria-hidden />
          {t("addPurpose")}
        </button>
      </fieldset>

      <ListInput
        label={t("fields.optOutKeywords.label")}
        help={t("fields.optOutKeywords.help.default")}
        disabled={!canEdit}
        value={meta.settings.optOut.keywords}
        onChange={(v) => updateMeta({ settings: { ...meta.settings, optOut: { ...meta.settings.optOut, keywords: v } } }, "optOutKeywords")}
      />
      <TextArea
        label={t("fields.optOutConfirmation.label")}
        help={t("fields.optOutConfirmation.help.default")}
        rows={2}
        disabled={!canEdit}
        value={meta.settings.optOut.confirmation}
        onChange={(v) =>
          updateMeta({ settings: { ...meta.settings, optOut: { ...meta.settings.optOut, confirmation: v } } }, "optOutConfirmation")
        }
      />
      <NumberInput
        label={t("fields.redisclosure.label")}
        help={t("fields.redisclosure.help.default")}
        disabled={!canEdit}
        value={meta.settings.redisclosureAfterHours}
        min={1}
        onChange={(v) => updateMeta({ settings: { ...meta.settings, redisclosureAfterHours: v } }, "redisclosure")}
      />
    </div>
  );
}
