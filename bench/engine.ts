import {
  EXAMPLE_LEGAL,
  buildFlowGraph,
  clearLexiconCaches,
  parseFlowDocument,
  ZFlowDocument,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type WorkspaceLegal,
} from "../core/flow";
import { isCertainlyFlowDocument } from "../core/flow/shapeCheck";
import { RULES, buildRuleContext, validate } from "../core/compliance";
import { generateFlow } from "./flowGenerator";
import { measure, median } from "./measure";

const SIZES = [1_000, 10_000, 50_000];

/**
 * The yardstick: one plain breadth-first search from the starts over the same
 * document, including what any search needs first (an id index and adjacency lists),
 * just as `validate` starts from the document.
 */
function plainBfs(document: FlowDocument): number {
  const index = new Map<string, number>();
  document.nodes.forEach((node, i) => index.set(node.id, i));
  const adjacency: number[][] = document.nodes.map(() => []);
  for (const edge of document.edges) {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source !== undefined && target !== undefined) adjacency[source].push(target);
  }
  const seen = new Uint8Array(document.nodes.length);
  const queue: number[] = [];
  document.nodes.forEach((node, i) => {
    if (node.type === "start") {
      seen[i] = 1;
      queue.push(i);
    }
  });
  for (let head = 0; head < queue.length; head++) {
    for (const target of adjacency[queue[head]]) {
      if (seen[target] === 0) {
        seen[target] = 1;
        queue.push(target);
      }
    }
  }
  return queue.length;
}

/**
 * Where one validation's time goes: the shared work every rule relies on (the graph,
 * the inferred labels with their lexicon reading, plain reachability), then each rule
 * in rulebook order. Medians of separately timed stretches of the same runs, as
 * `validate` runs them (one context, rules in order).
 */
function perRuleMedians(document: FlowDocument, legal: WorkspaceLegal, repetitions: number): Map<string, number> {
  const samples = new Map<string, number[]>();
  const lap = (name: string, started: number): number => {
    const now = performance.now();
    const times = samples.get(name);
    if (times) times.push(now - started);
    else samples.set(name, [now - started]);
    return now;
  };
  const warmUp = Math.max(3, repetitions >> 2);
  for (let run = 0; run < warmUp + repetitions; run++) {
    const timed = run >= warmUp;
    let started = performance.now();
    const context = buildRuleContext(document, legal, buildFlowGraph(document));
    if (timed) started = lap("shared: graph", started);
    void context.labels;
    if (timed) started = lap("shared: labels (lexicon reading)", started);
    context.reachFromStarts();
    void context.scratch;
    if (timed) started = lap("shared: reachability", started);
    for (const rule of RULES) {
      rule.check(context);
      if (timed) started = lap(rule.id, started);
    }
  }
  const medians = new Map<string, number>();
  for (const [name, times] of samples) medians.set(name, median(times));
  return medians;
}

/** Measures parse + validate on generated flows of 1k, 10k and 50k steps and prints a table. */
export async function runEngineBench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const parseAndValidate: Record<number, number> = {};
  const validateMedian: Record<number, number> = {};
  const validateColdMedian: Record<number, number> = {};
  const documents: Record<number, FlowDocument> = {};
  for (const size of SIZES) {
    const raw: unknown = JSON.parse(JSON.stringify(generateFlow(size)));
    const parseOptions = { maxNodes: 60_000, maxEdges: 240_000 };
    const parsed = parseFlowDocument(raw, parseOptions);
    if (!parsed.ok) throw new Error(`generated flow does not parse: ${parsed.errors[0]?.message}`);
    const document = parsed.document;
    documents[size] = document;
    const diagnostics = validate(document, EXAMPLE_LEGAL);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
    const repetitions = size >= 50_000 ? 21 : size >= 10_000 ? 41 : 101;

    // As the server does it: the graph built while parsing is reused by validate.
    const full = measure(() => {
      const result = parseFlowDocument(raw, parseOptions);
      if (result.ok) validate(result.document, EXAMPLE_LEGAL, { graph: result.graph });
    }, repetitions);
    const parseOnly = measure(() => parseFlowDocument(raw, parseOptions), repetitions);
    // Why parse has a hand-written structural pre-check beside the zod schema: the two
    // answer the same question ("is this structurally a flow?"); zod copies every node.
    const preCheck = measure(() => isCertainlyFlowDocument(raw), repetitions);
    const zodOnly = measure(() => ZFlowDocument.safeParse(raw), repetitions);
    const rulesOnly = measure(() => validate(document, EXAMPLE_LEGAL), repetitions);
    // Every text read anew: what the first validation of a flow costs (the editor and server then hit the cache).
    const rulesCold = measure(() => {
      clearLexiconCaches();
      validate(document, EXAMPLE_LEGAL);
    }, repetitions);
    validateMedian[size] = rulesOnly;
    validateColdMedian[size] = rulesCold;
    const bfs = measure(() => plainBfs(document), repetitions);
    parseAndValidate[size] = full;
    rows.push({
      nodes: document.nodes.length,
      edges: document.edges.length,
      "errors found": errors,
      "parse+validate ms": full.toFixed(2),
      "parse ms": parseOnly.toFixed(2),
      "structure: pre-check ms": preCheck.toFixed(2),
      "structure: zod ms": zodOnly.toFixed(2),
      "validate ms": rulesOnly.toFixed(2),
      "validate, lexicons cold ms": rulesCold.toFixed(2),
      "µs/node (parse+validate)": ((full * 1000) / document.nodes.length).toFixed(2),
      "plain BFS ms": bfs.toFixed(3),
      "validate / BFS": (rulesOnly / bfs).toFixed(1),
    });
  }
  console.log(`Compliance engine (median; validate = all ${RULES.length} rules incl. workspace rules and lexicon matching)`);
  console.table(rows);
  const target = 25;
  console.log(
    `10,000 steps validated: ${validateMedian[10_000].toFixed(2)} ms median (texts read cold: ${validateColdMedian[10_000].toFixed(2)} ms); target < ${target} ms`,
  );
  const perRule = perRuleMedians(documents[10_000], EXAMPLE_LEGAL, 41);
  const perRuleTotal = [...perRule.values()].reduce((sum, ms) => sum + ms, 0);
  console.log("10,000 steps, where validate spends its time (median ms per part; lexicon caches warm):");
  console.table([...perRule].map(([part, ms]) => ({ part, ms: ms.toFixed(3), share: `${((100 * ms) / perRuleTotal).toFixed(1)} %` })));
  const ratio = parseAndValidate[50_000] / parseAndValidate[10_000];
  console.log(`time(50k) / time(10k), parse+validate: ${ratio.toFixed(2)}`);

  // The (step, consent state) searches at their worst: every consent's accept and
  // decline both go on, so each purpose's search visits nearly all 3 × n pairs.
  const worst = consentStateWorstCase(10_000);
  const stateRules = ["consent.beforeData", "consent.freelyGiven", "consent.special", "channel.window"];
  const worstAll = measure(() => validate(worst, EXAMPLE_LEGAL), 41);
  const worstState = measure(() => validate(worst, EXAMPLE_LEGAL, { rules: stateRules }), 41);
  const states = validate(worst, EXAMPLE_LEGAL, { rules: stateRules }).length;
  console.log(
    `Consent-state worst case (${worst.nodes.length} steps, a consent every 10 steps, declines go on): ` +
      `validate ${worstAll.toFixed(2)} ms median, of which the consent-state rules ${worstState.toFixed(2)} ms (${states} findings)`,
  );
}

/** A long flow whose consents (alternating purposes) lead on through both outputs, with data after each. */
function consentStateWorstCase(size: number): FlowDocument {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const position = { x: 0, y: 0 };
  const add = (node: Omit<FlowNode, "position">) => nodes.push({ ...node, position } as FlowNode);
  add({ id: "start", type: "start", data: { trigger: "getStarted" } });
  add({ id: "disclosure", type: "botDisclosure", data: { text: "Ich bin ein automatischer Assistent, kein Mensch." } });
  add({ id: "privacy", type: "privacyNotice", data: { text: "{company} verarbeitet deine Angaben, siehe Datenschutzerklärung." } });
  edges.push({ id: "e-s", source: "start", sourceHandle: "next", target: "disclosure" });
  edges.push({ id: "e-d", source: "disclosure", sourceHandle: "next", target: "privacy" });
  let previous = "privacy";
  let handle = "next";
  for (let i = 0; nodes.length < size; i++) {
    const id = `n${i}`;
    if (i % 10 === 0) {
      add({
        id,
        type: "consent",
        data: {
          text: "Darf {company} das speichern?",
          purposes: [i % 20 === 0 ? "lead" : "marketing"],
          explicit: false,
          categories: [],
          acceptLabel: "Ja",
          declineLabel: "Nein",
          withdrawalHint: "STOP",
        },
      });
    } else if (i % 10 === 5) {
      add({
        id,
        type: "input",
        data: { text: "E-Mail?", variable: `v${i}`, inputType: "email", personalData: true, purpose: "lead", retentionDays: 30 },
      });
    } else add({ id, type: "message", data: { text: `Schritt ${i}`, promotional: i % 10 === 7 } });
    edges.push({ id: `e-${id}`, source: previous, sourceHandle: handle, target: id });
    // After a consent the "no" goes on as well: the search must follow it in state decline.
    if (handle === "accept") edges.push({ id: `e-${id}-decline`, source: previous, sourceHandle: "decline", target: id });
    previous = id;
    handle = i % 10 === 0 ? "accept" : "next";
  }
  return {
    schemaVersion: 1,
    id: "worst",
    name: "Worst case",
    locale: "de",
    channels: ["messenger"],
    purposes: [{ id: "lead", label: "Kontakt", description: "" }],
    settings: { optOut: { keywords: ["STOP"], confirmation: "Abgemeldet." }, redisclosureAfterHours: 24 },
    nodes,
    edges,
  };
}
