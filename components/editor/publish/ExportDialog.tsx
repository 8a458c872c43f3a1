"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { useDescribeError } from "@/components/ui/errorMessage";
import { CHANNELS, type Channel } from "@/core/flow";
import { useEditor } from "../store/EditorStoreProvider";
import type { EditorState } from "../store/editorStore";

const selectIds = (s: EditorState) => `${s.workspaceSlug}\u0000${s.flowId}`;
const selectName = (s: EditorState) => s.history.present.meta.name;

/** A file name people recognise: flow name, version, channel. */
function fileName(flowName: string, number: number, channel: Channel | null): string {
  const base =
    flowName
      .normalize("NFKD")
      .replace(/[^\w-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase() || "flow";
  return `${base}-v${number}-${channel ?? "canonical"}.json`;
}

function saveFile(name: string, content: unknown): void {
  const blob = new Blob([`${JSON.stringify(content, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads of the latest published version, canonical and per channel; says so when nothing is published. */
/** The page's origin for the example URL; it never changes while the page lives (empty on the server). */
const neverChanges = () => () => {};
const currentOrigin = () => window.location.origin;
const noOriginOnServer = () => "";

export function ExportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("export");
  const format = useFormatter();
  const trpc = useTRPC();
  const describeError = useDescribeError();
  const [workspaceSlug, flowId] = useEditor(selectIds).split("\u0000");
  const flowName = useEditor(selectName);
  const versions = useQuery({ ...trpc.flows.versions.queryOptions({ workspaceSlug, flowId }), enabled: open });
  const exportFlow = useMutation(trpc.flows.export.mutationOptions());
  const [busy, setBusy] = useState<string | null>(null);
  const origin = useSyncExternalStore(neverChanges, currentOrigin, noOriginOnServer);

  async function download(channel: Channel | null) {
    setBusy(channel ?? "canonical");
    try {
      const result = await exportFlow.mutateAsync({ workspaceSlug, flowId, channel });
      const name = fileName(flowName, result.number, channel);
      saveFile(name, result.export);
      toast.success(t("downloaded", { file: name }));
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setBusy(null);
    }
  }

  const latest = versions.data?.[0];
  const options: { channel: Channel | null; label: string; hint: string }[] = [
    { channel: null, label: t("canonical"), hint: t("canonicalHint") },
    ...CHANNELS.map((channel) => ({ channel, label: t(`channels.${channel}`), hint: t("channelHint") })),
  ];
  return (
    <Dialog open={open} onClose={onClose} title={t("title")} size="lg">
      {versions.isPending ? (
        <p className="text-sm text-slate-600">{t("loading")}</p>
      ) : versions.isError ? (
        <Alert>{describeError(versions.error)}</Alert>
      ) : !latest ? (
        <Alert tone="info">{t("notPublished")}</Alert>
      ) : (
        <div className="space-y-4 text-sm text-slate-700">
          <p>
            {t("intro", { number: latest.number, date: format.dateTime(latest.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
          </p>
          <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
            {options.map(({ channel, label, hint }) => (
              <li key={channel ?? "canonical"} className="flex items-center justify-between gap-3 px-3 py-2">
                <div>
                  <p className="font-medium text-slate-900">{label}</p>
                  <p className="text-xs text-slate-500">{hint}</p>
                </div>
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => void download(channel)}
                  busy={busy === (channel ?? "canonical")}
                  aria-label={`${t("download")}: ${label}`}
                >
                  <Download className="size-4" aria-hidden />
                  {t("download")}
                </Button>
              </li>
            ))}
          </ul>
          <section>
            <h3 className="font-medium text-slate-900">{t("apiTitle")}</h3>
            <p className="mt-1">{t("apiText")}</p>
            <code className="mt-1 block break-all rounded bg-slate-50 px-2 py-1 text-xs text-slate-800">
              GET {origin}/api/v1/flows/{flowId}/export?channel=messenger
            </code>
            <a
              className="mt-2 inline-block text-brand-700 underline"
              href="/schemas/flowguard-export-v1.json"
              target="_blank"
              rel="noreferrer"
            >
              {t("schema")}
            </a>
          </section>
        </div>
      )}
    </Dialog>
  );
}
