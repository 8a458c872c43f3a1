"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { Archive, ArchiveRestore, Copy, MoreHorizontal, Pencil, Plus, Workflow } from "lucide-react";
import { useFormatter, useLocale, useNow, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Menu } from "@/components/ui/Menu";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { useDescribeError } from "@/components/ui/errorMessage";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { CreateFlowDialog } from "./CreateFlowDialog";
import { FlowStatusBadge } from "./FlowStatusBadge";
import { liveBlockedReasons } from "./liveBlocked";
import { RenameFlowDialog } from "./RenameFlowDialog";

/** The flows page: tabs for active and archived flows, create from template, row actions. */
export function FlowList({ workspaceSlug, canEdit }: { workspaceSlug: string; canEdit: boolean }) {
  const t = useTranslations("flows");
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.flows.list.queryOptions({ workspaceSlug, archived }), refetchOnMount: "always" });

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{canEdit ? t("subtitle") : t("readOnly")}</p>
        </div>
        {canEdit && (
          <Button onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden />
            {t("newFlow")}
          </Button>
        )}
      </div>

      <div role="tablist" aria-label={t("title")} className="mt-6 flex gap-1 border-b border-slate-200">
        {[false, true].map((value) => (
          <button
            key={String(value)}
            role="tab"
            type="button"
            aria-selected={archived === value}
            onClick={() => setArchived(value)}
            className={clsx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              archived === value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {value ? t("tabArchived") : t("tabActive")}
          </button>
        ))}
      </div>

      <div className="mt-4">
        {list.isPending ? (
          <div className="flex justify-center py-16 text-slate-400">
            <Spinner label={t("title")} />
          </div>
        ) : list.isError ? (
          <Alert>{t("loadFailed")}</Alert>
        ) : list.data.length === 0 ? (
          <EmptyState
            icon={<Workflow className="size-8" aria-hidden />}
            title={archived ? t("emptyArchivedTitle") : t("emptyTitle")}
            text={archived ? t("emptyArchivedText") : t("emptyText")}
            action={
              !archived && canEdit ? (
                <Button onClick={() => setCreating(true)}>
                  <Plus className="size-4" aria-hidden />
                  {t("newFlow")}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <table className="w-full overflow-hidden rounded-xl bg-white text-left text-sm ring-1 ring-slate-200" data-testid="flow-list">
            <thead className="bg-slate-50 text-xs font-medium text-slate-500 uppercase">
              <tr>
                <th className="px-4 py-2.5">{t("columnName")}</th>
                <th className="px-4 py-2.5">{t("columnStatus")}</th>
                <th className="hidden px-4 py-2.5 md:table-cell">{t("columnEdited")}</th>
                <th className="w-12 px-4 py-2.5">
                  <span className="sr-only">{t("open")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.map((flow) => (
                <FlowRow key={flow.id} flow={flow} workspaceSlug={workspaceSlug} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {creating && <CreateFlowDialog workspaceSlug={workspaceSlug} open onClose={() => setCreating(false)} />}
    </>
  );
}

type FlowSummary = inferRouterOutputs<AppRouter>["flows"]["list"][number];

function FlowRow({ flow, workspaceSlug, canEdit }: { flow: FlowSummary; workspaceSlug: string; canEdit: boolean }) {
  const t = useTranslations("flows");
  const format = useFormatter();
  const locale = useLocale();
  const now = useNow({ updateInterval: 60_000 });
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describeError = useDescribeError();
  const [renaming, setRenaming] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
  const duplicate = useMutation(trpc.flows.duplicate.mutationOptions());
  const archive = useMutation(trpc.flows.archive.mutationOptions());
  const when = format.relativeTime(flow.updatedAt, now);

  async function run(action: () => Promise<unknown>, success: string) {
    try {
      await action();
      await invalidate();
      toast.success(success);
    } catch (error) {
      toast.error(describeError(error));
    }
  }

  return (
    <tr className="hover:bg-slate-50">
      <td className="px-4 py-3">
        <Link href={`/w/${workspaceSlug}/flows/${flow.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {flow.name}
        </Link>
      </td>
      <td className="px-4 py-3">
        <span className="flex flex-wrap items-center gap-1.5">
          {flow.publishedVersion !== null && flow.liveBlockedBy ? (
            // Published, but the bot API refuses it: a state of its own, with the reason and the way out.
            <span data-testid="live-blocked" className="flex flex-col gap-0.5">
              <span className="w-fit rounded-full bg-red-600 px-2 py-0.5 text-xs font-medium text-white">
                {t("liveBlocked", { number: flow.publishedVersion })}
              </span>
              <span className="text-xs text-red-800">
                {t("liveBlockedWhy", { reasons: liveBlockedReasons(flow.liveBlockedBy, locale).join(" ") })}{" "}
                <Link href={`/w/${workspaceSlug}/settings/legal`} className="font-medium underline">
                  {t("liveBlockedFix")}
                </Link>
              </span>
            </span>
          ) : (
            flow.publishedVersion !== null && (
              <span className="rounded-full bg-emerald-600 px-2 py-0.5 text-xs font-medium text-white">
                {t("live", { number: flow.publishedVersion })}
              </span>
            )
          )}
          <FlowStatusBadge errorCount={flow.errorCount} warningCount={flow.warningCount} />
        </span>
      </td>
      <td className="hidden px-4 py-3 text-slate-600 md:table-cell">
        {flow.updatedByName ? t("editedBy", { when, name: flow.updatedByName }) : t("editedAnonymous", { when })}
      </td>
      <td className="px-4 py-3 text-right">
        {canEdit && (
          <Menu
            buttonLabel={t("actions", { name: flow.name })}
            buttonContent={<MoreHorizontal className="size-5" aria-hidden />}
            buttonClassName="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100"
            align="end"
            width="w-48"
            entries={[
              ...(flow.archived
                ? []
                : [
                    {
                      kind: "item" as const,
                      label: t("rename"),
                      icon: <Pencil className="size-4 text-slate-500" aria-hidden />,
                      onSelect: () => setRenaming(true),
                    },
                  ]),
              {
                kind: "item",
                label: t("duplicate"),
                icon: <Copy className="size-4 text-slate-500" aria-hidden />,
                onSelect: () => {
                  const name = t("copyName", { name: flow.name }).slice(0, 120);
                  void run(() => duplicate.mutateAsync({ workspaceSlug, flowId: flow.id, name }), t("duplicated", { name }));
                },
              },
              {
                kind: "item",
                label: flow.archived ? t("restore") : t("archive"),
                icon: flow.archived ? (
                  <ArchiveRestore className="size-4 text-slate-500" aria-hidden />
                ) : (
                  <Archive className="size-4 text-slate-500" aria-hidden />
                ),
                onSelect: () =>
                  void run(
                    () => archive.mutateAsync({ workspaceSlug, flowId: flow.id, archived: !flow.archived }),
                    flow.archived ? t("restored", { name: flow.name }) : t("archived", { name: flow.name }),
                  ),
              },
            ]}
          />
        )}
        {renaming && (
          <RenameFlowDialog workspaceSlug={workspaceSlug} flow={flow} onClose={() => setRenaming(false)} onRenamed={invalidate} />
        )}
      </td>
    </tr>
  );
}
