import type { Locale } from "../config";

/*
 * Each feature keeps its strings in a file of its own (i18n/messages/<locale>/<feature>.json)
 * with its own top-level namespaces; they are merged here. Adding a feature means
 * adding its file to FEATURES.
 */
const FEATURES = [
  "common",
  "auth",
  "workspaces",
  "flows",
  "settings",
  "editor",
  "steps",
  "publish",
  "rules",
  "rulebook",
  "runtime",
  "analytics",
] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all(FEATURES.map((feature) => import(`./${locale}/${feature}.json`).then((m) => m.default)));
  return Object.assign({}, ...parts);
}
