import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inferLabels, SPECIAL_CATEGORIES, type FlowDocument, type FlowEdge, type FlowNode } from "../flow";
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
 *
 * Rules with a state on the path (consent state none/accept/decline per purpose; "a
 * long delay passed without the person writing") are checked on every walk that
 * repeats no (step, state) pair: the state is folded from the walk's edges from
 * scratch at every step. What a step *is* (personal, special, promotional, its
 * purpose) comes from `inferLabels`, the one classification every rule uses; the
 * oracle checks the searches, not the lexicons.
 */

const PATH_RULES = ["disclosure.first", "disclosure.afterHandoff", "privacy.beforeData", "consent.beforeData", "consent.special"];
/** Rules with a state on the path, checked against the walk oracle. */
const STATE_RULES = ["consent.beforeData", "consent.special", "consent.freelyGiven", "consent.informed", "channel.window"];
/** Every rule autofix must leave without an error. */
const FIXED_RULES = [...PATH_RULES, "consent.informed", "consent.freelyGiven"];
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
      // Now and then a webhook without a purpose: it must still not run before any consent.
      hookPurpose: fc.constantFrom(...PURPOSES, ...PURPOSES, ""),
      longDelay: fc.boolean(),
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
          return step("input", id, { personalData: r.personalData, purpose: r.purpose, specialCategory: r.special });
        case "webhook":
          return step("webhook", id, { purpose: r.hookPurpose });
        case "delay":
          return step("delay", id, { seconds: r.longDelay ? 90_000 : 60 });
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
/** The classification of every step, by id (see the note at the top). */
function labelsOf(doc: FlowDocument) {
  const labels = inferLabels(doc);
  const index = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const at = (n: FlowNode) => index.get(n.id)!;
  return {
    isData: (n: FlowNode) => labels.isDataStep(at(n)),
    purposeOf: (n: FlowNode) => labels.purposeOf(at(n)),
    special: (n: FlowNode) => labels.special.get(at(n))?.category ?? null,
    promotional: (n: FlowNode) => labels.promotional.get(at(n)) !== null,
  };
}

/** The step ids the oracle says violate `rule`. */
function oracle(doc: FlowDocument, rule: string): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const starts = doc.nodes.filter((n) => n.type === "start").map((node) => ({ node, via: null }));
  const handoffExits = doc.edges
    .filter((e) => byId.get(e.source)?.type === "handoff" && e.sourceHandle === "next")
    .map((e) => ({ node: byId.get(e.target)!, via: e }));
  const violators = new Set<string>();
  const beforeLast = (walk: Walk) => walk.nodes.slice(0, -1);
  const { isData } = labelsOf(doc);

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
    if (!doc.edges.some((e) => e.source === path[i] && e.target === path[i + 1])) return false;
    if (i >= from) {
      const n = byId.get(path[i])!;
      if ((rule.startsWith("disclosure") && n.type === "botDisclosure") || (rule === "privacy.beforeData" && n.type === "privacyNotice"))
        return false;
    }
  }
  return true;
}

// ---------- the walk oracle for rules with a state on the path ----------

type Consent = Extract<FlowNode, { type: "consent" }>;
/** Consent state of one purpose: 0 none, 1 accept, 2 decline. */
type ConsentState = 0 | 1 | 2;

/** Folds the consent state over a walk's edges: an accept of a covering consent accepts unless declined before; a decline is final. */
function consentStateAfter(doc: FlowDocument, edges: FlowEdge[], covers: (c: Consent) => boolean): ConsentState {
  let state: ConsentState = 0;
  for (const e of edges) {
    const c = doc.nodes.find((n) => n.id === e.source);
    if (c?.type !== "consent" || !covers(c)) continue;
    if (e.sourceHandle === "decline") state = 2;
    else if (e.sourceHandle === "accept" && state !== 2) state = 1;
  }
  return state;
}

const LONG = 86_400;
const waitsForUser = (n: FlowNode) => n.type === "input" || n.type === "choice" || n.type === "consent";
/** Whether a delay of 24 h or more lies on the walk with no step waiting for the user's answer after it (the last step excluded). */
function outsideWindowAfter(walk: Walk): boolean {
  let outside = false;
  for (let i = 0; i + 1 < walk.nodes.length; i++) {
    const n = walk.nodes[i];
    if (n.type === "delay" && n.data.seconds >= LONG) outside = true;
    else if (waitsForUser(n)) outside = false;
  }
  return outside;
}

/**
 * Every walk from the starts that repeats no (step, state) pair, where `stateOf`
 * computes the state of a whole walk from scratch.
 */
function forEachStateWalk(doc: FlowDocument, stateOf: (walk: Walk) => string, visit: (walk: Walk) => void): void {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const out = new Map<string, FlowEdge[]>();
  for (const e of doc.edges) out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const dfs = (walk: Walk, onWalk: Set<string>) => {
    visit(walk);
    const last = walk.nodes[walk.nodes.length - 1];
    for (const e of out.get(last.id) ?? []) {
      const next = { nodes: [...walk.nodes, byId.get(e.target)!], edges: [...walk.edges, e] };
      const key = `${e.target}|${stateOf(next)}`;
      if (onWalk.has(key)) continue;
      onWalk.add(key);
      dfs(next, onWalk);
      onWalk.delete(key);
    }
  };
  for (const start of doc.nodes.filter((n) => n.type === "start")) {
    const walk = { nodes: [start], edges: [] };
    dfs(walk, new Set([`${start.id}|${stateOf(walk)}`]));
  }
}

/** The consent searches the rules run: for each, which consents move its state and which steps violate in which state. */
interface ConsentCheck {
  covers: (c: Consent) => boolean;
  violates: (n: FlowNode, state: ConsentState) => boolean;
}

function consentChecks(doc: FlowDocument, rule: string): ConsentCheck[] {
  const { purposeOf, special } = labelsOf(doc);
  const checks: ConsentCheck[] = [];
  if (rule === "consent.beforeData") {
    for (const p of [...PURPOSES, ""]) {
      checks.push({
        covers: (c) => (p === "" ? c.data.purposes.some((q) => q.trim() !== "") : c.data.purposes.includes(p)),
        violates: (n, state) => n.type !== "consent" && purposeOf(n) === p && state !== 1,
      });
    }
  } else if (rule === "consent.freelyGiven") {
    for (const p of PURPOSES) {
      checks.push({
        covers: (c) => c.data.purposes.includes(p),
        violates: (n, state) => n.type === "consent" && n.data.purposes.includes(p) && state === 2,
      });
    }
  } else if (rule === "consent.special") {
    for (const cat of CATEGORIES) {
      for (const p of [...PURPOSES, ""]) {
        checks.push({
          covers: (c) => c.data.explicit && (c.data.categories as string[]).includes(cat) && (p === "" || c.data.purposes.includes(p)),
          violates: (n, state) => special(n) === cat && (purposeOf(n) ?? "") === p && state !== 1,
        });
      }
    }
  }
  return checks;
}

/** The step ids the walk oracle says violate `rule`. */
function stateOracle(doc: FlowDocument, rule: string): string[] {
  const violators = new Set<string>();
  if (rule === "consent.informed") {
    forEachSimplePath(
      doc,
      doc.nodes.filter((n) => n.type === "start").map((node) => ({ node, via: null })),
      (walk) => {
        const v = walk.nodes[walk.nodes.length - 1];
        if (v.type === "consent" && !walk.nodes.slice(0, -1).some((n) => n.type === "privacyNotice")) violators.add(v.id);
      },
    );
  } else if (rule === "channel.window") {
    const { promotional } = labelsOf(doc);
    if (!doc.channels.some((c) => c === "messenger" || c === "instagram" || c === "whatsapp")) return [];
    forEachStateWalk(
      doc,
      (walk) => String(outsideWindowAfter({ nodes: [...walk.nodes, walk.nodes[walk.nodes.length - 1]], edges: walk.edges })),
      (walk) => {
        const v = walk.nodes[walk.nodes.length - 1];
        if (promotional(v) && outsideWindowAfter(walk)) violators.add(v.id);
      },
    );
  } else {
    for (const check of consentChecks(doc, rule)) {
      forEachStateWalk(
        doc,
        (walk) => String(consentStateAfter(doc, walk.edges, check.covers)),
        (walk) => {
          const v = walk.nodes[walk.nodes.length - 1];
          if (check.violates(v, consentStateAfter(doc, walk.edges, check.covers))) violators.add(v.id);
        },
      );
    }
  }
  return [...violators].sort();
}

/** Whether `path` (node ids) is a walk from a start, along some choice of edges, that ends at `nodeId` in a violating state. */
function isStateWitness(doc: FlowDocument, rule: string, nodeId: string, path: string[]): boolean {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (path[path.length - 1] !== nodeId || byId.get(path[0])?.type !== "start") return false;
  // Every choice of parallel edges between consecutive steps, as edge lists.
  let choices: FlowEdge[][] = [[]];
  for (let i = 0; i + 1 < path.length; i++) {
    const candidates = doc.edges.filter((e) => e.source === path[i] && e.target === path[i + 1]);
    if (candidates.length === 0) return false;
    choices = choices.flatMap((edges) => candidates.map((e) => [...edges, e]));
  }
  const nodes = path.map((id) => byId.get(id)!);
  const v = nodes[nodes.length - 1];
  if (rule === "consent.informed") return v.type === "consent" && !nodes.slice(0, -1).some((n) => n.type === "privacyNotice");
  if (rule === "channel.window") return outsideWindowAfter({ nodes, edges: [] }) && labelsOf(doc).promotional(v);
  const checks = consentChecks(doc, rule);
  return choices.some((edges) => checks.some((check) => check.violates(v, consentStateAfter(doc, edges, check.covers))));
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
  for (const rule of PATH_RULES.filter((id) => !STATE_RULES.includes(id))) {
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

describe("(step, state) searches agree with a brute-force walk oracle", () => {
  for (const rule of STATE_RULES) {
    it(`${rule}: same violating steps, one diagnostic each, with a valid witness`, () => {
      let flaggedRuns = 0;
      fc.assert(
        fc.property(arbFlow, (doc) => {
          const findings = validate(doc, null, { rules: [rule] }).filter((d) => d.severity === "error");
          const flagged = findings.map((d) => d.nodeId!).sort();
          expect(flagged).toEqual(stateOracle(doc, rule));
          if (flagged.length > 0) flaggedRuns++;
          for (const finding of findings) expect(isStateWitness(doc, rule, finding.nodeId!, finding.path!)).toBe(true);
        }),
        { numRuns: RUNS, seed: 20261201 },
      );
      // The generator must produce violations of every rule often enough to mean something.
      expect(flaggedRuns).toBeGreaterThan(RUNS / 200);
    });
  }
});

/** Nodes reachable from a start in state *decline* for some purpose (ways a cut may end). */
function reachableDeclined(doc: FlowDocument): Set<string> {
  const declined = new Set<string>();
  for (const p of PURPOSES) {
    forEachStateWalk(
      doc,
      (walk) => String(consentStateAfter(doc, walk.edges, (c) => c.data.purposes.includes(p))),
      (walk) => {
        if (consentStateAfter(doc, walk.edges, (c) => c.data.purposes.includes(p)) === 2)
          declined.add(walk.nodes[walk.nodes.length - 1].id);
      },
    );
  }
  return declined;
}

/** Edges into an input that come from the input itself or from steps only it reaches: its `invalid` loop. */
function invalidLoops(doc: FlowDocument): FlowEdge[] {
  const loops: FlowEdge[] = [];
  for (const input of doc.nodes.filter((n) => n.type === "input")) {
    const seen = new Set(doc.nodes.filter((n) => n.type === "start" && n.id !== input.id).map((n) => n.id));
    const queue = [...seen];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of doc.edges)
        if (e.source === id && e.target !== input.id && !seen.has(e.target)) {
          seen.add(e.target);
          queue.push(e.target);
        }
    }
    const reachable = reachableIds(doc);
    for (const e of doc.edges) if (e.target === input.id && reachable.has(e.source) && !seen.has(e.source)) loops.push(e);
  }
  return loops;
}

describe("autofix on random flows", () => {
  it("leaves no path or consent error, loses nothing, keeps invalid loops, never asks after the data, and is idempotent", () => {
    let repaired = 0;
    let moved = 0;
    let cut = 0;
    fc.assert(
      fc.property(arbFlow, (doc) => {
        const before = JSON.parse(JSON.stringify(doc)) as FlowDocument;
        const result = autofix(doc);
        const { document: fixed, inserted } = result;
        if (inserted.length > 0 || result.moved.length > 0) repaired++;
        moved += result.moved.length;

        expect(doc).toEqual(before); // the input is not mutated

        // No path or consent error left, except a data step without a purpose, which no consent can name.
        const purposeless = new Set(fixed.nodes.filter((n) => n.type === "webhook" && n.data.purpose === "").map((n) => n.id));
        const left = validate(fixed, null, { rules: FIXED_RULES }).filter(
          (d) => d.severity === "error" && !(d.rule === "consent.beforeData" && purposeless.has(d.nodeId!)),
        );
        expect(left).toEqual([]);

        // Nothing lost: every step keeps its data (a redundant consent may go, and is reported);
        // every edge keeps its id, source and output.
        const removed = new Set(result.removed.map((r) => r.nodeId));
        for (const id of removed) {
          const node = doc.nodes.find((n) => n.id === id);
          if (!node) expect(inserted.find((i) => i.nodeId === id)?.type).toBe("end");
          else if (node.type === "end") expect(doc.edges.filter((e) => e.target === id).every((e) => removed.has(e.source))).toBe(true);
          else expect(node.type).toBe("consent");
        }
        const fixedById = new Map(fixed.nodes.map((n) => [n.id, n]));
        for (const node of doc.nodes) if (!removed.has(node.id)) expect(fixedById.get(node.id)).toEqual(node);
        expect(fixed.nodes).toHaveLength(doc.nodes.length + inserted.length - removed.size);
        expect(new Set(fixed.nodes.map((n) => n.id)).size).toBe(fixed.nodes.length);
        expect(new Set(fixed.edges.map((e) => e.id)).size).toBe(fixed.edges.length);
        const fixedEdges = new Map(fixed.edges.map((e) => [e.id, e]));
        for (const edge of doc.edges) {
          if (removed.has(edge.source)) continue;
          const now = fixedEdges.get(edge.id)!;
          expect(now.sourceHandle).toBe(edge.sourceHandle);
          // Only a start hands its edges to the bot disclosure inserted right after it.
          if (now.source !== edge.source) {
            expect(inserted.find((i) => i.nodeId === now.source)?.rule).toBe("disclosure.first");
            expect(fixed.edges.some((e) => e.source === edge.source && e.target === now.source)).toBe(true);
          }
        }

        // Still reachable, unless the only ways there came after a "no" (those end politely now).
        const reachableAfter = reachableIds(fixed);
        const declined = inserted.some(
          (i) =>
            i.type === "end" &&
            !fixed.edges.some(
              (e) => e.target === i.nodeId && fixedById.get(e.source)?.type === "consent" && inserted.some((c) => c.nodeId === e.source),
            ),
        );
        if (declined) cut++;
        const mayLose = declined ? reachableDeclined(doc) : new Set<string>();
        for (const id of reachableIds(doc)) if (!removed.has(id) && !mayLose.has(id)) expect(reachableAfter.has(id)).toBe(true);

        // An input's invalid loop stays on the input: no notice or consent again after a typo.
        for (const loop of invalidLoops(doc)) {
          if (removed.has(loop.source)) continue;
          const now = fixedEdges.get(loop.id)!;
          if (fixedById.get(now.target)?.type === "end" && !doc.nodes.some((n) => n.id === now.target)) continue; // a declined way ended
          // A loop through a handoff gets the bot disclosure again (the bot resumes), never a notice or consent.
          if (now.target !== loop.target) expect(inserted.find((i) => i.nodeId === now.target)?.rule).toBe("disclosure.afterHandoff");
        }

        // Never a consent after the data it covers: every inserted consent leads straight to the step it protects.
        for (const item of inserted.filter((i) => i.type === "consent")) {
          const accept = fixed.edges.find((e) => e.source === item.nodeId && e.sourceHandle === "accept");
          // (or to the step it was moved in front of later, serving both)
          const protects = [item.beforeNodeId, ...result.moved.filter((m) => m.nodeId === item.nodeId).map((m) => m.beforeNodeId)];
          expect(protects).toContain(accept?.target);
        }

        const isOther = (rule: string) => !FIXED_RULES.includes(rule) && rule !== "graph.unreachable";
        const otherBefore = errorKeys(doc, isOther);
        for (const key of errorKeys(fixed, isOther)) expect(otherBefore.has(key)).toBe(true);

        const again = autofix(fixed);
        expect(again.document).toEqual(fixed);
        expect(again.inserted).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    // Guard against a generator that never produces anything to repair.
    expect(repaired).toBeGreaterThan(RUNS / 4);
    console.log(`autofix on ${RUNS} random flows: ${repaired} repaired, ${moved} existing steps moved, ${cut} with a declined way ended`);
    // Thousands of fixes, each checked twice and against the oracle: minutes on a shared machine, not a speed target.
  }, 300_000);

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
