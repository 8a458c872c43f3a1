"use client";
import { useReactFlow } from "@xyflow/react";
import clsx from "clsx";
import { PanelLeftClose, PanelLeftOpen, Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState, type DragEvent } from "react";
import { PALETTE_MIME } from "@/components/editor/canvas/dnd";
import { PALETTE_GROUPS, STEP_META } from "@/components/editor/steps/stepMeta";
import type { PaletteType } from "./model/newStep";
import { useEditor, useEditorActions } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";

const ALL_TYPES = Object.keys(STEP_META) as PaletteType[];
const selectCanEdit = (s: EditorState) => s.canEdit;

/**
 * Steps to drag onto the canvas, grouped and searchable. Keyboard users press
 * Enter on a step to place it in the middle of the view.
 */
export function Palette({ open, onToggle }: { open: boolean; onToggle: (open: boolean) => void }) {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const [query, setQuery] = useState("");
  const canEdit = useEditor(selectCanEdit);
  const { addStep } = useEditorActions();
  const { screenToFlowPosition, getInternalNode, setCenter, getZoom } = useReactFlow();

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    return PALETTE_GROUPS.map((group) => ({
      group,
      types: ALL_TYPES.filter(
        (type) =>
          STEP_META[type].group === group && (!q || `${tSteps(`types.${type}`)} ${t(`typeHelp.${type}`)}`.toLowerCase().includes(q)),
      ),
    })).filter((g) => g.types.length > 0);
  }, [query, t, tSteps]);

  function placeInView(type: PaletteType) {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const center = canvas ? { x: canvas.left + canvas.width / 2 - 120, y: canvas.top + canvas.height / 2 - 40 } : { x: 300, y: 200 };
    const id = addStep(type, screenToFlowPosition(center));
    // The step goes to the nearest free spot, which may be off screen: show it there.
    requestAnimationFrame(() => {
      const node = getInternalNode(id);
      if (!node || !canvas) return;
      const { x, y } = node.internals.positionAbsolute;
      const width = node.measured.width ?? 240;
      const height = node.measured.height ?? 80;
      const topLeft = screenToFlowPosition({ x: canvas.left, y: canvas.top });
      const bottomRight = screenToFlowPosition({ x: canvas.right, y: canvas.bottom });
      const inView = x >= topLeft.x && y >= topLeft.y && x + width <= bottomRight.x && y + height <= bottomRight.y;
      if (!inView) void setCenter(x + width / 2, y + height / 2, { zoom: getZoom(), duration: 200 });
    });
  }

  /** One step type's button: an icon alone in the collapsed rail (`narrow`), icon and name in the open palette. */
  function button(type: PaletteType, narrow: boolean) {
    const meta = STEP_META[type];
    const Icon = meta.icon;
    const name = tSteps(`types.${type}`);
    return (
      <button
        type="button"
        draggable={canEdit}
        disabled={!canEdit}
        data-testid={`palette-${type}`}
        aria-label={narrow ? name : undefined}
        title={narrow ? `${name}: ${t(`typeHelp.${type}`)}` : t(`typeHelp.${type}`)}
        onDragStart={startDrag(type)}
        onClick={() => placeInView(type)}
        className={
          narrow
            ? "rounded-lg p-1.5 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50"
            : "flex w-full cursor-grab items-center gap-2 rounded-lg px-2 py-1.5 text-left text-sm ring-1 ring-transparent hover:bg-slate-50 hover:ring-slate-200 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
        }
      >
        <Icon className={clsx("size-4", !narrow && "shrink-0", meta.compliance ? "text-emerald-600" : "text-brand-600")} aria-hidden />
        {!narrow && (
          <span className="flex-1">
            <span className="block text-slate-800">{name}</span>
          </span>
        )}
      </button>
    );
  }

  const startDrag = (type: PaletteType) => (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, type);
    event.dataTransfer.effectAllowed = "copy";
  };

  if (!open) {
    // Collapsed: a narrow rail of step icons (still dragged or pressed to add), so the canvas gets the width.
    return (
      <aside
        aria-label={t("palette")}
        data-testid="palette"
        data-open="false"
        className="flex h-full w-11 shrink-0 flex-col items-center border-r border-slate-200 bg-white"
      >
        <button
          type="button"
          onClick={() => onToggle(true)}
          aria-label={t("panels.openPalette")}
          title={t("panels.openPalette")}
          aria-expanded={false}
          className="my-1.5 rounded-lg p-1.5 text-slate-600 hover:bg-slate-100"
        >
          <PanelLeftOpen className="size-4" aria-hidden />
        </button>
        <ul className="flex flex-1 flex-col items-center gap-0.5 overflow-y-auto pb-2">
          {ALL_TYPES.map((type) => (
            <li key={type}>{button(type, true)}</li>
          ))}
        </ul>
      </aside>
    );
  }

  return (
    <aside
      aria-label={t("palette")}
      data-testid="palette"
      data-open="true"
      className="flex h-full w-60 shrink-0 flex-col border-r border-slate-200 bg-white"
    >
      <div className="flex items-center gap-1 border-b border-slate-200 p-3">
        <label className="relative block flex-1">
          <span className="sr-only">{t("searchSteps")}</span>
          <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("searchSteps")}
            className="w-full rounded-lg border border-slate-300 py-2 pr-2 pl-8 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
          />
        </label>
        <button
          type="button"
          onClick={() => onToggle(false)}
          aria-label={t("panels.closePalette")}
          title={t("panels.closePalette")}
          aria-expanded
          className="rounded-lg p-1.5 text-slate-600 hover:bg-slate-100"
        >
          <PanelLeftClose className="size-4" aria-hidden />
        </button>
      </div>
      <div className="flex-1 overflow-y-auto p-3">
        {groups.length === 0 && <p className="text-sm text-slate-500">{t("noStepsFound")}</p>}
        {groups.map(({ group, types }) => (
          <section key={group} className="mb-4">
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(`groups.${group}`)}</h3>
            <ul className="flex flex-col gap-1">
              {types.map((type) => (
                <li key={type}>{button(type, false)}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="border-t border-slate-200 p-3 text-xs text-slate-500">{t("paletteHint")}</p>
    </aside>
  );
}
