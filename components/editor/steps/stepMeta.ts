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
import type { StepContent } from "@/core/flow/schema";
import { isComplianceStepType } from "@/core/flow/constants";

export type PaletteGroup = "messages" | "questions" | "logic" | "compliance" | "integrations";

export type StepMeta = { icon: LucideIcon; group: PaletteGroup; compliance: boolean };

const LOOKS: Record<PaletteType, Omit<StepMeta, "compliance">> = {
  message: { icon: MessageSquare, group: "messages" },
  end: { icon: CircleStop, group: "messages" },
  choice: { icon: ListChecks, group: "questions" },
  input: { icon: TextCursorInput, group: "questions" },
  start: { icon: Play, group: "logic" },
  condition: { icon: GitBranch, group: "logic" },
  delay: { icon: Clock, group: "logic" },
  note: { icon: StickyNote, group: "logic" },
  botDisclosure: { icon: ShieldCheck, group: "compliance" },
  privacyNotice: { icon: FileLock2, group: "compliance" },
  consent: { icon: Handshake, group: "compliance" },
  webhook: { icon: Webhook, group: "integrations" },
  subscribe: { icon: Bell, group: "integrations" },
  handoff: { icon: Send, group: "integrations" },
};

/** How each step type looks and where it sits in the palette. */
export const STEP_META = Object.fromEntries(
  Object.entries(LOOKS).map(([type, looks]) => [type, { ...looks, compliance: isComplianceStepType(type) }]),
) as Record<PaletteType, StepMeta>;

export const PALETTE_GROUPS: PaletteGroup[] = ["messages", "questions", "logic", "compliance", "integrations"];

/**
 * The line a step shows on the canvas under its title; a start shows its trigger, worded by the caller.
 * `operatorWord` turns a condition's operator into words ("ist gleich", not "equals").
 */
export function summaryOf(step: StepContent, operatorWord: (operator: string) => string = (o) => o): string {
  switch (step.type) {
    case "start":
      return "";
    case "handoff":
      return step.data.notice;
    case "webhook":
      return step.data.url;
    case "condition":
      return [step.data.variable, operatorWord(step.data.operator), step.data.value].filter((v) => v !== "").join(" ");
    case "delay":
      return `${step.data.seconds} s`;
    case "subscribe":
      return step.data.list;
    default:
      return step.data.text ?? "";
  }
}

type OperatorTranslate = { has(key: string): boolean; (key: `operators.${string}`): string };

/** A condition operator in the marketer's words; an unknown one stays as stored. */
export function operatorWord(operator: string, t: OperatorTranslate): string {
  return t.has(`operators.${operator}`) ? t(`operators.${operator}` as `operators.${string}`) : operator;
}
