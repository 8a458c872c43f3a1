import type { LegalSettings } from "@/core/domain/legal";

/** The legal settings every flow's texts and links need, in the order the form asks for them. */
export const REQUIRED_LEGAL_FIELDS = ["controllerName", "controllerAddress", "impressumUrl", "privacyPolicyUrl", "privacyContact"] as const;

export type RequiredLegalField = (typeof REQUIRED_LEGAL_FIELDS)[number];

/** The required legal settings still empty; none means new flows start without legal errors. */
export function missingLegalFields(settings: Pick<LegalSettings, RequiredLegalField>): RequiredLegalField[] {
  return REQUIRED_LEGAL_FIELDS.filter((field) => !settings[field]?.trim());
}
