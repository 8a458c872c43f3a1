"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { Form } from "@/components/ui/Form";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { TextField } from "@/components/ui/TextField";
import { describeError, translateValidation } from "@/components/ui/errorMessage";
import { PROCESSORS_MAX, ZLegalSettings, type LegalSettingsInput } from "@/core/domain/legal";
import { COUNTRY_CODES, EU_EEA_COUNTRIES, isInEuEea } from "@/core/flow/countries";
import { TRANSFER_BASES } from "@/core/flow/legal";
import { SettingsSection } from "./SettingsSection";

type BlockedFlow = { id: string; name: string; legalErrorCount: number };
type StoppedFlow = { id: string; name: string; publishedVersion: number; reasons: { rule: string; message: string }[] };

export function LegalSettingsForm({ slug, initial }: { slug: string; initial: LegalSettingsInput }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.legal.save.mutationOptions());
  const [blocked, setBlocked] = useState<BlockedFlow[] | null>(null);
  const checkStopped = useMutation(trpc.legal.stoppedLiveFlows.mutationOptions());
  // Live flows the new settings would stop, waiting for the admin's "save anyway".
  const [stopping, setStopping] = useState<{ flows: StoppedFlow[]; values: LegalSettingsInput } | null>(null);
  const form = useForm<LegalSettingsInput>({ resolver: zodResolver(ZLegalSettings), defaultValues: initial });
  const processors = useFieldArray({ control: form.control, name: "processors" });
  const { errors, isSubmitting } = form.formState;
  const error = (message: string | undefined) => translateValidation(message, t);
  const [controllerName, controllerAddress, privacyContact, impressumUrl, privacyPolicyUrl] = useWatch({
    control: form.control,
    name: ["controllerName", "controllerAddress", "privacyContact", "impressumUrl", "privacyPolicyUrl"],
  });
  const incomplete = [controllerName, controllerAddress, privacyContact, impressumUrl, privacyPolicyUrl].some((value) => !value?.trim());
  const countries = useCountryGroups();
  const watchedProcessors = useWatch({ control: form.control, name: "processors" });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const stopped = await checkStopped.mutateAsync({ workspaceSlug: slug, ...values });
      if (stopped.length > 0) {
        setStopping({ flows: stopped, values });
        return;
      }
    } catch (caught) {
      form.setError("root", { message: describeError(caught, t) });
      return;
    }
    await store(values);
  });

  async function store(values: LegalSettingsInput) {
    try {
      const result = await save.mutateAsync({ workspaceSlug: slug, ...values });
      form.reset(result.settings);
      setBlocked(result.blockedFlows);
      // The first-run checklist and the template dialog read the settings too: without this they showed the old ones
      // (missing fields, no CRM) for the query's stale time after a save.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.legal.get.queryKey({ workspaceSlug: slug }) }),
      ]);
      toast.success(t("legal.saved"));
    } catch (caught) {
      form.setError("root", { message: describeError(caught, t) });
    }
  }

  return (
    <Form onSubmit={onSubmit} className="flex flex-col gap-6">
      {incomplete && <Alert tone="info">{t("legal.incomplete")}</Alert>}

      <SettingsSection title={t("legal.controllerTitle")} description={t("legal.controllerText")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("legal.controllerName")}
            placeholder={t("legal.controllerNamePlaceholder")}
            error={error(errors.controllerName?.message)}
            {...form.register("controllerName")}
          />
          <TextField
            label={t("legal.privacyContact")}
            hint={t("legal.privacyContactHint")}
            error={error(errors.privacyContact?.message)}
            {...form.register("privacyContact")}
          />
          <div className="flex flex-col gap-1 sm:col-span-2">
            <label htmlFor="controller-address" className="text-sm font-medium text-slate-700">
              {t("legal.controllerAddress")}
            </label>
            <textarea
              id="controller-address"
              rows={3}
              placeholder={t("legal.controllerAddressPlaceholder")}
              className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
              {...form.register("controllerAddress")}
            />
            {errors.controllerAddress?.message && (
              <p className="text-xs font-medium text-red-600">{error(errors.controllerAddress.message)}</p>
            )}
          </div>
        </div>
      </SettingsSection>

      <SettingsSection title={t("legal.linksTitle")} description={t("legal.linksText")}>
        <div className="grid gap-4">
          <TextField
            type="url"
            label={t("legal.impressumUrl")}
            placeholder="https://"
            error={error(errors.impressumUrl?.message)}
            {...form.register("impressumUrl")}
          />
          <TextField
            type="url"
            label={t("legal.privacyPolicyUrl")}
            placeholder="https://"
            error={error(errors.privacyPolicyUrl?.message)}
            {...form.register("privacyPolicyUrl")}
          />
        </div>
      </SettingsSection>

      <SettingsSection
        title={t("legal.processorsTitle")}
        description={t("legal.processorsText")}
        actions={
          <Button
            variant="secondary"
            size="sm"
            disabled={processors.fields.length >= PROCESSORS_MAX}
            onClick={() => processors.append({ name: "", domain: "", purpose: "", dpaSigned: false, country: "", transferBasis: null })}
          >
            <Plus className="size-4" aria-hidden />
            {t("legal.addProcessor")}
          </Button>
        }
      >
        {processors.fields.length === 0 ? (
          <p className="text-sm text-slate-500">{t("legal.noProcessors")}</p>
        ) : (
          <ul className="flex flex-col gap-4">
            {processors.fields.map((field, index) => {
              const fieldErrors = errors.processors?.[index];
              return (
                <li
                  key={field.id}
                  className="grid gap-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200 sm:grid-cols-2"
                  aria-label={t("legal.processorNumber", { number: index + 1 })}
                >
                  <TextField
                    label={t("legal.processorName")}
                    placeholder={t("legal.processorNamePlaceholder")}
                    error={error(fieldErrors?.name?.message)}
                    {...form.register(`processors.${index}.name`)}
                  />
                  <TextField
                    label={t("legal.processorDomain")}
                    placeholder="crm.example.com"
                    hint={t("legal.processorDomainHint")}
                    error={error(fieldErrors?.domain?.message)}
                    {...form.register(`processors.${index}.domain`)}
                  />
                  <TextField
                    className="sm:col-span-2"
                    label={t("legal.processorPurpose")}
                    placeholder={t("legal.processorPurposePlaceholder")}
                    error={error(fieldErrors?.purpose?.message)}
                    {...form.register(`processors.${index}.purpose`)}
                  />
                  <div className="flex flex-col gap-1">
                    <label htmlFor={`processor-${index}-country`} className="text-sm font-medium text-slate-700">
                      {t("legal.processorCountry")}
                    </label>
                    <select
                      id={`processor-${index}-country`}
                      className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
                      {...form.register(`processors.${index}.country`)}
                    >
                      <option value="">{t("legal.countryNone")}</option>
                      <optgroup label={t("legal.countryGroupEea")}>
                        {countries.eea.map((country) => (
                          <option key={country.code} value={country.code}>
                            {country.name}
                          </option>
                        ))}
                      </optgroup>
                      <optgroup label={t("legal.countryGroupOther")}>
                        {countries.other.map((country) => (
                          <option key={country.code} value={country.code}>
                            {country.name}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                    {fieldErrors?.country?.message && (
                      <p className="text-xs font-medium text-red-600">{error(fieldErrors.country.message)}</p>
                    )}
                  </div>
                  {watchedProcessors?.[index]?.country && !isInEuEea(watchedProcessors[index].country ?? "") ? (
                    <div className="flex flex-col gap-1">
                      <label htmlFor={`processor-${index}-basis`} className="text-sm font-medium text-slate-700">
                        {t("legal.transferBasis")}
                      </label>
                      <select
                        id={`processor-${index}-basis`}
                        className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
                        {...form.register(`processors.${index}.transferBasis`)}
                      >
                        <option value="">{t("legal.transferBasisNone")}</option>
                        {TRANSFER_BASES.map((basis) => (
                          <option key={basis} value={basis}>
                            {t(`legal.transferBases.${basis}`)}
                          </option>
                        ))}
                      </select>
                      <p className="text-xs text-slate-500">{t("legal.transferBasisHint")}</p>
                    </div>
                  ) : (
                    <p className="self-end text-xs text-slate-500">{t("legal.transferInsideEea")}</p>
                  )}
                  <div className="flex items-center justify-between gap-3 sm:col-span-2">
                    <label className="flex items-center gap-2 text-sm text-slate-700">
                      <input
                        type="checkbox"
                        className="size-4 rounded border-slate-300 text-brand-600"
                        {...form.register(`processors.${index}.dpaSigned`)}
                      />
                      {t("legal.dpaSigned")}
                    </label>
                    <Button variant="ghost" size="sm" onClick={() => processors.remove(index)}>
                      <Trash2 className="size-4" aria-hidden />
                      {t("legal.removeProcessor")}
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </SettingsSection>

      {errors.root?.message && <Alert>{errors.root.message}</Alert>}
      {blocked && blocked.length > 0 && (
        <Alert>
          <p className="font-medium">{t("legal.blockedTitle", { count: blocked.length })}</p>
          <ul className="mt-1 list-disc pl-5">
            {blocked.map((flow) => (
              <li key={flow.id}>{flow.name}</li>
            ))}
          </ul>
          <Link href={`/w/${slug}/flows`} className="mt-2 inline-block font-medium underline">
            {t("legal.toFlows")}
          </Link>
        </Alert>
      )}
      <div className="flex justify-end">
        <Button type="submit" busy={isSubmitting || save.isPending}>
          {t("common.save")}
        </Button>
      </div>
      <Dialog open={stopping !== null} onClose={() => setStopping(null)} title={t("legal.stopTitle")} size="lg">
        {stopping && (
          <div data-testid="legal-stop-dialog" className="flex flex-col gap-4 text-sm text-slate-700">
            <p>{t("legal.stopText", { count: stopping.flows.length })}</p>
            <ul className="flex flex-col gap-2">
              {stopping.flows.map((flow) => (
                <li key={flow.id} className="rounded-lg bg-red-50 p-3 ring-1 ring-red-200">
                  <p className="font-medium text-slate-900">
                    {flow.name}{" "}
                    <span className="text-xs font-normal text-slate-600">({t("legal.stopLive", { number: flow.publishedVersion })})</span>
                  </p>
                  <ul className="mt-1 list-disc pl-5 text-xs text-red-800">
                    {flow.reasons.map((reason) => (
                      <li key={reason.message}>{reason.message}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" onClick={() => setStopping(null)}>
                {t("legal.stopCancel")}
              </Button>
              <Button
                variant="danger"
                busy={save.isPending}
                onClick={() => {
                  const values = stopping.values;
                  setStopping(null);
                  void store(values);
                }}
              >
                {t("legal.stopConfirm")}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </Form>
  );
}

/** Country names in the reader's language, EU/EEA first: data may go there without a transfer basis. */
function useCountryGroups() {
  const locale = useLocale();
  return useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
    const all = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code }));
    const eea = new Set(EU_EEA_COUNTRIES);
    return { eea: all.filter((c) => eea.has(c.code)).sort(byName), other: all.filter((c) => !eea.has(c.code)).sort(byName) };
  }, [locale]);
}
