import { CHANNELS, EXAMPLE_LEGAL, buildFlowGraph, parseFlowDocument, type FlowNode } from "../core/flow";
import { validate } from "../core/compliance";
import { buildExport, exportFlow } from "../core/export";
import { loadExport, receive, startConversation, type ConversationState, type LoadedFlow, type RuntimeEvent } from "../core/runtime";
import { generateFlow } from "./flowGenerator";
import { measure } from "./measure";

/** Untimed runs before each measurement; a 10,000-step export is slow enough that three settle it. */
const WARM_UP = 3;

/** A valid answer for whatever the conversation waits for; choices are picked by a seeded generator. */
function answerFor(flow: LoadedFlow, state: ConversationState, next: () => number): RuntimeEvent {
  if (state.status === "webhook" && state.requestId) return { type: "webhookResult", requestId: state.requestId, ok: next() < 0.9 };
  if (state.status === "handoff") return { type: "handback" };
  if (state.status !== "waiting" || !state.nodeId) return { type: "start" };
  const node = flow.nodes.get(state.nodeId) as FlowNode;
  switch (node.type) {
    case "consent":
      return { type: "button", id: "accept" };
    case "choice":
      return { type: "button", id: node.data.options[Math.floor(next() * node.data.options.length)].id };
    case "input":
      return {
        type: "text",
        text:
          node.data.inputType === "email"
            ? "ada@example.com"
            : node.data.inputType === "date"
              ? "2026-03-01"
              : node.data.inputType === "number"
                ? "42"
                : node.data.inputType === "phone"
                  ? "+4930123456"
                  : "Ada",
      };
    default:
      return { type: "text", text: "hello" };
  }
}

/**
 * Export of a 10,000-step flow to every channel (validate + build, as publish and
 * the API do, and build alone), and runtime throughput on a 1,000-step flow: a
 * seeded user walks the flow answering every question, for a fixed number of events.
 */
export async function runExportBench(): Promise<void> {
  const parseOptions = { maxNodes: 60_000, maxEdges: 240_000 };
  const big = parseFlowDocument(JSON.parse(JSON.stringify(generateFlow(10_000))), parseOptions);
  if (!big.ok) throw new Error(`generated flow does not parse: ${big.errors[0]?.message}`);
  const document = big.document;
  const graph = buildFlowGraph(document);
  const diagnostics = validate(document, EXAMPLE_LEGAL, { graph });
  const rows: Record<string, string | number>[] = [];
  for (const channel of CHANNELS) {
    const full = measure(() => exportFlow(document, { legal: EXAMPLE_LEGAL, channel, version: 1, graph }), 21, WARM_UP);
    const buildOnly = measure(() => buildExport(document, { legal: EXAMPLE_LEGAL, channel, version: 1, graph, diagnostics }), 21, WARM_UP);
    const exported = buildExport(document, { legal: EXAMPLE_LEGAL, channel, version: 1, graph, diagnostics });
    rows.push({
      channel,
      nodes: document.nodes.length,
      "validate+export ms": full.toFixed(1),
      "build only ms": buildOnly.toFixed(1),
      "rendered steps": exported.steps.length,
      "JSON MB": (JSON.stringify(exported).length / 1e6).toFixed(2),
    });
  }
  const allFour = measure(
    () => {
      for (const channel of CHANNELS) exportFlow(document, { legal: EXAMPLE_LEGAL, channel, version: 1, graph });
    },
    11,
    WARM_UP,
  );
  console.log("Export of a 10,000-step flow (median)");
  console.table(rows);
  console.log(`all four channels, validate+export: ${allFour.toFixed(1)} ms`);

  const small = generateFlow(1_000);
  const runtimeRows: Record<string, string | number>[] = [];
  for (const channel of CHANNELS) {
    const flow = loadExport(buildExport(small, { legal: EXAMPLE_LEGAL, channel, version: 1 }));
    let seed = 7;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    let state = startConversation(flow, { subject: "bench-user" });
    let now = Date.UTC(2026, 0, 1);
    const events = 50_000;
    let steps = 0;
    let messages = 0;
    const started = performance.now();
    for (let i = 0; i < events; i++) {
      const result = receive(flow, state, answerFor(flow, state, next), { now: (now += 1000) });
      state = result.state;
      steps += result.steps;
      messages += result.outgoing.length;
    }
    const seconds = (performance.now() - started) / 1000;
    runtimeRows.push({
      channel,
      nodes: small.nodes.length,
      events,
      "steps run": steps,
      "steps/s": Math.round(steps / seconds).toLocaleString("en"),
      "events/s": Math.round(events / seconds).toLocaleString("en"),
      "messages rendered": messages,
    });
  }
  console.log("Runtime on a 1,000-step flow (a seeded user answering every question)");
  console.table(runtimeRows);
}
