/** The canonical export `flowguard.export/v1` and one renderer per channel (pure: browser, server, CLI). */
export * from "./schema";
export { buildExport, exportFlow, PRIVACY_KEYWORDS, IMPRESSUM_KEYWORDS, type BuildExportOptions, type ExportResult } from "./build";
export { RENDERERS, type ChannelRenderer } from "./renderers";
export { sha256Hex, canonicalJson, contentHashOf } from "./sha256";
export {
  GET_STARTED_PAYLOAD,
  OPT_OUT_PAYLOAD,
  consentTextOf,
  speechOf,
  splitText,
  substituteVariables,
  sanitizeValue,
  withCompanyFilled,
  type Speech,
} from "./text";
