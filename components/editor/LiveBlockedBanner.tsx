"use client";
import { CircleAlert } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useEditor } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";
import { useLiveBlockedReasons } from "./useLiveBlockedReasons";

const selectPublished = (s: EditorState) => s.publishedVersion;
const selectLiveBlockedBy = (s: EditorState) => s.liveBlockedBy;
const selectSlug = (s: EditorState) => s.workspaceSlug;

/**
 * "Live, but blocked" with its reason, in words on the page (a tooltip alone is
 * not read on touch screens or by keyboard users), and the way out.
 */
export function LiveBlockedBanner() {
  const t = useTranslations("editor");
  const locale = useLocale();
  const publishedVersion = useEditor(selectPublished);
  const liveBlockedBy = useEditor(selectLiveBlockedBy);
  const slug = useEditor(selectSlug);
  const reasons = useLiveBlockedReasons(liveBlockedBy, locale);
  if (publishedVersion === null || !liveBlockedBy) return null;
  return (
    <div
      role="status"
      data-testid="live-blocked-banner"
      className="flex shrink-0 items-start gap-2 border-b border-red-200 bg-red-50 px-3 py-1.5 text-xs text-red-800"
    >
      <CircleAlert className="mt-px size-4 shrink-0" aria-hidden />
      <p className="min-w-0 flex-1">
        {t("liveBlockedBanner", { number: publishedVersion, reasons: reasons?.join(" ") ?? "" })}{" "}
        <Link href={`/w/${slug}/settings/legal`} className="font-medium underline">
          {t("openLegalSettings")}
        </Link>
      </p>
    </div>
  );
}
