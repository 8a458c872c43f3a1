import type { PathRule, Rule } from "../types";
import { channelHumanPath } from "./channel.humanPath";
import { channelLimits } from "./channel.limits";
import { consentBeforeData } from "./consent.beforeData";
import { consentDoubleOptIn } from "./consent.doubleOptIn";
import { consentSpecial } from "./consent.special";
import { consentWellFormed } from "./consent.wellFormed";
import { dataPurpose } from "./data.purpose";
import { dataRetention } from "./data.retention";
import { dataUnused } from "./data.unused";
import { disclosureAfterHandoff } from "./disclosure.afterHandoff";
import { disclosureFirst } from "./disclosure.first";
import { disclosureRedisclosure } from "./disclosure.redisclosure";
import { graphDeadEnd } from "./graph.deadEnd";
import { graphEdges } from "./graph.edges";
import { graphStart } from "./graph.start";
import { graphUnreachable } from "./graph.unreachable";
import { handoffNotice } from "./handoff.notice";
import { legalLinks } from "./legal.links";
import { optOutDefined } from "./optOut.defined";
import { privacyBeforeData } from "./privacy.beforeData";
import { processorDeclared } from "./processor.declared";

/** The whole rulebook, in the order of the rulebook's table (diagnostics follow it). */
export const RULES: readonly Rule[] = [
  disclosureFirst,
  disclosureAfterHandoff,
  disclosureRedisclosure,
  handoffNotice,
  privacyBeforeData,
  consentBeforeData,
  consentSpecial,
  consentWellFormed,
  optOutDefined,
  dataPurpose,
  dataUnused,
  dataRetention,
  consentDoubleOptIn,
  processorDeclared,
  legalLinks,
  channelLimits,
  channelHumanPath,
  graphStart,
  graphEdges,
  graphDeadEnd,
  graphUnreachable,
];

/**
 * The path rules autofix repairs, in repair order: disclosures first, so every step
 * inserted later is already behind a disclosure; privacy before consent, so an
 * inserted consent lands between the privacy notice and the data step.
 */
export const AUTOFIX_RULES: readonly PathRule[] = [
  disclosureFirst,
  disclosureAfterHandoff,
  privacyBeforeData,
  consentSpecial,
  consentBeforeData,
];

export const RULE_IDS = RULES.map((rule) => rule.id);
/** Rules that need the workspace's legal settings; skipped without them. */
export const WORKSPACE_RULE_IDS = RULES.filter((rule) => rule.needsLegal).map((rule) => rule.id);

export {
  channelHumanPath,
  channelLimits,
  consentBeforeData,
  consentDoubleOptIn,
  consentSpecial,
  consentWellFormed,
  dataPurpose,
  dataRetention,
  dataUnused,
  disclosureAfterHandoff,
  disclosureFirst,
  disclosureRedisclosure,
  graphDeadEnd,
  graphEdges,
  graphStart,
  graphUnreachable,
  handoffNotice,
  legalLinks,
  optOutDefined,
  privacyBeforeData,
  processorDeclared,
};
