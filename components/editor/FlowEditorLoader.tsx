"use client";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { Spinner } from "@/components/ui/Spinner";
import type { EditorInit } from "./store/editorStore";

/** What the page shows for the moment the editor's code is on its way. */
function EditorLoading() {
  const t = useTranslations("common");
  return (
    <div className="flex h-[calc(100vh-3.5rem)] items-center justify-center" aria-busy="true" data-testid="editor-loading">
      <Spinner className="size-6 text-slate-400" label={t("loading")} />
    </div>
  );
}

/*
 * The editor (canvas library, store, panels) is most of the route's code; the page's first
 * load carries only the app's frame and this placeholder, and the editor follows on demand.
 * Without script nothing in the editor works, so rendering it on the server gains nothing.
 */
const FlowEditor = dynamic(() => import("./FlowEditor").then((m) => m.FlowEditor), { ssr: false, loading: EditorLoading });

/** The flow editor, loaded after the page's first paint. */
export function FlowEditorLoader({ init }: { init: EditorInit }) {
  return <FlowEditor init={init} />;
}
