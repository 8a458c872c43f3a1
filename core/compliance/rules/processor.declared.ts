import { normaliseDomain } from "@/core/domain/legal";
import type { MessageParams } from "../../flow";
import { hostOf } from "../pathRule";
import { isHttpsUrl } from "../text";
import type { Diagnostic, Rule } from "../types";

/** A host belongs to a processor when it is the declared domain or a subdomain of it. */
export function hostBelongsTo(host: string, domain: string): boolean {
  const declared = normaliseDomain(domain);
  return declared !== "" && (host === declared || host.endsWith(`.${declared}`));
}

type Verdict = { kind: "declared" } | { kind: "insecure" } | { kind: "undeclared"; host: string };

function judgeUrl(url: string, processors: readonly { domain: string }[]): Verdict {
  if (!isHttpsUrl(url)) return { kind: "insecure" };
  const host = hostOf(url) ?? "";
  return processors.some((processor) => hostBelongsTo(host, processor.domain)) ? { kind: "declared" } : { kind: "undeclared", host };
}

/**
 * A webhook URL is https and its host belongs to a processor declared in the
 * workspace's legal settings. Skipped without legal settings.
 */
export const processorDeclared: Rule = {
  id: "processor.declared",
  severity: "error",
  needsLegal: true,
  basis: "GDPR Art. 13(1)(e), Art. 28",
  check(context) {
    const legal = context.legal;
    if (legal === null) return [];
    const diagnostics: Diagnostic[] = [];
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
      const step = context.describe(node);
      const params: MessageParams =
        verdict.kind === "insecure" ? { problem: "insecure", step, url } : { problem: "undeclared", step, host: verdict.host };
      diagnostics.push({ rule: this.id, severity: this.severity, nodeId: node.id, params });
    }
    return diagnostics;
  },
};
