import fs from "node:fs";
import path from "node:path";

export type RoutePattern = { page: string; regex: RegExp };

/** The app's route patterns from the build, so metrics are labelled `/w/[slug]/flows/[id]`, never by raw URL. */
export function loadRoutePatterns(distDir: string): RoutePattern[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as {
    staticRoutes: { page: string; regex: string }[];
    dynamicRoutes: { page: string; regex: string }[];
  };
  return [...manifest.staticRoutes, ...manifest.dynamicRoutes].map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
}

export function routeLabel(patterns: readonly RoutePattern[], url: string): string {
  const pathname = url.split("?", 1)[0];
  if (pathname.startsWith("/_next/")) return "/_next/*";
  for (const pattern of patterns) if (pattern.regex.test(pathname)) return pattern.page;
  return "(other)";
}
