import { exportJsonSchema } from "@/core/export";

// The schema only changes with a deploy; render it once at build time.
export const dynamic = "force-static";

/** The JSON Schema of `flowguard.export/v1`, generated from the zod schema. */
export function GET() {
  return new Response(JSON.stringify(exportJsonSchema(), null, 2), {
    headers: { "content-type": "application/schema+json; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
