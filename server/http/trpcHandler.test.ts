import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { retryAfterHeaders } from "./trpcHandler";

const refused = (error: AppError) => new TRPCError({ code: "CONFLICT", message: error.message, cause: error });

describe("Retry-After on tRPC answers", () => {
  it("names the longest wait when every call of the answer was refused for a while (a batch holds several)", () => {
    const limited = refused(new AppError("RATE_LIMITED", "Too many.", { params: { seconds: 30 } }));
    const legal = refused(new AppError("LEGAL_SETTINGS_CHANGING", "Changing.", { params: { seconds: 1.2 } }));
    expect(retryAfterHeaders([legal], 1)).toEqual({ "retry-after": "2" });
    expect(retryAfterHeaders([legal, limited], 2)).toEqual({ "retry-after": "30" });
  });

  it("is left out of a batch where a call went through or was refused for good: sent again whole, it would repeat them", () => {
    const limited = refused(new AppError("RATE_LIMITED", "Too many.", { params: { seconds: 30 } }));
    const conflict = refused(new AppError("VERSION_CONFLICT", "Someone saved."));
    expect(retryAfterHeaders([limited], 2)).toEqual({});
    expect(retryAfterHeaders([limited, conflict], 2)).toEqual({});
  });

  it("is left out when no error says when to send again", () => {
    const conflict = refused(new AppError("VERSION_CONFLICT", "Someone saved.", { params: { seconds: 5 } }));
    const plain = new TRPCError({ code: "BAD_REQUEST", message: "No." });
    const noSeconds = refused(new AppError("RATE_LIMITED", "Too many."));
    expect(retryAfterHeaders([], 1)).toEqual({});
    for (const error of [conflict, plain, noSeconds]) expect(retryAfterHeaders([error], 1)).toEqual({});
  });
});
