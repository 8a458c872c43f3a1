import {
  DEFAULT_OPT_OUT_KEYWORDS,
  type Channel,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type NodeData,
  type NodeType,
} from "../flow";
import { validate } from "./validate";
import { formatDiagnostics } from "./format";
import type { FormattedDiagnostic } from "./types";

/**
 * Small builders for flows in tests: every step gets valid default data, so a test
 * only spells out what it is about. Not used by production code.
 */

const DEFAULT_DATA: { [T in NodeType]: (id: string) => NodeData<T> } = {
  start: () => ({ trigger: "getStarted" }),
  botDisclosure: () => ({ text: "Hi, I am an automated assistant, not a human." }),
  privacyNotice: () => ({ text: "{company} processes your messages to answer you; see our privacy policy." }),
  consent: () => ({
    // Names the controller and the labels of both purposes `flow` declares, so any of them passes `consent.wellFormed`.
    text: 'May {company} use your details for "Contact request" and "Newsletter"? Withdraw any time with STOP.',
    purposes: ["lead"],
    explicit: false,
    categories: [],
    acceptLabel: "Yes",
    declineLabel: "No",
    withdrawalHint: "Write STOP to withdraw.",
  }),
  message: () => ({ text: "Hello!", promotional: false }),
  choice: () => ({
    text: "What would you like?",
    options: [
      { id: "a", label: "Option A" },
      { id: "b", label: "Option B" },
    ],
  }),
  input: (id) => ({
    text: "Your email?",
    variable: `var_${id.replace(/[^A-Za-z0-9_]/g, "_")}`,
    inputType: "email",
    personalData: true,
    purpose: "lead",
    retentionDays: 30,
  }),
  condition: () => ({ variable: "x", operator: "isSet", value: "" }),
  delay: () => ({ seconds: 1 }),
  handoff: () => ({ notice: "A person from our team answers you now.", resumeText: "The bot is back." }),
  webhook: () => ({ url: "https://crm.example.com/hook", processor: "Example CRM", sends: [], purpose: "lead" }),
  subscribe: () => ({ list: "news" }),
  end: () => ({}),
};

/** Labels of the purposes `flow` declares, for a default consent text that names exactly the consent's own purposes. */
const TEST_PURPOSE_LABELS: Record<string, string> = { lead: "Contact request", marketing: "Newsletter" };

/**
 * A step of `type` with default data, `data` overriding single fields. A consent
 * without its own text gets one naming the labels of its purposes and no others, so
 * it passes `consent.wellFormed` and `consent.granular` for any purposes given.
 */
export function step<T extends NodeType>(type: T, id: string, data: Partial<NodeData<T>> = {}): FlowNode {
  const merged: Record<string, unknown> = { ...DEFAULT_DATA[type](id), ...data };
  if (type === "consent" && !("text" in data) && Array.isArray(merged.purposes)) {
    const labels = (merged.purposes as string[]).map((purpose) => `"${TEST_PURPOSE_LABELS[purpose] ?? purpose}"`);
    merged.text = `May {company} use your details for ${labels.join(" and ")}? Withdraw any time with STOP.`;
  }
  return { id, type, position: { x: 0, y: 0 }, data: merged } as FlowNode;
}

/** An edge; its id is derived from its ends so tests need not name it. */
export function link(source: string, sourceHandle: string, target: string): FlowEdge {
  return { id: `${source}.${sourceHandle}->${target}`, source, sourceHandle, target };
}

/** A flow document around the given steps (purposes `lead` and `marketing` declared). */
export function flow(nodes: FlowNode[], edges: FlowEdge[], overrides: Partial<FlowDocument> = {}): FlowDocument {
  return {
    schemaVersion: 1,
    id: "test-flow",
    name: "Test flow",
    locale: "en",
    channels: ["messenger"] as Channel[],
    purposes: [
      { id: "lead", label: "Contact request", description: "We contact you about your request." },
      { id: "marketing", label: "Newsletter", description: "Offers via messenger." },
    ],
    settings: {
      optOut: { keywords: [...DEFAULT_OPT_OUT_KEYWORDS], confirmation: "You are unsubscribed." },
      redisclosureAfterHours: 24,
    },
    nodes,
    edges,
    ...overrides,
  };
}

/**
 * start → disclosure → privacy → consent (purposes) with decline → declined end.
 * Returns the steps; connect `consent.accept` to the body.
 */
export function compliantPrefix(purposes: string[] = ["lead"]): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return {
    nodes: [
      step("start", "start"),
      step("botDisclosure", "disclosure"),
      step("privacyNotice", "privacy"),
      step("consent", "consent", { purposes }),
      step("end", "declined", { text: "Alright, bye!" }),
    ],
    edges: [
      link("start", "next", "disclosure"),
      link("disclosure", "next", "privacy"),
      link("privacy", "next", "consent"),
      link("consent", "decline", "declined"),
    ],
  };
}

/** The diagnostics of one rule only, each with its message worded in the flow's language. */
export function findingsOf(rule: string, document: FlowDocument, legal?: Parameters<typeof validate>[1]): FormattedDiagnostic[] {
  return formatDiagnostics(validate(document, legal, { rules: [rule] }), document.locale);
}

/** The ids of the steps a rule flags, sorted. */
export function flaggedSteps(rule: string, document: FlowDocument, legal?: Parameters<typeof validate>[1]): (string | null)[] {
  return findingsOf(rule, document, legal)
    .map((diagnostic) => diagnostic.nodeId)
    .sort();
}
