import { EXAMPLE_LEGAL, clearLexiconCaches, parseFlowDocument, ZFlowDocument, type FlowDocument } from "../core/flow";
import { isCertainlyFlowDocument } from "../core/flow/shapeCheck";
import { validate } from "../core/compliance";
import { generateFlow } from "./flowGenerator";
import { measure } from "./measure";

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

/** Measures parse + validate on generated flows of 1k, 10k and 50k steps and prints a table. */
export async function runEngineBench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const parseAndValidate: Record<number, number> = {};
  const validateMedian: Record<number, number> = {};
  const validateColdMedian: Record<number, number> = {};
  for (const size of SIZES) {
    const raw: unknown = JSON.parse(JSON.stringify(generateFlow(size)));
    const parseOptions = { maxNodes: 60_000, maxEdges: 240_000 };
    const parsed = parseFlowDocument(raw, parseOptions);
    if (!parsed.ok) throw new Error(`generated flow does not parse: ${parsed.errors[0]?.message}`);
    const document = parsed.document;
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
  console.log("Compliance engine (median; validate = every rule incl. workspace rules and lexicon matching)");
  console.table(rows);
  const target = 25;
  console.log(
    `10,000 steps validated: ${validateMedian[10_000].toFixed(2)} ms median (texts read cold: ${validateColdMedian[10_000].toFixed(2)} ms); target < ${target} ms`,
  );
  const ratio = parseAndValidate[50_000] / parseAndValidate[10_000];
  console.log(`time(50k) / time(10k), parse+validate: ${ratio.toFixed(2)}`);
}
