import * as jose from "jose";
import { decode, encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "./jwt";

// jose as it is, with its decryption counted.
vi.mock("jose", async (original) => {
  const actual = await original<typeof import("jose")>();
  return { ...actual, jwtDecrypt: vi.fn(actual.jwtDecrypt) };
});

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

describe("session tokens seen before", () => {
  beforeEach(() => {
    vi.mocked(jose.jwtDecrypt).mockClear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("are decrypted once: the same cookie on the next request gives the same claims without decrypting it again", async () => {
    const mine = await encodeSessionToken({ token: { ...token, sid: "session-cached" }, secret });
    const first = await decodeSessionToken({ token: mine, secret });
    const second = await decodeSessionToken({ token: mine, secret });
    expect(second).toEqual(first);
    expect(second).toMatchObject({ ...token, sid: "session-cached" });
    expect(vi.mocked(jose.jwtDecrypt)).toHaveBeenCalledTimes(1);
    // A copy each time: a caller changing its claims changes nobody else's.
    (second as Record<string, unknown>).uid = "someone-else";
    expect(await decodeSessionToken({ token: mine, secret })).toMatchObject({ uid: "user-1" });
  });

  it("are still refused under another secret, and once expired", async () => {
    const mine = await encodeSessionToken({ token: { ...token, sid: "session-expiring" }, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token: mine, secret })).toMatchObject({ sid: "session-expiring" });
    await expect(decodeSessionToken({ token: mine, secret: "another-secret-entirely" })).rejects.toThrow();
    await expect(decodeSessionToken({ token: mine, secret, salt: "other" })).rejects.toThrow();
    vi.useFakeTimers({ now: Date.now() + 60_000 + 10_000 });
    // Within next-auth's 15 s of clock tolerance: still valid.
    expect(await decodeSessionToken({ token: mine, secret })).toMatchObject({ sid: "session-expiring" });
    vi.setSystemTime(Date.now() + 10_000);
    await expect(decodeSessionToken({ token: mine, secret })).rejects.toThrow(/exp/);
  });
});
