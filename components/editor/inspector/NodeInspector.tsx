"use client";
import { Plus, ShieldCheck, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { NOTE_TYPE, type NodeContent, type StepContent } from "@/components/editor/model/types";
import { contentOf } from "@/components/editor/store/nodeContents";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { STEP_META } from "@/components/editor/steps/stepMeta";
import { selectCompanyName } from "@/components/editor/steps/companyName";
import { COMPANY_PLACEHOLDER } from "@/core/flow/defaultTexts";
import { CONDITION_OPERATORS, INPUT_TYPES, MARKETING_PURPOSE, SPECIAL_CATEGORIES, START_TRIGGERS } from "@/core/flow/constants";
import type { NodeData } from "@/core/flow/schema";
import { loadedEngine, loadEngine } from "@/components/editor/model/engine";
import { toast } from "@/components/ui/toast";
import { Checkbox, CheckboxGroup, ListInput, NumberInput, Select, TextArea, TextInput } from "./fields";
import { OutputConnections } from "./OutputConnections";

const selectPurposes = (s: EditorState) => s.history.present.meta.purposes;
const selectProcessors = (s: EditorState) => s.legal?.processors;

/**
 * The step with one field changed. Type-checked at every call: `field` must be a field of
 * the step's data and `value` of that field's type. The spread keeps the step's type, so
 * the result is that type's data again, which TypeScript cannot follow through a generic.
 */
function withField<S extends StepContent, K extends keyof S["data"] & string>(step: S, field: K, value: S["data"][K]): NodeContent {
  return { type: step.type, data: { ...step.data, [field]: value } } as NodeContent;
}

/** The node's type and data, as one object whose identity changes only when they do. */
function useNodeContent(nodeId: string): NodeContent | undefined {
  const selector = useCallback(
    (s: EditorState) => {
      const node = s.history.present.nodes.find((n) => n.id === nodeId);
      return node && contentOf(node);
    },
    [nodeId],
  );
  return useEditor(selector);
}

/**
 * The form for one step: every field of its type, with help in plain words.
 * Subscribes to the step's type and data only, so dragging it does not re-render the form.
 */
export function NodeInspector({ nodeId, canEdit }: { nodeId: string; canEdit: boolean }) {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const { updateData, selectOnly, deleteSelection } = useEditorActions();
  const node = useNodeContent(nodeId);
  const purposes = useEditor(selectPurposes);
  const processors = useEditor(selectProcessors);
  const company = useEditor(selectCompanyName);
  // The schema's field errors, once the compliance engine is there (it loads with the first interaction).
  const [engine, setEngine] = useState(loadedEngine);
  useEffect(() => {
    if (!engine) void loadEngine().then(setEngine);
  }, [engine]);
  const errors = useMemo(
    () => (node && node.type !== NOTE_TYPE && engine ? engine.fieldErrors(nodeId, node.type, node.data) : {}),
    [nodeId, node, engine],
  );
  if (!node) return null;
  const meta = STEP_META[node.type];
  const Icon = meta.icon;
  const edit = (field: string, content: NodeContent) => updateData(nodeId, content, field);
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
          <h2 className="text-sm font-semibold text-slate-900">{tSteps(`types.${node.type}`)}</h2>
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
            value={node.data.trigger}
            options={START_TRIGGERS.map((v) => ({ value: v, label: t(`triggers.${v}`) }))}
            onChange={(v) => v && edit("trigger", withField(node, "trigger", v))}
          />
          {node.data.trigger === "keyword" && (
            <ListInput
              {...common("keywords")}
              value={node.data.keywords ?? []}
              onChange={(v) => edit("keywords", withField(node, "keywords", v))}
            />
          )}
        </>
      )}

      {(node.type === "botDisclosure" ||
        node.type === "privacyNotice" ||
        node.type === "message" ||
        node.type === "choice" ||
        node.type === "input" ||
        node.type === "consent" ||
        node.type === "end") && (
        <TextArea
          {...common("text")}
          help={[
            common("text").help,
            (node.data.text ?? "").includes(COMPANY_PLACEHOLDER) ? t("fields.text.companyPlaceholder", { name: company }) : "",
          ]
            .filter(Boolean)
            .join(" ")}
          testId="field-text"
          value={node.data.text ?? ""}
          onChange={(v) => edit("text", withField(node, "text", v))}
        />
      )}

      {node.type === "message" && (
        <Checkbox
          label={t("fields.promotional.label")}
          help={t("fields.promotional.help.default")}
          checked={node.data.promotional}
          disabled={!canEdit}
          onChange={(v) => edit("promotional", withField(node, "promotional", v))}
        />
      )}

      {node.type === "consent" && (
        <>
          <CheckboxGroup
            legend={t("fields.purposes.label")}
            help={t("fields.purposes.help.default")}
            options={purposeOptions}
            value={node.data.purposes}
            disabled={!canEdit}
            onChange={(v) => edit("purposes", withField(node, "purposes", v))}
          />
          <TextInput
            {...common("acceptLabel")}
            value={node.data.acceptLabel}
            onChange={(v) => edit("acceptLabel", withField(node, "acceptLabel", v))}
          />
          <TextInput
            {...common("declineLabel")}
            value={node.data.declineLabel}
            onChange={(v) => edit("declineLabel", withField(node, "declineLabel", v))}
          />
          <TextInput
            {...common("withdrawalHint")}
            value={node.data.withdrawalHint}
            onChange={(v) => edit("withdrawalHint", withField(node, "withdrawalHint", v))}
          />
          <Checkbox
            label={t("fields.explicit.label")}
            help={t("fields.explicit.help.default")}
            checked={node.data.explicit}
            disabled={!canEdit}
            onChange={(v) => edit("explicit", withField(node, "explicit", v))}
          />
          {node.data.explicit && (
            <CheckboxGroup
              legend={t("fields.categories.label")}
              options={SPECIAL_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              value={node.data.categories}
              disabled={!canEdit}
              onChange={(v) => edit("categories", withField(node, "categories", v))}
            />
          )}
        </>
      )}

      {node.type === "choice" && (
        <ChoiceOptions
          options={node.data.options}
          disabled={!canEdit}
          onChange={(options) => edit("options", withField(node, "options", options))}
        />
      )}

      {node.type === "input" && (
        <>
          <TextInput
            {...common("variable")}
            testId="field-variable"
            value={node.data.variable}
            onChange={(v) => edit("variable", withField(node, "variable", v.replace(/[^A-Za-z0-9_]/g, "")))}
          />
          <Select
            {...common("inputType")}
            value={node.data.inputType}
            options={INPUT_TYPES.map((v) => ({ value: v, label: t(`inputTypes.${v}`) }))}
            onChange={(v) => v && edit("inputType", withField(node, "inputType", v))}
          />
          <Checkbox
            label={t("fields.personalData.label")}
            help={t("fields.personalData.help.default")}
            checked={node.data.personalData !== false}
            disabled={!canEdit}
            onChange={(v) => edit("personalData", withField(node, "personalData", v))}
          />
          <Select
            {...common("purpose")}
            value={node.data.purpose}
            options={[{ value: "", label: t("choosePurpose") }, ...purposeOptions]}
            onChange={(v) => edit("purpose", withField(node, "purpose", v))}
          />
          <Select
            {...common("specialCategory")}
            value={node.data.specialCategory ?? ""}
            options={[
              { value: "", label: t("noSpecialCategory") },
              ...SPECIAL_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) })),
            ]}
            onChange={(v) => {
              // "None" removes the field rather than storing an empty category.
              const { specialCategory: _previous, ...rest } = node.data;
              edit("specialCategory", { type: "input", data: v ? { ...rest, specialCategory: v } : rest });
            }}
          />
          <NumberInput
            {...common("retentionDays")}
            value={node.data.retentionDays}
            onChange={(v) => edit("retentionDays", withField(node, "retentionDays", Math.round(v)))}
          />
        </>
      )}

      {node.type === "condition" && (
        <>
          <TextInput
            {...common("variable")}
            value={node.data.variable}
            onChange={(v) => edit("variable", withField(node, "variable", v))}
          />
          <Select
            {...common("operator")}
            value={node.data.operator}
            options={CONDITION_OPERATORS.map((v) => ({ value: v, label: t(`operators.${v}`) }))}
            onChange={(v) => v && edit("operator", withField(node, "operator", v))}
          />
          {node.data.operator !== "isSet" && node.data.operator !== "isNotSet" && (
            <TextInput {...common("value")} value={String(node.data.value)} onChange={(v) => edit("value", withField(node, "value", v))} />
          )}
        </>
      )}

      {node.type === "delay" && (
        <NumberInput {...common("seconds")} value={node.data.seconds} onChange={(v) => edit("seconds", withField(node, "seconds", v))} />
      )}

      {node.type === "handoff" && (
        <>
          <TextArea
            {...common("notice")}
            rows={3}
            value={node.data.notice}
            onChange={(v) => edit("notice", withField(node, "notice", v))}
          />
          <TextArea
            {...common("resumeText")}
            rows={2}
            value={node.data.resumeText}
            onChange={(v) => edit("resumeText", withField(node, "resumeText", v))}
          />
        </>
      )}

      {node.type === "webhook" && (
        <>
          {/* Which addresses and names the workspace allows, right where they are typed: no trip to the legal settings to look. */}
          <TextInput
            {...common("url")}
            {...(processors && processors.length > 0
              ? { help: t("fields.url.allowedHosts", { hosts: processors.map((p) => `${p.domain} (${p.name})`).join(", ") }) }
              : {})}
            testId="field-url"
            value={node.data.url}
            placeholder="https://"
            suggestions={processors?.map((p) => `https://${p.domain}/`)}
            onChange={(v) => edit("url", withField(node, "url", v))}
          />
          <TextInput
            {...common("processor")}
            value={node.data.processor}
            suggestions={processors?.map((p) => p.name)}
            onChange={(v) => edit("processor", withField(node, "processor", v))}
          />
          <ListInput {...common("sends")} value={node.data.sends} onChange={(v) => edit("sends", withField(node, "sends", v))} />
          <Select
            {...common("purpose")}
            value={node.data.purpose}
            options={[{ value: "", label: t("choosePurpose") }, ...purposeOptions]}
            onChange={(v) => edit("purpose", withField(node, "purpose", v))}
          />
        </>
      )}

      {node.type === "subscribe" && (
        <TextInput {...common("list")} value={node.data.list} onChange={(v) => edit("list", withField(node, "list", v))} />
      )}

      {node.type !== NOTE_TYPE && <OutputConnections nodeId={nodeId} step={node} disabled={!canEdit} />}
    </div>
  );
}

type ChoiceOption = NodeData<"choice">["options"][number];

function ChoiceOptions({
  options,
  disabled,
  onChange,
}: {
  options: ChoiceOption[];
  disabled: boolean;
  onChange: (options: ChoiceOption[]) => void;
}) {
  const t = useTranslations("editor");
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
