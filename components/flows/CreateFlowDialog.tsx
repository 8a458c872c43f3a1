"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { TextField } from "@/components/ui/TextField";
import { describeError, translateValidation } from "@/components/ui/errorMessage";
import { isLocale } from "@/i18n/config";
import { ZFlowName } from "@/core/domain/flow";
import { LOCALES, TEMPLATES, TEMPLATE_IDS, templateCrmOf } from "@/core/flow";
import { missingLegalFields } from "./legalCompleteness";

const ZForm = z.object({ templateId: z.enum(TEMPLATE_IDS), name: ZFlowName, locale: z.enum(LOCALES) });
type Values = z.input<typeof ZForm>;

export function CreateFlowDialog({ workspaceSlug, open, onClose }: { workspaceSlug: string; open: boolean; onClose: () => void }) {
  const t = useTranslations();
  const uiLocale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.flows.create.mutationOptions());
  const legal = useQuery(trpc.legal.get.queryOptions({ workspaceSlug }));
  // Say what is missing instead of promising error-free flows the workspace cannot have yet.
  const missing = legal.data ? missingLegalFields(legal.data) : [];
  const form = useForm<Values>({
    resolver: zodResolver(ZForm),
    defaultValues: { templateId: "default", name: "", locale: isLocale(uiLocale) ? uiLocale : "de" },
  });
  const { errors, isSubmitting } = form.formState;
  const selected = useWatch({ control: form.control, name: "templateId" });
  const locale = isLocale(uiLocale) ? uiLocale : "de";
  // A template that sends answers posts to the workspace's processor; say which one, or that none is declared yet.
  const postsToCrm = TEMPLATES.find((template) => template.id === selected)?.postsToCrm === true;
  const crm = legal.data ? templateCrmOf(legal.data) : null;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const flow = await create.mutateAsync({ workspaceSlug, ...values });
      void queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
      router.push(`/w/${workspaceSlug}/flows/${flow.id}`);
    } catch (error) {
      form.setError("root", { message: describeError(error, t) });
    }
  });

  return (
    <Dialog open={open} onClose={onClose} title={t("flows.createTitle")} size="lg">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("flows.templateLabel")}</legend>
          {missing.length > 0 ? (
            <p className="mb-3 rounded-lg bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="missing-legal">
              {t("flows.createIntroMissingLegal", { fields: missing.map((f) => t(`audit.fields.${f}`)).join(", ") })}{" "}
              <Link href={`/w/${workspaceSlug}/settings/legal`} className="font-medium underline">
                {t("flows.openLegalSettings")}
              </Link>
            </p>
          ) : (
            <p className="mb-3 text-sm text-slate-600">{t("flows.createIntro")}</p>
          )}
          <div className="grid gap-2 sm:grid-cols-2">
            {TEMPLATES.map((template) => (
              <label
                key={template.id}
                className={clsx(
                  "cursor-pointer rounded-xl p-3 ring-1 transition has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                  selected === template.id ? "bg-brand-50 ring-brand-500" : "ring-slate-200 hover:bg-slate-50",
                )}
              >
                <input type="radio" value={template.id} className="sr-only" {...form.register("templateId")} />
                <span className="block text-sm font-semibold text-slate-900">{template.name[locale]}</span>
                <span className="mt-0.5 block text-xs text-slate-600">{template.description[locale]}</span>
              </label>
            ))}
          </div>
          {postsToCrm && legal.data && (
            <p
              className={clsx(
                "mt-3 rounded-lg p-2 text-sm",
                crm ? "bg-slate-50 text-slate-700 ring-1 ring-slate-200" : "bg-amber-50 text-amber-900 ring-1 ring-amber-200",
              )}
              data-testid="template-crm"
            >
              {crm ? (
                t("flows.templateCrm", { processor: crm.name, host: crm.host })
              ) : (
                <>
                  {t("flows.templateCrmMissing")}{" "}
                  <Link href={`/w/${workspaceSlug}/settings/legal`} className="font-medium underline">
                    {t("flows.openLegalSettings")}
                  </Link>
                </>
              )}
            </p>
          )}
        </fieldset>
        <TextField
          label={t("flows.nameLabel")}
          placeholder={t("flows.namePlaceholder")}
          autoFocus
          error={translateValidation(errors.name?.message, t)}
          {...form.register("name")}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="flow-locale" className="text-sm font-medium text-slate-700">
            {t("flows.localeLabel")}
          </label>
          <select id="flow-locale" className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm" {...form.register("locale")}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        {errors.root?.message && (
          <p role="alert" className="text-sm text-red-600">
            {errors.root.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {isSubmitting ? t("flows.creating") : t("common.create")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
