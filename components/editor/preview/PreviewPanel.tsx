"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { RotateCcw, Send, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { graphToDocument } from "@/components/editor/model/document";
import { useEditor, useEditorStoreApi } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { CHANNELS, type Channel } from "@/core/flow";
import { Conversation, type RuntimeEvent, type TurnResult } from "@/core/runtime";
import { loadDraftForPreview } from "./previewFlow";

type Line = { id: number; from: "user" | "bot"; text: string } | { id: number; from: "system"; text: string };

const selectSlug = (s: EditorState) => s.workspaceSlug;
const selectChannels = (s: EditorState) => s.history.present.meta.channels;

/**
 * A chat that runs the current draft through the runtime and the channel renderer
 * in the browser, as a deployed bot would; the step it waits at is highlighted on
 * the canvas. Edits to the draft take effect on restart.
 */
export function PreviewPanel({ onClose }: { onClose: () => void }) {
  const t = useTranslations("preview");
  const tChannels = useTranslations("export.channels");
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const slug = useEditor(selectSlug);
  const flowChannels = useEditor(selectChannels);
  const legal = useQuery(trpc.legal.get.queryOptions({ workspaceSlug: slug }));
  // The preview's analytics events count as test traffic of the draft (version 0), kept apart from live numbers.
  const recordTest = useMutation(trpc.analytics.recordTest.mutationOptions());
  const [channel, setChannel] = useState<Channel>(() => (flowChannels?.[0] as Channel | undefined) ?? "messenger");
  const [lines, setLines] = useState<Line[]>([]);
  const [buttons, setButtons] = useState<{ id: string; label: string }[]>([]);
  const [status, setStatus] = useState<Conversation["state"]["status"]>("idle");
  const [problem, setProblem] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [handoffHours, setHandoffHours] = useState(24);
  // One hour past the re-disclosure interval: long enough that the bot must introduce itself again.
  const [silenceHours, setSilenceHours] = useState(25);
  const conversation = useRef<Conversation | null>(null);
  const nextId = useRef(0);
  const bottom = useRef<HTMLDivElement>(null);

  /** Starts over: the next "start" builds a new conversation from the draft as it is then. */
  function reset() {
    conversation.current = null;
    setLines([]);
    setButtons([]);
    setStatus("idle");
    setProblem(null);
    store.getState().setHighlight(null);
  }

  /**
   * The conversation, built on first use from the draft, the channel and the legal
   * settings of that moment (so a change of channel or settings needs no effect to follow it).
   */
  function ensureConversation(): Conversation | null {
    if (conversation.current) return conversation.current;
    const state = store.getState();
    const loaded = loadDraftForPreview(graphToDocument(state.history.present), legal.data ?? null, state.company, channel);
    if (!loaded.ok) {
      setProblem(t("invalidDraft", { message: loaded.message }));
      return null;
    }
    setProblem(null);
    setHandoffHours(loaded.flow.export.handoffTimeoutHours);
    setSilenceHours(Math.max(1, Math.ceil(loaded.flow.export.redisclosureAfterHours + 1)));
    conversation.current = new Conversation(loaded.flow, { subject: "preview-user" });
    return conversation.current;
  }

  useEffect(() => {
    return () => store.getState().setHighlight(null);
  }, [store]);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: "end" });
  }, [lines]);

  function show(turn: TurnResult, said: string | null) {
    const added: Line[] = [];
    const push = (from: Line["from"], value: string) => added.push({ id: nextId.current++, from, text: value } as Line);
    if (said !== null) push("user", said);
    // The answer's consent record first: it is what the person's click caused.
    const flow = conversation.current?.flow;
    for (const event of turn.consentEvents) {
      const purpose = flow?.export.purposes.find((p) => p.id === event.purpose)?.label || event.purpose;
      push("system", t("consentEvent", { outcome: event.outcome, purpose }));
    }
    for (const out of turn.outgoing) {
      if (out.kind === "message") push("bot", out.text);
      else push("system", t("delay", { seconds: out.seconds }));
    }
    const analytics = turn.effects.flatMap((effect) =>
      effect.kind === "analytics" ? [{ ...effect.event, flowId: store.getState().flowId, flowVersion: 0, test: true }] : [],
    );
    if (analytics.length > 0 && store.getState().canEdit) recordTest.mutate({ workspaceSlug: slug, events: analytics });
    for (const effect of turn.effects) {
      if (effect.kind === "webhook") push("system", t("webhook", { processor: effect.processor }));
      else if (effect.kind === "erase") push("system", t("erase", { processor: effect.processor, variables: effect.variables.join(", ") }));
      else if (effect.kind === "unsubscribe") push("system", t("unsubscribe"));
    }
    if (turn.state.status === "handoff") push("system", t("handoff"));
    setLines((previous) => [...previous, ...added]);
    const last = [...turn.outgoing].reverse().find((o) => o.kind === "message");
    setButtons(turn.state.status === "waiting" && last?.kind === "message" ? last.buttons : []);
    setStatus(turn.state.status);
    store.getState().setHighlight(turn.activeNodeId ? { nodeIds: new Set([turn.activeNodeId]), edgeIds: new Set() } : null);
  }

  function send(event: RuntimeEvent, said: string | null) {
    const running = ensureConversation();
    if (running) show(running.send(event), said);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText("");
    send({ type: "text", text: value }, value);
  }

  return (
    <section
      aria-label={t("title")}
      data-testid="preview-panel"
      className="fixed bottom-0 right-0 top-[6.5rem] z-30 flex w-72 max-w-full lg:w-96 flex-col border-l border-slate-200 bg-white shadow-xl"
    >
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h2 className="text-sm font-semibold text-slate-900">{t("title")}</h2>
        <label className="ml-auto flex items-center gap-1 text-xs text-slate-600">
          <span>{t("channel")}</span>
          <select
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as Channel);
              reset();
            }}
            className="rounded-md border border-slate-300 px-1.5 py-1 text-xs"
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {tChannels(c)}
              </option>
            ))}
          </select>
        </label>
        <Button variant="ghost" size="sm" onClick={reset} aria-label={t("restart")} title={t("restart")}>
          <RotateCcw className="size-4" aria-hidden />
        </Button>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label={t("close")}>
          <X className="size-4" aria-hidden />
        </Button>
      </header>
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500">{t("draftNote")}</p>
      <div className="flex-1 space-y-2 overflow-y-auto bg-slate-50 p-3" role="log" aria-live="polite" data-testid="preview-log">
        {problem && <Alert>{problem}</Alert>}
        {!problem && lines.length === 0 && (
          <div className="flex flex-col items-center gap-3 py-8 text-center text-sm text-slate-600">
            <p>{t("empty")}</p>
            {/* The conversation is built from the legal settings, so it starts once they are here. */}
            <Button busy={legal.isPending} onClick={() => send({ type: "start" }, null)}>
              {t("start")}
            </Button>
          </div>
        )}
        {lines.map((line) =>
          line.from === "system" ? (
            <p key={line.id} className="text-center text-xs text-slate-500">
              {line.text}
            </p>
          ) : (
            <div key={line.id} className={clsx("flex", line.from === "user" ? "justify-end" : "justify-start")}>
              <p
                data-from={line.from}
                aria-label={line.from === "user" ? t("you") : t("bot")}
                className={clsx(
                  "max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm",
                  line.from === "user" ? "bg-brand-600 text-white" : "bg-white text-slate-900 ring-1 ring-slate-200",
                )}
              >
                {line.text}
              </p>
            </div>
          ),
        )}
        {buttons.length > 0 && (
          <div className="flex flex-wrap gap-2" data-testid="preview-buttons">
            {buttons.map((button) => (
              <Button key={button.id} size="sm" variant="secondary" onClick={() => send({ type: "button", id: button.id }, button.label)}>
                {button.label}
              </Button>
            ))}
          </div>
        )}
        {status === "handoff" && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={() => send({ type: "handback" }, null)}>
              {t("handback")}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                // The runtime's clock is a parameter: let the handoff timeout pass, then the host's timer fires.
                conversation.current?.wait(handoffHours);
                setLines((previous) => [
                  ...previous,
                  { id: nextId.current++, from: "system", text: t("handoffTimedOut", { hours: handoffHours }) },
                ]);
                send({ type: "tick" }, null);
              }}
            >
              {t("handoffTimeout", { hours: handoffHours })}
            </Button>
          </div>
        )}
        {status === "ended" && <p className="text-center text-xs text-slate-500">{t("ended")}</p>}
        <div ref={bottom} />
      </div>
      <div className="border-t border-slate-200 p-2">
        {lines.length > 0 && (
          <button
            type="button"
            className="mb-1 text-xs text-brand-700 underline"
            onClick={() => {
              conversation.current?.wait(silenceHours);
              setLines((previous) => [
                ...previous,
                { id: nextId.current++, from: "system", text: t("silencePassed", { hours: silenceHours }) },
              ]);
            }}
          >
            {t("silence", { hours: silenceHours })}
          </button>
        )}
        <form onSubmit={submit} className="flex gap-2">
          <input
            aria-label={t("messageLabel")}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("placeholder")}
            disabled={problem !== null}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none"
          />
          <Button type="submit" size="sm" aria-label={t("send")} disabled={problem !== null || text.trim() === ""}>
            <Send className="size-4" aria-hidden />
          </Button>
        </form>
      </div>
    </section>
  );
}
