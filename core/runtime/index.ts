/**
 * The runtime: runs a `flowguard.export/v1` document for one user at a time. Pure
 * (no I/O, no Node APIs): the editor's preview, the CLI and deployed bots use it.
 */
export { loadExport, receive, startConversation, MAX_STEPS_PER_TURN, type LoadedFlow } from "./runtime";
export { Conversation, conversationFor, type WebhookAnswer } from "./conversation";
export { normalizeAnswer, MAX_ANSWER_LENGTH } from "./validateInput";
export type { ConversationState, ConversationStatus, ConsentRecord, Disclosure, Effect, Outgoing, RuntimeEvent, TurnResult } from "./types";
export { matchesKeyword, normalizeWords, keywordOf, OPT_OUT_PHRASES, MAX_WORDS_AROUND_KEYWORD } from "./keywords";
