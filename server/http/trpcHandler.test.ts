import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { retryAfterHeaders } from "./trpcHandler";

const refused = (error: AppError) => new TRPCError({ code: "CONFLICT", message: error.message, cause: error });

describe("Retry-After on tRPC answers", () => {
  it("names the longest wait of the retryable refusals in the answer (a batch holds several)", () => {
    const limited = refused(new AppError("RATE_LIMITED", "Too many.", { params: { seconds: 30 } }));
    const legal = refused(new AppError("LEGAL_SETTINGS_CHANGING", "Changing.", { params: { seconds: 1.2 } }));
    expect(retryAfterHeaders([legal])).toEqual({ "retry-after": "2" });
    expect(retryAfterHeaders([legal, limited])).toEqual({ "retry-after": "30" });
  });

  it("is left out when no error says when to send again", () => {
    const conflict = refused(new AppError("VERSION_CONFLICT", "Someone saved.", { params: { seconds: 5 } }));
    const plain = new TRPCError({ code: "BAD_REQUEST", message: "No." });
    const noSeconds = refused(new AppError("RATE_LIMITED", "Too many."));
    expect(retryAfterHeaders([])).toEqual({});
    expect(retryAfterHeaders([conflict, plain, noSeconds])).toEqual({});
  });
});
