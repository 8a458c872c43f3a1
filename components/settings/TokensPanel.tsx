"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Form } from "@/components/ui/Form";
import { toast } from "@/components/ui/toast";
import type { z } from "zod";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { TextField } from "@/components/ui/TextField";
import { describeError, translateValidation } from "@/components/ui/errorMessage";
import { API_TOKEN_SCOPES, ZApiTokenFields } from "@/core/domain/tokens";
import { CopyField } from "./CopyField";
import { Dialog } from "@/components/ui/Dialog";
import { SettingsSection } from "./SettingsSection";

type Values = z.input<typeof ZApiTokenFields>;
type RevokeTarget = { id: string; name: string };

export function TokensPanel({ slug }: { slug: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.tokens.list.queryOptions({ workspaceSlug: slug }));
  const create = useMutation(trpc.tokens.create.mutationOptions());
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions());
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [revoking, setRevoking] = useState<RevokeTarget | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(ZApiTokenFields), defaultValues: { name: "", scopes: [...API_TOKEN_SCOPES] } });
  const { errors, isSubmitting } = form.formState;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const result = await create.mutateAsync({ workspaceSlug: slug, ...values });
      setSecret({ name: result.token.name, value: result.secret });
      form.reset({ name: "", scopes: [...API_TOKEN_SCOPES] });
      await refresh();
    } catch (error) {
      form.setError("root", { message: describeError(error, t) });
    }
  });

  return (
    <div className="flex flex-col gap-6">
      <SettingsSection title={t("tokens.createTitle")} description={t("tokens.createText")}>
        <Form onSubmit={onSubmit} className="flex flex-col gap-4">
          <TextField
            label={t("tokens.name")}
            placeholder={t("tokens.namePlaceholder")}
            error={translateValidation(errors.name?.message, t)}
            {...form.register("name")}
          />
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">{t("tokens.scopes")}</legend>
            {API_TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  value={scope}
                  className="mt-0.5 size-4 rounded border-slate-300 text-brand-600"
                  {...form.register("scopes")}
                />
                <span>
                  <span className="font-medium text-slate-900">{t(`tokens.scopeNames.${scope.replace(":", "_")}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`tokens.scopeHelp.${scope.replace(":", "_")}`)}</span>
                </span>
              </label>
            ))}
            {errors.scopes?.message && <p className="text-xs font-medium text-red-600">{translateValidation(errors.scopes.message, t)}</p>}
          </fieldset>
          {errors.root?.message && <Alert>{errors.root.message}</Alert>}
          <div>
            <Button type="submit" busy={isSubmitting}>
              <Plus className="size-4" aria-hidden />
              {t("tokens.create")}
            </Button>
          </div>
        </Form>
        {secret && (
          <div className="mt-4 flex flex-col gap-3 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="token-created">
            <p className="text-sm font-medium text-emerald-900">{t("tokens.created", { name: secret.name })}</p>
            <CopyField label={t("tokens.secret")} value={secret.value} />
            <p className="text-xs text-emerald-900">{t("tokens.secretOnce")}</p>
          </div>
        )}
      </SettingsSection>

      <SettingsSection title={t("tokens.listTitle")} description={t("tokens.listText")}>
        {list.isPending ? (
          <Spinner label={t("common.loading")} />
        ) : list.isError ? (
          <Alert>{describeError(list.error, t)}</Alert>
        ) : list.data.length === 0 ? (
          <EmptyState icon={<KeyRound className="size-8" aria-hidden />} title={t("tokens.emptyTitle")} text={t("tokens.emptyText")} />
        ) : (
          <ul className="divide-y divide-slate-200" aria-label={t("tokens.listTitle")}>
            {list.data.map((token) => (
              <li key={token.id} className="flex flex-wrap items-center gap-3 py-3 text-sm" data-testid="token-row">
                <span className="flex-1">
                  <span className="block font-medium text-slate-900">
                    {token.name} <code className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">{token.prefix}…</code>
                  </span>
                  <span className="block text-xs text-slate-500">
                    {token.scopes.map((scope) => t(`tokens.scopeNames.${scope.replace(":", "_")}`)).join(", ")}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {t("tokens.createdBy", {
                      name: token.createdByName ?? t("tokens.unknownPerson"),
                      date: format.dateTime(token.createdAt, { dateStyle: "medium" }),
                    })}
                    {" · "}
                    {token.lastUsedAt
                      ? t("tokens.lastUsed", { date: format.dateTime(token.lastUsedAt, { dateStyle: "medium", timeStyle: "short" }) })
                      : t("tokens.neverUsed")}
                  </span>
                </span>
                {token.revokedAt ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{t("tokens.revoked")}</span>
                ) : (
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => setRevoking({ id: token.id, name: token.name })}
                    aria-label={t("tokens.revokeLabel", { name: token.name })}
                  >
                    {t("tokens.revoke")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </SettingsSection>

      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title={t("tokens.revokeTitle")}>
        <p className="text-sm text-slate-700">{t("tokens.revokeText", { name: revoking?.name ?? "" })}</p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRevoking(null)}>
            {t("common.cancel")}
          </Button>
          <Button
            variant="danger"
            busy={revoke.isPending}
            onClick={async () => {
              if (!revoking) return;
              try {
                await revoke.mutateAsync({ workspaceSlug: slug, tokenId: revoking.id });
                toast.success(t("tokens.revokedToast", { name: revoking.name }));
                setRevoking(null);
                await refresh();
              } catch (error) {
                toast.error(describeError(error, t));
              }
            }}
          >
            {t("tokens.revoke")}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
