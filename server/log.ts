import pino from "pino";

/*
 * The server's structured log. Errors that the client must not see in detail are
 * logged here with a request id; the response carries only that id, so a support
 * request can be matched to the log line.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
});

/** A short random id for one request's log lines and its error response. */
export function newRequestId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16);
}
