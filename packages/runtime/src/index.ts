/**
 * @flowguard/runtime: the entry of the package. It holds no code of its own: the
 * runtime and the export types are built from core/, the same source the app's
 * preview, the CLI and the reference bot run.
 */
export {
  loadExport,
  receive,
  startConversation,
  MAX_STEPS_PER_TURN,
  Conversation,
  conversationFor,
  normalizeAnswer,
  MAX_ANSWER_LENGTH,
  type LoadedFlow,
  type WebhookAnswer,
  type ConversationState,
  type ConversationStatus,
  type ConsentRecord,
  type Effect,
  type Outgoing,
  type RuntimeEvent,
  type TurnResult,
} from "../../../core/runtime";
export {
  EXPORT_FORMAT,
  ZFlowguardExport,
  ZRuntimeConsentEvent,
  exportJsonSchema,
  GET_STARTED_PAYLOAD,
  OPT_OUT_PAYLOAD,
  type FlowguardExport,
  type ExportStep,
  type ExportButton,
  type ExportConsent,
  type Adaptation,
  type ChannelProfile,
  type ChannelPayload,
  type RuntimeConsentEvent,
} from "../../../core/export";
export { CHANNELS, type Channel, type Locale } from "../../../core/flow";
/** Most consent events one POST /api/v1/consent-events may carry. */
export { CONSENT_BATCH_MAX } from "../../../core/domain/consent";
/** Analytics events (effects of kind "analytics") and the most one POST /api/v1/events may carry. */
export { ANALYTICS_BATCH_MAX, type AnalyticsEvent } from "../../../core/domain/analytics";
