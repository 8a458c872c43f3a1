"use client";
import { Plus, ShieldCheck, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import type { CanvasNode } from "@/components/editor/model/types";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { STEP_META } from "@/components/editor/steps/stepMeta";
import { CONDITION_OPERATORS, INPUT_TYPES, MARKETING_PURPOSE, SPECIAL_CATEGORIES, START_TRIGGERS } from "@/core/flow/constants";
import { loadedEngine } from "@/components/editor/model/engine";
import { toast } from "@/components/ui/toast";
import { Checkbox, CheckboxGroup, ListInput, NumberInput, Select, TextArea, TextInput } from "./fields";
import { OutputConnections } from "./OutputConnections";

type Data = Record<string, unknown>;

const selectPurposes = (s: EditorState) => s.history.present.meta.purposes;

/**
 * The form for one step: every field of its type, with help in plain words.
 * Subscribes to the step's type and data only, so dragging it does not re-render the form.
 */
export function NodeInspector({ nodeId, canEdit }: { nodeId: string; canEdit: boolean }) {
  const t = useTranslations("editor");
  const { updateData, selectOnly, deleteSelection } = useEditorActions();
  const type = useEditor(useCallback((s: EditorState) => s.history.present.nodes.find((n) => n.id === nodeId)?.type, [nodeId]));
  const stored = useEditor(useCallback((s: EditorState) => s.history.present.nodes.find((n) => n.id === nodeId)?.data, [nodeId]));
  const purposes = useEditor(selectPurposes);
  const data = (stored ?? {}) as Data;
  const errors = useMemo(() => (type ? (loadedEngine()?.fieldErrors(nodeId, type, data) ?? {}) : {}), [nodeId, type, data]);
  if (!type || !stored) return null;
  const node = { id: nodeId, type } as Pick<CanvasNode, "id" | "type">;
  const meta = STEP_META[node.type ?? "message"];
  const Icon = meta.icon;
  const set = (field: string, value: unknown) => updateData(node.id, { ...data, [field]: value }, field);
  const str = (field: string) => String(data[field] ?? "");
  const common = (field: string) => ({
    label: t(`fields.${field}.label`),
    help: t.has(`fields.${field}.help.${node.type}`)
      ? t(`fields.${field}.help.${node.type}`)
      : t.has(`fields.${field}.help.default`)
        ? t(`fields.${field}.help.default`)
        : undefined,
    error: errors[field] ? t("fieldInvalid") : undefined,
    disabled: !canEdit,
  });
  const purposeOptions = [
    { value: MARKETING_PURPOSE, label: t("marketingPurpose") },
    ...purposes.filter((p) => p.id !== MARKETING_PURPOSE).map((p) => ({ value: p.id, label: p.label || p.id })),
  ];

  return (
    <div className="flex flex-col gap-4" data-testid="inspector">
      <div className="flex items-start gap-2">
        <Icon className={meta.compliance ? "mt-0.5 size-5 text-emerald-600" : "mt-0.5 size-5 text-brand-600"} aria-hidden />
        <div className="flex-1">
          <h2 className="text-sm font-semibold text-slate-900">{t(`types.${node.type}`)}</h2>
          <p className="text-xs text-slate-600">{t(`typeHelp.${node.type}`)}</p>
        </div>
        {canEdit && (
          <button
            type="button"
            title={t("deleteStepHint")}
            aria-label={t("deleteStep")}
            onClick={() => {
              // The same guarded path as the Delete key: needed compliance steps stay.
              selectOnly(nodeId);
              const refused = deleteSelection();
              if (refused) toast.error(t("deleteRefused", { reason: refused.reason }), { duration: 8000 });
            }}
            className="rounded-lg p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
          >
            <Trash2 className="size-4" aria-hidden />
          </button>
        )}
      </div>
      {meta.compliance && (
        <p className="flex gap-2 rounded-lg bg-emerald-50 p-2 text-xs text-emerald-800">
          <ShieldCheck className="size-4 shrink-0" aria-hidden />
          {t("complianceStepNote")}
        </p>
      )}

      {node.type === "start" && (
        <>
          <Select
            {...common("trigger")}
            value={str("trigger") as (typeof START_TRIGGERS)[number]}
            options={START_TRIGGERS.map((v) => ({ value: v, label: t(`triggers.${v}`) }))}
            onChange={(v) => set("trigger", v)}
          />
          {data.trigger === "keyword" && (
            <ListInput {...common("keywords")} value={(data.keywords as string[] | undefined) ?? []} onChange={(v) => set("keywords", v)} />
          )}
        </>
      )}

      {(node.type === "botDisclosure" ||
        node.type === "privacyNotice" ||
        node.type === "message" ||
        node.type === "choice" ||
        node.type === "input" ||
        node.type === "consent" ||
        node.type === "end") && <TextArea {...common("text")} testId="field-text" value={str("text")} onChange={(v) => set("text", v)} />}

      {node.type === "message" && (
        <Checkbox
          label={t("fields.promotional.label")}
          help={t("fields.promotional.help.default")}
          checked={Boolean(data.promotional)}
          disabled={!canEdit}
          onChange={(v) => set("promotional", v)}
        />
      )}

      {node.type === "consent" && (
        <>
          <CheckboxGroup
            legend={t("fields.purposes.label")}
            help={t("fields.purposes.help.default")}
            options={purposeOptions}
            value={(data.purposes as string[]) ?? []}
            disabled={!canEdit}
            onChange={(v) => set("purposes", v)}
          />
          <TextInput {...common("acceptLabel")} value={str("acceptLabel")} onChange={(v) => set("acceptLabel", v)} />
          <TextInput {...common("declineLabel")} value={str("declineLabel")} onChange={(v) => set("declineLabel", v)} />
          <TextInput {...common("withdrawalHint")} value={str("withdrawalHint")} onChange={(v) => set("withdrawalHint", v)} />
          <Checkbox
            label={t("fields.explicit.label")}
            help={t("fields.explicit.help.default")}
            checked={Boolean(data.explicit)}
            disabled={!canEdit}
            onChange={(v) => set("explicit", v)}
          />
          {Boolean(data.explicit) && (
            <CheckboxGroup
              legend={t("fields.categories.label")}
              options={SPECIAL_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              value={(data.categories as string[]) ?? []}
              disabled={!canEdit}
              onChange={(v) => set("categories", v)}
            />
          )}
        </>
      )}

      {node.type === "choice" && <ChoiceOptions data={data} disabled={!canEdit} onChange={(options) => set("options", options)} />}

      {node.type === "input" && (
        <>
          <TextInput
            {...common("variable")}
            testId="field-variable"
            value={str("variable")}
            onChange={(v) => set("variable", v.replace(/[^A-Za-z0-9_]/g, ""))}
          />
          <Select
            {...common("inputType")}
            value={str("inputType") as (typeof INPUT_TYPES)[number]}
            options={INPUT_TYPES.map((v) => ({ value: v, label: t(`inputTypes.${v}`) }))}
            onChange={(v) => set("inputType", v)}
          />
          <Checkbox
            label={t("fields.personalData.label")}
            help={t("fields.personalData.help.default")}
            checked={data.personalData !== false}
            disabled={!canEdit}
            onChange={(v) => set("personalData", v)}
          />
          <Select
            {...common("purpose")}
            value={str("purpose")}
            options={[{ value: "", label: t("choosePurpose") }, ...purposeOptions]}
            onChange={(v) => set("purpose", v)}
          />
          <Select
            {...common("specialCategory")}
            value={str("specialCategory") as (typeof SPECIAL_CATEGORIES)[number] | ""}
            options={[
              { value: "", label: t("noSpecialCategory") },
              ...SPECIAL_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) })),
            ]}
            onChange={(v) =>
              updateData(
                node.id,
                v ? { ...data, specialCategory: v } : Object.fromEntries(Object.entries(data).filter(([k]) => k !== "specialCategory")),
                "specialCategory",
              )
            }
          />
          <NumberInput
            {...common("retentionDays")}
            value={Number(data.retentionDays ?? 0)}
            onChange={(v) => set("retentionDays", Math.round(v))}
          />
        </>
      )}

      {node.type === "condition" && (
        <>
          <TextInput {...common("variable")} value={str("variable")} onChange={(v) => set("variable", v)} />
          <Select
            {...common("operator")}
            value={str("operator") as (typeof CONDITION_OPERATORS)[number]}
            options={CONDITION_OPERATORS.map((v) => ({ value: v, label: t(`operators.${v}`) }))}
            onChange={(v) => set("operator", v)}
          />
          {data.operator !== "isSet" && data.operator !== "isNotSet" && (
            <TextInput {...common("value")} value={str("value")} onChange={(v) => set("value", v)} />
          )}
        </>
      )}

      {node.type === "delay" && (
        <NumberInput {...common("seconds")} value={Number(data.seconds ?? 0)} onChange={(v) => set("seconds", v)} />
      )}

      {node.type === "handoff" && (
        <>
          <TextArea {...common("notice")} rows={3} value={str("notice")} onChange={(v) => set("notice", v)} />
          <TextArea {...common("resumeText")} rows={2} value={str("resumeText")} onChange={(v) => set("resumeText", v)} />
        </>
      )}

      {node.type === "webhook" && (
        <>
          <TextInput {...common("url")} testId="field-url" value={str("url")} placeholder="https://" onChange={(v) => set("url", v)} />
          <TextInput {...common("processor")} value={str("processor")} onChange={(v) => set("processor", v)} />
          <ListInput {...common("sends")} value={(data.sends as string[]) ?? []} onChange={(v) => set("sends", v)} />
          <Select
            {...common("purpose")}
            value={str("purpose")}
            options={[{ value: "", label: t("choosePurpose") }, ...purposeOptions]}
            onChange={(v) => set("purpose", v)}
          />
        </>
      )}

      {node.type === "subscribe" && <TextInput {...common("list")} value={str("list")} onChange={(v) => set("list", v)} />}

      <OutputConnections node={{ id: nodeId, type, data }} disabled={!canEdit} />
    </div>
  );
}

function ChoiceOptions({
  data,
  disabled,
  onChange,
}: {
  data: Data;
  disabled: boolean;
  onChange: (options: { id: string; label: string }[]) => void;
}) {
  const t = useTranslations("editor");
  const options = (data.options as { id: string; label: string }[]) ?? [];
  function addOption() {
    const taken = new Set(options.map((o) => o.id));
    let n = options.length + 1;
    while (taken.has(`option-${n}`)) n++;
    onChange([...options, { id: `option-${n}`, label: t("newOption", { n }) }]);
  }
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-xs font-medium text-slate-700">{t("fields.options.label")}</legend>
      {options.map((option, index) => (
        <div key={option.id} className="flex items-center gap-1">
          <input
            aria-label={t("optionLabel", { n: index + 1 })}
            value={option.label}
            disabled={disabled}
            onChange={(e) => onChange(options.map((o) => (o.id === option.id ? { ...o, label: e.target.value } : o)))}
            className="w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
          />
          <button
            type="button"
            disabled={disabled || options.length <= 1}
            onClick={() => onChange(options.filter((o) => o.id !== option.id))}
            aria-label={t("removeOption", { label: option.label })}
            className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-40"
          >
            <Trash2 className="size-4" aria-hidden />
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={disabled}
        onClick={addOption}
        className="flex items-center gap-1 self-start rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
      >
        <Plus className="size-4" aria-hidden />
        {t("addOption")}
      </button>
      <p className="text-xs text-slate-500">{t("fields.options.help.default")}</p>
    </fieldset>
  );
}
