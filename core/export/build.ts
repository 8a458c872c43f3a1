import { formatDiagnostic, hasErrors, validate, type Diagnostic } from "../compliance";
import {
  DEFAULT_HANDOFF_TIMEOUT_HOURS,
  defaultTexts,
  activeOptOutKeywords,
  buildFlowGraph,
  type Channel,
  type FlowDocument,
  type FlowGraph,
  type FlowNode,
  type WorkspaceLegal,
} from "../flow";
import { RENDERERS } from "./renderers";
import { EXPORT_FORMAT, type Adaptation, type ExportStep, type FlowguardExport } from "./schema";
import { contentHashOf, sha256Hex } from "./sha256";
import type { Formality } from "./botTexts";
import { consentShownText, consentTextOf, speechOf, withCompanyFilled } from "./text";

// Re-exported for the export's readers; defined once with the flow's other vocabularies.
export { DEFAULT_HANDOFF_TIMEOUT_HOURS };

/** Optional settings added to format v1 since; older documents lack them. */
export function optionalSettingsOf(document: FlowDocument): { formality: Formality; handoffTimeoutHours: number } {
  const settings = document.settings as { formality?: unknown; handoffTimeoutHours?: unknown };
  const hours = settings.handoffTimeoutHours;
  return {
    formality: settings.formality === "formal" ? "formal" : "informal",
    handoffTimeoutHours: typeof hours === "number" && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_HANDOFF_TIMEOUT_HOURS,
  };
}

/** Words that answer with the legal links from any state (besides the Telegram commands). */
export const PRIVACY_KEYWORDS = ["DATENSCHUTZ", "DATENSCHUTZERKLÄRUNG", "PRIVACY", "PRIVACY POLICY"] as const;
export const IMPRESSUM_KEYWORDS = ["IMPRESSUM", "IMPRINT", "LEGAL NOTICE"] as const;

export interface BuildExportOptions {
  legal: WorkspaceLegal;
  /** The channel to render payloads for; null for the channel-neutral canonical export. */
  channel: Channel | null;
  /** Published version number; 0 for a draft (preview). */
  version: number;
  /** SHA-256 of the document's canonical JSON; computed when not given. */
  contentHash?: string;
  publishedAt?: string | null;
  /** The compliance report stored with the version; computed when not given. */
  diagnostics?: Diagnostic[];
  /** The document's graph, when the caller already has it. */
  graph?: FlowGraph;
}

/** The controller name that replaces `{company}`; a flow without legal settings keeps the placeholder. */
function companyOf(legal: WorkspaceLegal): string {
  return legal.controller.name.trim();
}

/** The first bot disclosure the flow shows, found breadth-first from its starts. */
function firstDisclosureText(graph: FlowGraph, nodes: readonly FlowNode[]): string | null {
  const seen = new Uint8Array(graph.nodeCount);
  const queue = [...graph.startIndices];
  for (const i of queue) seen[i] = 1;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    const node = nodes[i];
    if (node.type === "botDisclosure" && node.data.text.trim() !== "") return node.data.text;
    for (let k = graph.outOffsets[i]; k < graph.outOffsets[i + 1]; k++) {
      const target = graph.edgeTarget[graph.outEdges[k]];
      if (seen[target] === 0) {
        seen[target] = 1;
        queue.push(target);
      }
    }
  }
  return null;
}

/**
 * Builds the `flowguard.export/v1` document of a flow: legal data, opt-out settings,
 * purposes, variables, consent texts with their SHA-256, the graph with the
 * controller filled in, and (for a channel) every step's ready-to-send payloads and
 * the bot profile. Does not refuse errors; use `exportFlow` for that.
 */
export function buildExport(document: FlowDocument, options: BuildExportOptions): FlowguardExport {
  const { legal, channel } = options;
  const company = companyOf(legal);
  const locale = document.locale;
  const nodes = company ? document.nodes.map((node) => withCompanyFilled(node, company)) : document.nodes;
  const graph = options.graph ?? buildFlowGraph(document);
  const diagnostics = options.diagnostics ?? validate(document, legal, { graph });
  const { formality, handoffTimeoutHours } = optionalSettingsOf(document);

  const renderer = channel ? RENDERERS[channel] : null;
  const steps: ExportStep[] = [];
  const adaptations: Adaptation[] = [];
  const variables: FlowguardExport["variables"] = [];
  const consents: FlowguardExport["consents"] = [];
  for (const node of nodes) {
    if (node.type === "input") {
      variables.push({
        name: node.data.variable,
        nodeId: node.id,
        inputType: node.data.inputType,
        personalData: node.data.personalData !== false,
        purpose: node.data.purpose,
        specialCategory: node.data.specialCategory ?? null,
        retentionDays: node.data.retentionDays,
      });
    } else if (node.type === "consent") {
      const shown = { text: consentTextOf(node), acceptLabel: node.data.acceptLabel, declineLabel: node.data.declineLabel };
      consents.push({
        nodeId: node.id,
        purposes: [...node.data.purposes],
        explicit: node.data.explicit,
        categories: [...node.data.categories],
        text: shown.text,
        textHash: sha256Hex(consentShownText(shown)),
        acceptLabel: shown.acceptLabel,
        declineLabel: shown.declineLabel,
      });
    }
    if (!renderer) continue;
    const speech = speechOf(node, legal, { channel, locale, formality });
    if (!speech) continue;
    const context = { locale, nodeId: node.id };
    const rendered = renderer.render(speech, context);
    const step: ExportStep = { nodeId: node.id, type: node.type, payloads: rendered.payloads, buttons: speech.buttons };
    adaptations.push(...rendered.adaptations);
    if (node.type === "handoff") {
      const resumed = renderer.render({ text: node.data.resumeText, buttons: [], inputType: null }, context);
      step.resumePayloads = resumed.payloads;
      adaptations.push(...resumed.adaptations);
    }
    steps.push(step);
  }

  // Standard keywords always work; the flow's own only add (RULEBOOK optOut.defined).
  const optOutKeywords = activeOptOutKeywords(document.settings, locale);
  const confirmation = company
    ? document.settings.optOut.confirmation.split("{company}").join(company)
    : document.settings.optOut.confirmation;
  // The rule already words what it foresaw (a step's own text or options); the renderer's
  // note covers the rest, e.g. a privacy notice that grows past the limit with its links.
  const foreseen = new Set(diagnostics.filter((d) => d.rule === "channel.limits" && d.severity === "warning").map((d) => d.nodeId));
  const adaptationWarnings: Diagnostic[] = adaptations
    .filter((adaptation) => !foreseen.has(adaptation.nodeId))
    .map((adaptation) => ({
      rule: "channel.limits",
      severity: "warning",
      nodeId: adaptation.nodeId,
      params: { shape: "adaptation", adaptation: adaptation.kind, note: adaptation.message },
    }));
  const report = [...diagnostics, ...adaptationWarnings];
  return {
    format: EXPORT_FORMAT,
    flow: {
      id: document.id,
      name: document.name,
      locale,
      version: options.version,
      contentHash: options.contentHash ?? contentHashOf(document),
      publishedAt: options.publishedAt ?? null,
    },
    channel,
    legal: {
      controller: { ...legal.controller },
      impressumUrl: legal.impressumUrl,
      privacyPolicyUrl: legal.privacyPolicyUrl,
      privacyContact: legal.privacyContact,
    },
    optOut: { keywords: optOutKeywords, confirmation, confirmationHash: sha256Hex(confirmation) },
    redisclosureAfterHours: document.settings.redisclosureAfterHours,
    handoffTimeoutHours,
    formality,
    redisclosureText: firstDisclosureText(graph, nodes) ?? defaultTexts(locale, formality).redisclosure(company || "{company}"),
    legalKeywords: { privacy: [...PRIVACY_KEYWORDS], impressum: [...IMPRESSUM_KEYWORDS] },
    purposes: document.purposes.map((purpose) => ({ id: purpose.id, label: purpose.label, description: purpose.description })),
    variables,
    consents,
    graph: { nodes, edges: document.edges },
    steps,
    profile: renderer
      ? renderer.profile({
          locale,
          legal,
          optOutKeywords,
          privacyKeywords: PRIVACY_KEYWORDS,
          impressumKeywords: IMPRESSUM_KEYWORDS,
        })
      : null,
    adaptations,
    report: {
      errors: report.filter((d) => d.severity === "error").length,
      warnings: report.filter((d) => d.severity === "warning").length,
      diagnostics: report.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        nodeId: d.nodeId,
        message: formatDiagnostic(d, locale),
        ...(d.path ? { path: d.path } : {}),
      })),
    },
  };
}

export type ExportResult = { ok: true; export: FlowguardExport; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Validates with the workspace's legal settings and builds the export; refuses (ok:
 * false, with every diagnostic) when any error is left, as publish and export must.
 */
export function exportFlow(document: FlowDocument, options: Omit<BuildExportOptions, "diagnostics">): ExportResult {
  const graph = options.graph ?? buildFlowGraph(document);
  // A channel's export answers only to that channel's limits: another channel's limit never refuses it.
  const checked = options.channel && document.channels.includes(options.channel) ? { ...document, channels: [options.channel] } : document;
  const diagnostics = validate(checked, options.legal, { graph });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, export: buildExport(document, { ...options, graph, diagnostics }), diagnostics };
}
