/*
 * `npm start`: prepare the database, build when the sources changed since the
 * last build (or none exists), then serve the production build.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl } from "@/db/dialect";
import { demoLoginBanner, prepareDatabase } from "./prepare-db";

const ROOT = process.cwd();
const SOURCE_DIRS = ["app", "components", "core", "server", "db", "i18n"];
const SOURCE_FILES = ["proxy.ts", "package-lock.json", "next.config.mjs", "tsconfig.json", "postcss.config.mjs"];
const DIST_DIR = path.join(ROOT, process.env.FLOWGUARD_DIST_DIR || ".next");
const FINGERPRINT_FILE = path.join(DIST_DIR, "flowguard-source-fingerprint");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [] : [full];
  });
}

/** A hash of every source that goes into the build; a changed file means rebuild. */
function sourceFingerprint(): string {
  const hash = crypto.createHash("sha256");
  const files = [...SOURCE_DIRS.flatMap((d) => listFiles(path.join(ROOT, d))), ...SOURCE_FILES.map((f) => path.join(ROOT, f))]
    .filter((f) => fs.existsSync(f))
    .sort();
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

function hasCurrentBuild(fingerprint: string): boolean {
  try {
    return fs.existsSync(path.join(DIST_DIR, "BUILD_ID")) && fs.readFileSync(FINGERPRINT_FILE, "utf8") === fingerprint;
  } catch {
    return false;
  }
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const url = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  const { file, secret, seeded } = await prepareDatabase();
  const shown = isPostgresUrl(process.env.DATABASE_URL) ? file : path.relative(ROOT, file) || file;
  console.log(`Database ready: ${shown}${seeded ? " (demo workspace seeded)" : ""}`);

  const env = { ...process.env, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
  const fingerprint = sourceFingerprint();
  if (!hasCurrentBuild(fingerprint)) {
    console.log("Building the app (first start or changed sources) …");
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) {
      console.error("The build failed; see the messages above.");
      process.exit(build.status ?? 1);
    }
    fs.writeFileSync(FINGERPRINT_FILE, fingerprint);
  }

  console.log(demoLoginBanner(url));
  Object.assign(process.env, env);
  // In this process (not a child) so SIGTERM reaches the server's graceful stop directly.
  const { serve } = await import("./serve");
  await serve({ port });
}

main().catch((error) => {
  console.error(`Flowguard could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
