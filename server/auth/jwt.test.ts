import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "./jwt";

/* The session token with a cached key is next-auth's own format: cookies issued before and after a deploy stay valid. */

const secret = "a-secret-for-the-token-format-test";
const token = { uid: "user-1", sv: 3, sid: "session-1", email: "anna@example.com" };

describe("session tokens", () => {
  it("decode what next-auth encodes, and next-auth decodes ours", async () => {
    expect(await decodeSessionToken({ token: await encode({ token, secret }), secret })).toMatchObject(token);
    expect(await decode({ token: await encodeSessionToken({ token, secret }), secret })).toMatchObject(token);
    // With a salt (next-auth's other tokens) as well.
    expect(await decode({ token: await encodeSessionToken({ token, secret, salt: "x" }), secret, salt: "x" })).toMatchObject(token);
  });

  it("refuse another secret, an expired token and a tampered one", async () => {
    const mine = await encodeSessionToken({ token, secret });
    await expect(decodeSessionToken({ token: mine, secret: "another-secret-entirely" })).rejects.toThrow();
    const expired = await encodeSessionToken({ token, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow();
    const tampered = mine.slice(0, -4) + (mine.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
