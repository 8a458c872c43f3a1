import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/*
 * next-auth's session token format (its default `jwt.encode`/`jwt.decode`: a JWE with
 * `dir` + A256GCM under a key derived from the secret with HKDF-SHA256), with the derived
 * key kept instead of derived again on every request: the derivation was a large share of
 * each signed-in API call under load (issue 13). Tokens are interchangeable with
 * next-auth's own, so existing sessions stay valid.
 */

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const keys = new Map<string, Uint8Array>();

function derivedKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = `${salt}\n${secret.toString()}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(hkdfSync("sha256", secret, salt, info, 32));
    // One secret in practice (a few in tests): never a growing map.
    if (keys.size >= 16) keys.clear();
    keys.set(id, key);
  }
  return key;
}

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt = "" }: JWTEncodeParams): Promise<string> {
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(((Date.now() / 1000) | 0) + maxAge)
    .setJti(randomUUID())
    .encrypt(derivedKey(secret, salt));
}

/** Seconds of clock difference a token's `exp` and `nbf` are given, as next-auth's own decode gives them. */
const CLOCK_TOLERANCE = 15;

/**
 * Tokens decrypted lately, per key, with the second until which they count as unexpired:
 * a browser sends the same session cookie with every request, and decrypting it (JWE,
 * A256GCM) was about 3 % of the server's CPU time in the flow-save load bench (issue 13).
 * Only tokens with an expiry and no `nbf` are kept, at most DECODED_MAX (oldest dropped
 * first); the session's revocation and version are still checked on every request, after
 * the decode (server/auth/sessions.ts).
 */
const decodedByKey = new WeakMap<Uint8Array, Map<string, { payload: JWT; until: number }>>();
const DECODED_MAX = 1_000;

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const key = derivedKey(secret, salt);
  let decoded = decodedByKey.get(key);
  if (!decoded) decodedByKey.set(key, (decoded = new Map()));
  const now = (Date.now() / 1000) | 0;
  const known = decoded.get(token);
  // jose refuses a token once `exp <= now - tolerance`; until then it decrypts to the same payload.
  if (known && now < known.until) return { ...known.payload };
  if (known) decoded.delete(token);
  const { payload } = await jwtDecrypt(token, key, { clockTolerance: CLOCK_TOLERANCE });
  if (typeof payload.exp === "number" && payload.nbf === undefined) {
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { payload: { ...payload } as JWT, until: payload.exp + CLOCK_TOLERANCE });
  }
  return payload as JWT;
}
