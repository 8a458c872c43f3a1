import type { useTranslations } from "next-intl";
import type { StepContent } from "@/core/flow/schema";
import type { CanvasNode, StepNodeProps } from "@/components/editor/model/types";

/** The `steps` catalogue: output names shared with the checks' sentences. */
type Translate = ReturnType<typeof useTranslations<"steps">>;

/** A step's name on the canvas: its title, else the name of its type (a note is called a note). */
export function stepName(node: CanvasNode | StepNodeProps, t: Translate): string {
  if (node.type === "note") return t("types.note");
  return typeof node.data.title === "string" && node.data.title ? node.data.title : t(`types.${node.type}`);
}

/** The label under an output handle, in words the marketer chose or understands. */
export function outputLabel(step: StepContent, handle: string, t: Translate): string {
  if (step.type === "choice") {
    if (handle === "fallback") return t("outputs.fallback");
    return step.data.options.find((o) => o.id === handle)?.label || handle;
  }
  if (step.type === "consent") {
    if (handle === "accept") return step.data.acceptLabel || t("outputs.accept");
    if (handle === "decline") return step.data.declineLabel || t("outputs.decline");
  }
  if (step.type === "handoff" && handle === "next") return t("outputs.resume");
  switch (handle) {
    case "next":
      return t("outputs.next");
    case "invalid":
      return t("outputs.invalid");
    case "true":
      return t("outputs.true");
    case "false":
      return t("outputs.false");
    case "success":
      return t("outputs.success");
    case "failure":
      return t("outputs.failure");
    default:
      return handle;
  }
}
