import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SPECIAL_CATEGORIES, type FlowDocument, type FlowEdge, type FlowNode } from "../flow";
import { autofix } from "./autofix";
import { flow, link, step } from "./testFlows";
import { validate } from "./validate";

/**
 * Property tests: every path rule agrees with a brute-force oracle on thousands of
 * random small flows (with cycles, several starts, handoffs, consents), and autofix
 * repairs every such flow without losing anything.
 *
 * The oracle is deliberately naive and independent of the engine: it enumerates
 * every simple path (as a sequence of edges) from the sources and checks the
 * property on each prefix. A step violates iff some simple path reaches it avoiding
 * the satisfier. No search pruning, no parent pointers, no shared helpers.
 */

const PATH_RULES = ["disclosure.first", "disclosure.afterHandoff", "privacy.beforeData", "consent.beforeData", "consent.special"];
const PURPOSES = ["lead", "marketing"] as const;
const CATEGORIES = ["health", "biometricData"] as const;
const RUNS = 2000;

// ---------- random flows ----------

const TYPES = [
  "botDisclosure",
  "privacyNotice",
  "consent",
  "message",
  "choice",
  "input",
  "condition",
  "delay",
  "handoff",
  "webhook",
  "subscribe",
  "end",
] as const;

/** Outputs by the oracle's own table (independent of `outputsOf`). */
function handlesOf(node: FlowNode): string[] {
  switch (node.type) {
    case "consent":
      return ["accept", "decline"];
    case "choice":
      return [...node.data.options.map((o) => o.id), "fallback"];
    case "input":
      return ["next", "invalid"];
    case "condition":
      return ["true", "false"];
    case "webhook":
      return ["success", "failure"];
    case "end":
      return [];
    default:
      return ["next"];
  }
}

const arbStep = (id: string) =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      promotional: fc.boolean(),
      personalData: fc.boolean(),
      purpose: fc.constantFrom(...PURPOSES),
      purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
      explicit: fc.boolean(),
      categories: fc.subarray([...CATEGORIES]),
      special: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
      endText: fc.boolean(),
    })
    .map((r): FlowNode => {
      switch (r.type) {
        case "consent":
          return step("consent", id, { purposes: r.purposes, explicit: r.explicit, categories: r.categories });
        case "message":
          return step("message", id, { promotional: r.promotional });
        case "input":
          // A question without personal data must also read as one: no e-mail type, no personal words.
          return step("input", id, {
            personalData: r.personalData || r.special !== undefined,
            purpose: r.purpose,
            specialCategory: r.special,
            ...(r.personalData || r.special !== undefined ? {} : NEUTRAL_QUESTION),
          });
        case "webhook":
          return step("webhook", id, { purpose: r.purpose });
        case "end":
          return step("end", id, r.endText ? { text: "Bye" } : {});
        default:
          return step(r.type, id);
      }
    });

/** 2–12 steps, 1–2 starts, each output connected with probability ~2/3 to any step (cycles included). */
const arbFlow: fc.Arbitrary<FlowDocument> = fc
  .integer({ min: 2, max: 12 })
  .chain((count) =>
    fc.tuple(
      fc.integer({ min: 1, max: Math.min(2, count - 1) }),
      fc.tuple(...Array.from({ length: count }, (_, i) => arbStep(`n${i}`))),
      fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: count - 1 })), {
        minLength: count * 4,
        maxLength: count * 4,
      }),
    ),
  )
  .map(([starts, steps, wiring]) => {
    const nodes = steps.map((node, i) => (i < starts ? step("start", node.id) : node));
    const edges: FlowEdge[] = [];
    let w = 0;
    for (const node of nodes) {
      for (const handle of handlesOf(node)) {
        const [connect, twice, target] = wiring[w++ % wiring.length];
        if (connect || twice) edges.push(link(node.id, handle, nodes[target].id));
      }
    }
    return flow(nodes, edges, { channels: ["messenger", "whatsapp", "telegram", "instagram"] });
  });

// ---------- the oracle ----------

interface Walk {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Calls `visit` with every simple path (node-distinct) from each source, each prefix once. */
function forEachSimplePath(doc: FlowDocument, sources: { node: FlowNode; via: FlowEdge | null }[], visit: (walk: Walk) => void): void {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const out = new Map<string, FlowEdge[]>();
  for (const e of doc.edges) out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const dfs = (walk: Walk, onPath: Set<string>) => {
    visit(walk);
    const last = walk.nodes[walk.nodes.length - 1];
    for (const e of out.get(last.id) ?? []) {
      if (onPath.has(e.target)) continue;
      const next = byId.get(e.target)!;
      onPath.add(next.id);
      dfs({ nodes: [...walk.nodes, next], edges: [...walk.edges, e] }, onPath);
      onPath.delete(next.id);
    }
  };
  for (const { node, via } of sources) dfs({ nodes: [node], edges: via ? [via] : [] }, new Set([node.id]));
}

const speaks = (n: FlowNode) =>
  ["botDisclosure", "privacyNotice", "consent", "message", "choice", "input", "handoff"].includes(n.type) ||
  (n.type === "end" && !!n.data.text);
const NEUTRAL_QUESTION = { text: "How many people?", inputType: "number", variable: "guests" } as const;
const isData = (n: FlowNode) => (n.type === "input" && n.data.personalData) || n.type === "webhook" || n.type === "subscribe";
const purposeOf = (n: FlowNode): string | null =>
  n.type === "input" && n.data.personalData
    ? n.data.purpose
    : n.type === "webhook"
      ? n.data.purpose
      : n.type === "subscribe" || (n.type === "message" && n.data.promotional)
        ? "marketing"
        : null;

/** The step ids the oracle says violate `rule`. */
function oracle(doc: FlowDocument, rule: string): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const starts = doc.nodes.filter((n) => n.type === "start").map((node) => ({ node, via: null }));
  const handoffExits = doc.edges
    .filter((e) => byId.get(e.source)?.type === "handoff" && e.sourceHandle === "next")
    .map((e) => ({ node: byId.get(e.target)!, via: e }));
  const violators = new Set<string>();
  const beforeLast = (walk: Walk) => walk.nodes.slice(0, -1);

  forEachSimplePath(doc, rule === "disclosure.afterHandoff" ? handoffExits : starts, (walk) => {
    const v = walk.nodes[walk.nodes.length - 1];
    switch (rule) {
      case "disclosure.first":
      case "disclosure.afterHandoff":
        if (speaks(v) && v.type !== "botDisclosure" && !beforeLast(walk).some((n) => n.type === "botDisclosure")) violators.add(v.id);
        break;
      case "privacy.beforeData":
        if (isData(v) && !beforeLast(walk).some((n) => n.type === "privacyNotice")) violators.add(v.id);
        break;
      case "consent.beforeData": {
        const p = purposeOf(v);
        if (p === null) break;
        const covered = walk.edges.some((e) => {
          const c = byId.get(e.source)!;
          return c.type === "consent" && e.sourceHandle === "accept" && c.data.purposes.includes(p);
        });
        if (!covered) violators.add(v.id);
        break;
      }
      case "consent.special": {
        if (v.type !== "input" || !v.data.specialCategory) break;
        const cat = v.data.specialCategory;
        const covered = walk.edges.some((e) => {
          const c = byId.get(e.source)!;
          return (
            c.type === "consent" &&
            e.sourceHandle === "accept" &&
            c.data.explicit &&
            (c.data.categories as string[]).includes(cat) &&
            (v.data.purpose === "" || c.data.purposes.includes(v.data.purpose))
          );
        });
        if (!covered) violators.add(v.id);
        break;
      }
    }
  });
  return [...violators].sort();
}

/** Whether `path` is a real walk in the flow ending at `nodeId` that avoids the rule's satisfiers. */
function isWitness(doc: FlowDocument, rule: string, nodeId: string, path: string[]): boolean {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (path[path.length - 1] !== nodeId) return false;
  const first = byId.get(path[0]);
  // A handoff no start reaches is still checked; its witness then begins at the handoff.
  if (first?.type !== "start" && !(rule === "disclosure.afterHandoff" && first?.type === "handoff")) return false;
  const v = byId.get(nodeId)!;
  // afterHandoff witnesses run through a handoff's next edge; the rule is checked after it.
  let from = 0;
  if (rule === "disclosure.afterHandoff") {
    from = -1;
    for (let i = path.length - 2; i >= 0; i--) {
      if (
        byId.get(path[i])?.type === "handoff" &&
        doc.edges.some((e) => e.source === path[i] && e.sourceHandle === "next" && e.target === path[i + 1])
      ) {
        from = i + 1;
        break;
      }
    }
    if (from < 0) return false;
  }
  for (let i = 0; i + 1 < path.length; i++) {
    const candidates = doc.edges.filter((e) => e.source === path[i] && e.target === path[i + 1]);
    const usable = candidates.filter((e) => {
      if (i < from) return true;
      const c = byId.get(e.source)!;
      if (rule === "consent.beforeData")
        return !(c.type === "consent" && e.sourceHandle === "accept" && c.data.purposes.includes(purposeOf(v)!));
      if (rule === "consent.special") {
        const cat = v.type === "input" ? v.data.specialCategory : undefined;
        const purpose = v.type === "input" ? v.data.purpose : "";
        return !(
          c.type === "consent" &&
          e.sourceHandle === "accept" &&
          c.data.explicit &&
          (c.data.categories as string[]).includes(cat!) &&
          (purpose === "" || c.data.purposes.includes(purpose))
        );
      }
      return true;
    });
    if (usable.length === 0) return false;
    if (i >= from) {
      const n = byId.get(path[i])!;
      if ((rule.startsWith("disclosure") && n.type === "botDisclosure") || (rule === "privacy.beforeData" && n.type === "privacyNotice"))
        return false;
    }
  }
  return true;
}

function reachableIds(doc: FlowDocument): Set<string> {
  const seen = new Set(doc.nodes.filter((n) => n.type === "start").map((n) => n.id));
  const queue = [...seen];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of doc.edges)
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
  }
  return seen;
}

const errorKeys = (doc: FlowDocument, rules: (id: string) => boolean) =>
  new Set(
    validate(doc)
      .filter((d) => d.severity === "error" && rules(d.rule))
      .map((d) => `${d.rule}@${d.nodeId}`),
  );

// ---------- properties ----------

describe("path rules agree with a brute-force simple-path oracle", () => {
  for (const rule of PATH_RULES) {
    it(`${rule}: same violating steps, one diagnostic each, with a valid witness`, () => {
      fc.assert(
        fc.property(arbFlow, (doc) => {
          const findings = validate(doc, null, { rules: [rule] });
          const flagged = findings.map((d) => d.nodeId!).sort();
          expect(flagged).toEqual(oracle(doc, rule));
          for (const finding of findings) expect(isWitness(doc, rule, finding.nodeId!, finding.path!)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("autofix on random flows", () => {
  it("leaves no path-rule error, keeps every step and its data, keeps reachability, breaks no other rule, and is idempotent", () => {
    let repaired = 0;
    fc.assert(
      fc.property(arbFlow, (doc) => {
        const before = JSON.parse(JSON.stringify(doc)) as FlowDocument;
        const { document: fixed, inserted } = autofix(doc);
        if (inserted.length > 0) repaired++;

        expect(doc).toEqual(before); // the input is not mutated
        expect(validate(fixed, null, { rules: PATH_RULES })).toEqual([]);

        const fixedById = new Map(fixed.nodes.map((n) => [n.id, n]));
        for (const node of doc.nodes) expect(fixedById.get(node.id)).toEqual(node);
        expect(fixed.nodes).toHaveLength(doc.nodes.length + inserted.length);
        expect(new Set(fixed.nodes.map((n) => n.id)).size).toBe(fixed.nodes.length);
        expect(new Set(fixed.edges.map((e) => e.id)).size).toBe(fixed.edges.length);

        const reachableAfter = reachableIds(fixed);
        for (const id of reachableIds(doc)) expect(reachableAfter.has(id)).toBe(true);

        const isOther = (rule: string) => !PATH_RULES.includes(rule);
        const otherBefore = errorKeys(doc, isOther);
        for (const key of errorKeys(fixed, isOther)) expect(otherBefore.has(key)).toBe(true);

        expect(autofix(fixed).inserted).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // Guard against a generator that never produces anything to repair.
    expect(repaired).toBeGreaterThan(RUNS / 4);
  });

  it("repairs templates' worst case: every compliance step removed", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("input", "email"),
        step("input", "health", { specialCategory: "health" }),
        step("handoff", "h"),
        step("subscribe", "sub"),
      ],
      [link("s", "next", "email"), link("email", "next", "health"), link("health", "next", "h"), link("h", "next", "sub")],
    );
    const { document: fixed, inserted } = autofix(doc);
    expect(inserted.map((i) => i.rule)).toEqual(expect.arrayContaining(PATH_RULES));
    expect(validate(fixed).filter((d) => d.severity === "error")).toEqual([]);
  });
});

// SPECIAL_CATEGORIES is imported so that a renamed category fails this file at type level.
void SPECIAL_CATEGORIES;
