import { MARKETING_PURPOSE, type FlowNode } from "./schema";

/**
 * Step classification shared by the rulebook, the exporters and the runtime.
 * Definitions follow the rulebook's "Terms" section.
 */

/** A step that sends the user something (start, condition, delay, webhook, subscribe are silent). */
export function isSpeakingStep(node: FlowNode): boolean {
  switch (node.type) {
    case "botDisclosure":
    case "privacyNotice":
    case "consent":
    case "message":
    case "choice":
    case "input":
    case "handoff":
      return true;
    case "end":
      return typeof node.data.text === "string" && node.data.text.trim() !== "";
    default:
      return false;
  }
}

/** An input with personal data, a webhook, or a subscribe step. */
export function isDataStep(node: FlowNode): boolean {
  return (node.type === "input" && node.data.personalData !== false) || node.type === "webhook" || node.type === "subscribe";
}

/** A promotional message or a subscribe step (both need marketing consent). */
export function isPromotionalStep(node: FlowNode): boolean {
  return (node.type === "message" && node.data.promotional === true) || node.type === "subscribe";
}

/**
 * The purpose consent must cover before this step, or null when the step needs none.
 * Data steps use their own purpose; promotional steps and subscribe use `marketing`.
 */
export function consentPurposeOf(node: FlowNode): string | null {
  switch (node.type) {
    case "input":
      return node.data.personalData !== false ? node.data.purpose : null;
    case "webhook":
      return node.data.purpose;
    case "subscribe":
      return MARKETING_PURPOSE;
    case "message":
      return node.data.promotional === true ? MARKETING_PURPOSE : null;
    default:
      return null;
  }
}

/**
 * All user-visible texts of a step with the field they live in: each is sent as (or
 * inside) a message, so `channel.limits` checks them all; the version diff compares them.
 */
export function textsOf(node: FlowNode): { field: string; text: string }[] {
  switch (node.type) {
    case "botDisclosure":
    case "privacyNotice":
    case "message":
    case "input":
    case "choice":
      return [{ field: "text", text: node.data.text }];
    case "consent":
      return [
        { field: "text", text: node.data.text },
        { field: "withdrawalHint", text: node.data.withdrawalHint },
      ];
    case "handoff":
      return [
        { field: "notice", text: node.data.notice },
        { field: "resumeText", text: node.data.resumeText },
      ];
    case "end":
      return node.data.text ? [{ field: "text", text: node.data.text }] : [];
    default:
      return [];
  }
}
