"use client";
import { useTranslations } from "next-intl";
import { Dialog } from "@/components/ui/Dialog";

/** Every keyboard shortcut of the editor, as the handlers in useEditorShortcuts and the canvas define them. */
export const SHORTCUTS = [
  { keys: ["tab", "shiftTab"], action: "focusNext" },
  { keys: ["enter", "space"], action: "select" },
  { keys: ["arrows"], action: "move" },
  { keys: ["shiftArrows"], action: "moveFar" },
  { keys: ["delete", "backspace"], action: "delete" },
  { keys: ["escape"], action: "deselect" },
  { keys: ["ctrlZ"], action: "undo" },
  { keys: ["ctrlShiftZ", "ctrlY"], action: "redo" },
  { keys: ["ctrlC"], action: "copy" },
  { keys: ["ctrlV"], action: "paste" },
  { keys: ["ctrlD"], action: "duplicate" },
  { keys: ["question"], action: "help" },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]["action"];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("editor.shortcuts");
  return (
    <Dialog open={open} onClose={onClose} title={t("title")}>
      <p className="mb-3 text-sm text-slate-600">{t("intro")}</p>
      <table className="w-full text-sm" data-testid="shortcuts">
        <thead className="sr-only">
          <tr>
            <th scope="col">{t("keysColumn")}</th>
            <th scope="col">{t("actionColumn")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {SHORTCUTS.map(({ keys, action }) => (
            <tr key={action}>
              <td className="py-1.5 pr-4 whitespace-nowrap">
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && <span className="px-1 text-slate-400">{t("or")}</span>}
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                      {t(`keys.${key}`)}
                    </kbd>
                  </span>
                ))}
              </td>
              <td className="py-1.5 text-slate-700">{t(`actions.${action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
