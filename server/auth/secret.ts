import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseFileFromUrl, DEFAULT_DATABASE_FILE, isPostgresUrl } from "@/db/client";

/**
 * The secret that signs session cookies. A deployment sets NEXTAUTH_SECRET; the
 * embedded default database gets a random secret written once beside it, so a
 * fresh clone works without configuration and sessions survive restarts.
 */
export function resolveAuthSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NEXTAUTH_SECRET?.trim()) return env.NEXTAUTH_SECRET.trim();
  if (isPostgresUrl(env.DATABASE_URL) && env.NODE_ENV === "production") {
    throw new Error(
      "NEXTAUTH_SECRET is not set. On PostgreSQL every app instance must sign sessions with the same secret: " +
        "generate one with `openssl rand -base64 32` and give it to each instance.",
    );
  }
  const databaseFile = isPostgresUrl(env.DATABASE_URL) ? DEFAULT_DATABASE_FILE : databaseFileFromUrl(env.DATABASE_URL);
  const embedded = !env.DATABASE_URL || path.dirname(databaseFile) === path.dirname(DEFAULT_DATABASE_FILE);
  if (env.NODE_ENV === "production" && !embedded) {
    throw new Error("NEXTAUTH_SECRET is not set. Production deployments need it: generate one with `openssl rand -base64 32`.");
  }
  const dir = databaseFile === ":memory:" ? path.dirname(DEFAULT_DATABASE_FILE) : path.dirname(databaseFile);
  const file = path.join(dir, ".auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    // `wx` fails if another process created it meanwhile; then read theirs.
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
