import {
  Bell,
  CircleStop,
  Clock,
  FileLock2,
  GitBranch,
  Handshake,
  ListChecks,
  MessageSquare,
  Play,
  Send,
  ShieldCheck,
  StickyNote,
  TextCursorInput,
  Webhook,
  type LucideIcon,
} from "lucide-react";
import type { PaletteType } from "@/components/editor/model/newStep";

export type PaletteGroup = "messages" | "questions" | "logic" | "compliance" | "integrations";

export type StepMeta = { icon: LucideIcon; group: PaletteGroup; compliance?: boolean };

/** How each step type looks and where it sits in the palette. */
export const STEP_META: Record<PaletteType, StepMeta> = {
  message: { icon: MessageSquare, group: "messages" },
  end: { icon: CircleStop, group: "messages" },
  choice: { icon: ListChecks, group: "questions" },
  input: { icon: TextCursorInput, group: "questions" },
  start: { icon: Play, group: "logic" },
  condition: { icon: GitBranch, group: "logic" },
  delay: { icon: Clock, group: "logic" },
  note: { icon: StickyNote, group: "logic" },
  botDisclosure: { icon: ShieldCheck, group: "compliance", compliance: true },
  privacyNotice: { icon: FileLock2, group: "compliance", compliance: true },
  consent: { icon: Handshake, group: "compliance", compliance: true },
  webhook: { icon: Webhook, group: "integrations" },
  subscribe: { icon: Bell, group: "integrations" },
  handoff: { icon: Send, group: "integrations" },
};

export const PALETTE_GROUPS: PaletteGroup[] = ["messages", "questions", "logic", "compliance", "integrations"];

/** The line a step shows on the canvas under its title. */
export function summaryOf(type: string, data: Record<string, unknown>): string {
  switch (type) {
    case "handoff":
      return String(data.notice ?? "");
    case "webhook":
      return String(data.url ?? "");
    case "condition":
      return [data.variable, data.operator, data.value].filter((v) => v !== "" && v !== undefined).join(" ");
    case "delay":
      return `${data.seconds ?? 0} s`;
    case "subscribe":
      return String(data.list ?? "");
    default:
      return String(data.text ?? "");
  }
}
