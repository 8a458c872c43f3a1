import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/*
 * Prometheus metrics of one app instance. The HTTP server (scripts/serve.ts) and the
 * route handlers Next.js bundles run in one process but may load this module twice,
 * so the registry and its metrics live on `globalThis`: both sides count into the
 * same series and /api/metrics reports them all.
 */

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "flowguard_process_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "flowguard_http_requests_total",
      help: "HTTP requests answered, by route pattern, method and status code.",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "flowguard_http_request_duration_seconds",
      help: "Time from request to the end of the response, by route pattern and method.",
      labelNames: ["route", "method"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({
      name: "flowguard_http_requests_in_flight",
      help: "Requests being answered right now (drained before the process exits).",
      registers,
    }),
    procedureCalls: new Counter({
      name: "flowguard_trpc_calls_total",
      help: "tRPC procedure calls by procedure and outcome (ok or the error code).",
      labelNames: ["procedure", "outcome"] as const,
      registers,
    }),
    procedureDuration: new Histogram({
      name: "flowguard_trpc_call_duration_seconds",
      help: "tRPC procedure time by procedure.",
      labelNames: ["procedure"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    saves: new Counter({ name: "flowguard_flow_saves_total", help: "Flow documents saved.", registers }),
    validations: new Counter({
      name: "flowguard_flow_validations_total",
      help: "Flow documents checked against the rulebook on the server.",
      registers,
    }),
    findings: new Counter({
      name: "flowguard_rule_findings_total",
      help: "Rulebook findings reported by server-side checks, by rule and severity.",
      labelNames: ["rule", "severity"] as const,
      registers,
    }),
    consentEvents: new Counter({
      name: "flowguard_consent_events_ingested_total",
      help: "Consent events posted by bots, by result (inserted or duplicate).",
      labelNames: ["result"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { flowguardMetrics?: Metrics };

/** The process-wide metrics, created on first use. */
export function metrics(): Metrics {
  globalForMetrics.flowguardMetrics ??= createMetrics();
  return globalForMetrics.flowguardMetrics;
}

/** Counts one server-side rulebook check and its findings per rule. */
export function recordValidation(diagnostics: readonly { rule: string; severity: string }[]): void {
  const m = metrics();
  m.validations.inc();
  for (const d of diagnostics) m.findings.inc({ rule: d.rule, severity: d.severity });
}
