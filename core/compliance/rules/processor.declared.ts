import { normaliseDomain, quoted, type MessageParams, type Processor } from "../../flow";
import { isPublicSuffix, isRegistrableDomain } from "../../flow/hosts";
import { hostOf } from "../pathRule";
import { isHttpsUrl } from "../text";
import type { Diagnostic, Rule } from "../types";

/**
 * A host belongs to a processor when it is the declared domain or a subdomain of it.
 * A declared suffix ("com", "co.uk") covers nobody: it would whitelist every host
 * under it.
 */
export function hostBelongsTo(host: string, domain: string): boolean {
  const declared = normaliseDomain(domain);
  if (declared === "" || !isRegistrableDomain(declared)) return false;
  return host === declared || host.endsWith(`.${declared}`);
}

type Verdict =
  | { kind: "declared" }
  | { kind: "insecure" }
  | { kind: "undeclared"; host: string }
  | { kind: "noDpa"; host: string; processor: Processor };

function judgeUrl(url: string, processors: readonly Processor[]): Verdict {
  if (!isHttpsUrl(url)) return { kind: "insecure" };
  const host = hostOf(url) ?? "";
  const owners = processors.filter((processor) => hostBelongsTo(host, processor.domain));
  if (owners.length === 0) return { kind: "undeclared", host };
  // Two entries may cover one host (a group and its subsidiary); one signed agreement suffices.
  if (owners.some((processor) => processor.dpaSigned)) return { kind: "declared" };
  return { kind: "noDpa", host, processor: owners[0] };
}

function paramsOf(verdict: Exclude<Verdict, { kind: "declared" }>, step: MessageParams[string], url: string): MessageParams {
  switch (verdict.kind) {
    case "insecure":
      return { problem: "insecure", step, url };
    case "undeclared":
      return { problem: "undeclared", step, host: verdict.host };
    case "noDpa":
      return { problem: "noDpa", step, host: verdict.host, processor: verdict.processor.name };
  }
}

/**
 * A webhook URL is https, its host belongs to a processor declared in the workspace's
 * legal settings, and that processor has signed a data processing agreement. A
 * declared processor whose domain is a public suffix is a finding of its own (the
 * settings form refuses it; a `--legal` file or older settings may still hold one).
 * Skipped without legal settings.
 */
export const processorDeclared: Rule = {
  id: "processor.declared",
  severity: "error",
  needsLegal: true,
  basis: "GDPR Art. 13(1)(e), Art. 28(3)",
  check(context) {
    const legal = context.legal;
    if (legal === null) return [];
    const diagnostics: Diagnostic[] = [];
    for (const processor of legal.processors) {
      if (isRegistrableDomain(processor.domain)) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        params: {
          problem: isPublicSuffix(processor.domain) ? "suffixDomain" : "invalidDomain",
          processor: processor.name,
          domain: quoted(processor.domain.trim()),
        },
      });
    }
    // Most webhooks of a flow share a few URLs; parse and match each URL once.
    const verdicts = new Map<string, Verdict>();
    for (const index of context.indicesOfType.webhook) {
      const node = context.graph.nodes[index];
      if (node.type !== "webhook") continue;
      const url = node.data.url;
      let verdict = verdicts.get(url);
      if (verdict === undefined) {
        verdict = judgeUrl(url, legal.processors);
        verdicts.set(url, verdict);
      }
      if (verdict.kind === "declared") continue;
      diagnostics.push({ rule: this.id, severity: this.severity, nodeId: node.id, params: paramsOf(verdict, context.describe(node), url) });
    }
    return diagnostics;
  },
};
