/**
 * One error type for everything the server refuses on purpose. Services throw it;
 * the tRPC layer maps `code` to a transport code, and the client turns `code`
 * (plus `field` and `params`) into a sentence in the user's language.
 */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  VERSION_CONFLICT: "CONFLICT",
  /**
   * A draft write refused only because the workspace's legal settings were saved again and again while it was
   * checked; nobody else saved and nothing was written. Sending the same request again shortly succeeds
   * (`params.seconds`: how long to wait).
   */
  LEGAL_SETTINGS_CHANGING: "CONFLICT",
  EMAIL_TAKEN: "CONFLICT",
  SLUG_TAKEN: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
  INVALID_DOCUMENT: "UNPROCESSABLE_CONTENT",
  /** Analytics events with fields outside their strict schema (e.g. a person identifier). */
  INVALID_EVENTS: "UNPROCESSABLE_CONTENT",
  COMPLIANCE_ERRORS: "PRECONDITION_FAILED",
  LAST_OWNER: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  OWNER_REQUIRED: "FORBIDDEN",
  ALREADY_MEMBER: "CONFLICT",
  INVITATION_EXPIRED: "PRECONDITION_FAILED",
  INVITATION_USED: "PRECONDITION_FAILED",
  INVITATION_WRONG_EMAIL: "FORBIDDEN",
  EMAIL_UNVERIFIED: "PRECONDITION_FAILED",
  CONFIRMATION_MISMATCH: "BAD_REQUEST",
  API_TOKEN_INVALID: "UNAUTHORIZED",
  API_TOKEN_SCOPE: "FORBIDDEN",
  NOT_PUBLISHED: "NOT_FOUND",
  LIVE_VERSION_BLOCKED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export type AppErrorOptions = {
  /** The form field the error belongs to, so the UI can show it there. */
  field?: string;
  /** Values the translated message interpolates (e.g. retry seconds). */
  params?: Record<string, string | number>;
  /** Structured details, e.g. diagnostics that block a publish. */
  details?: unknown;
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;
  readonly params?: Record<string, string | number>;
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.params = options.params;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
