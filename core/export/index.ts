/** The canonical export `flowguard.export/v1` and one renderer per channel (pure: browser, server, CLI). */
export * from "./schema";
export {
  buildExport,
  exportFlow,
  optionalSettingsOf,
  DEFAULT_HANDOFF_TIMEOUT_HOURS,
  PRIVACY_KEYWORDS,
  IMPRESSUM_KEYWORDS,
  type BuildExportOptions,
  type ExportResult,
} from "./build";
export { botTexts, format, type Formality } from "./botTexts";
export { RENDERERS, type ChannelRenderer } from "./renderers";
export { sha256Hex, canonicalJson, contentHashOf } from "./sha256";
export {
  GET_STARTED_PAYLOAD,
  OPT_OUT_PAYLOAD,
  PRIVACY_PAYLOAD,
  IMPRESSUM_PAYLOAD,
  MORE_PAYLOAD,
  pageOfButtons,
  CHANNELS_WITHOUT_LEGAL_MENU,
  consentShownText,
  consentTextOf,
  speechOf,
  splitText,
  substituteVariables,
  sanitizeValue,
  withCompanyFilled,
  type Speech,
} from "./text";
