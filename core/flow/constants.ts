/*
 * The fixed vocabularies of the flow document, without zod, so that browser code
 * that only needs the names (the editor's palette, forms and canvas) does not
 * load the schema library.
 */
export const CHANNELS = ["messenger", "whatsapp", "telegram", "instagram"] as const;

export const LOCALES = ["de", "en"] as const;

/** Forms of address: German du (informal, the default) or Sie (formal). */
export const FORMALITIES = ["informal", "formal"] as const;
export const DEFAULT_FORMALITY = "informal";
/** Hours a handoff may stay unanswered when the flow does not say. */
export const DEFAULT_HANDOFF_TIMEOUT_HOURS = 24;

export const SPECIAL_CATEGORIES = [
  "racialOrEthnicOrigin",
  "politicalOpinions",
  "religiousOrPhilosophicalBeliefs",
  "tradeUnionMembership",
  "geneticData",
  "biometricData",
  "health",
  "sexLifeOrOrientation",
] as const;

/** The purpose every promotional message and subscribe step uses; it need not be declared. */
export const MARKETING_PURPOSE = "marketing";

export const NODE_TYPES = [
  "start",
  "botDisclosure",
  "privacyNotice",
  "consent",
  "message",
  "choice",
  "input",
  "condition",
  "delay",
  "handoff",
  "webhook",
  "subscribe",
  "end",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const START_TRIGGERS = ["getStarted", "keyword", "link"] as const;

export const INPUT_TYPES = ["text", "email", "phone", "number", "date"] as const;

export const CONDITION_OPERATORS = [
  "equals",
  "notEquals",
  "contains",
  "notContains",
  "greaterThan",
  "lessThan",
  "isSet",
  "isNotSet",
] as const;

/** The steps the law asks for; the editor guards them and draws them apart. */
export const COMPLIANCE_STEP_TYPES: readonly NodeType[] = ["botDisclosure", "privacyNotice", "consent"];

export function isComplianceStepType(type: string | undefined): boolean {
  return (COMPLIANCE_STEP_TYPES as readonly string[]).includes(type ?? "");
}
