import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { buildSync } from "esbuild";
import { median } from "./measure";

/*
 * Same-process A/B of the rulebook and the runtime against an older checkout: both
 * engines are loaded into this one process, warmed up alike, then timed in alternation
 * (the order rotates every round), so that a busy machine slows both the same way.
 * Separate `npm run bench` runs on a shared machine differ by more than the changes
 * being compared.
 *
 *   git archive <commit> | tar -x -C <dir> && ln -s "$PWD/node_modules" <dir>/node_modules
 *   npx tsx bench/compare.ts <dir> [parse] [validate] [export] [runtime] [--processes] [--same-rules] [--unbundled]   (under the shared benchmark lock)
 *
 * The older checkout may keep the engine under `server/` (before the move to `core/`).
 * Figures: validate's median ms per flow size (bench/flowGenerator.ts, as the engine
 * bench, after the same warm-up of at least 300,000 steps per engine) and the runtime's events per second per channel (as the export bench), each
 * with now ÷ before, also as the median of the per-round ratios. `--processes` adds validate
 * with each engine in processes of its own (see compareValidateInProcesses); `--same-rules`
 * adds validate with both engines running only the rules both rulebooks have (by id).
 */

interface Engine {
  name: string;
  /** The ids of the engine's rules, in its rulebook's order. */
  ruleIds: readonly string[];
  /** Validates with every rule, or with the named ones only. */
  validate: (document: unknown, rules?: readonly string[]) => unknown;
  parse: (raw: unknown) => unknown;
  generate: (size: number) => unknown;
  exportFor: (channel: string) => unknown;
  /** As the export bench times them: validate + build (publish, the API), and the build alone with the findings at hand. */
  exportRuns: (document: unknown, channel: string) => { full: () => unknown; buildOnly: () => unknown };
  receive: (flow: unknown, state: unknown, event: unknown, options: { now: number }) => { state: unknown };
  start: (flow: unknown) => unknown;
}

const SIZES = [1_000, 10_000, 50_000];
const CHANNELS = ["messenger", "whatsapp", "telegram", "instagram"];
const PARSE_OPTIONS = { maxNodes: 60_000, maxEdges: 240_000 };

/**
 * Bundles one checkout's engine into `dir` and loads it. Bundled, each tree resolves its
 * own `@/…` imports with its own tsconfig, and both engines run as the same kind of code.
 *
 * `unbundled` (`--unbundled`) loads each tree's files as they are instead, transformed one
 * by one as `npm run bench` and the server run them (tsx). There every imported binding is
 * read through its module's exports object on each use, which a bundle does not do: a hot
 * loop reading an imported constant costs what it costs only there.
 */
function load(name: string, root: string, dir: string, unbundled: boolean): Engine {
  const layer = fs.existsSync(path.join(root, "core", "compliance")) ? "core" : "server";
  const entry = path.join(dir, `${name}.entry.ts`);
  // Unbundled, a tree's `@/…` imports would resolve against this tree's tsconfig: only the
  // parts that have none (the rulebook and the flow) are loaded that way.
  const parts = unbundled
    ? { compliance: `${layer}/compliance`, flow: `${layer}/flow` }
    : { compliance: `${layer}/compliance`, flow: `${layer}/flow`, exporter: `${layer}/export`, runtime: `${layer}/runtime` };
  fs.writeFileSync(
    entry,
    [
      ...Object.entries(parts).map(([part, folder]) => `export * as ${part} from ${JSON.stringify(path.join(root, folder, "index.ts"))};`),
      `export { generateFlow } from ${JSON.stringify(path.join(root, "bench", "flowGenerator.ts"))};`,
    ].join("\n"),
  );
  const outfile = unbundled ? entry : path.join(dir, `${name}.bundle.cjs`);
  // Built once: the processes of `--processes` load the bundle their parent made.
  if (!fs.existsSync(outfile))
    buildSync({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "warning" });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is made at run time
  const loaded = require(outfile) as Record<"compliance" | "flow" | "exporter" | "runtime", Record<string, unknown>> & {
    generateFlow: (size: number) => unknown;
  };
  const { compliance, flow, exporter, runtime } = loaded;
  const legal = flow.EXAMPLE_LEGAL;
  const call = <T>(f: unknown, ...args: unknown[]) => (f as (...a: unknown[]) => T)(...args);
  return {
    name,
    ruleIds: compliance.RULE_IDS as readonly string[],
    validate: (document, rules) => call(compliance.validate, document, legal, rules ? { rules } : {}),
    parse: (raw) => {
      const parsed = call<{ ok: boolean; document: unknown }>(flow.parseFlowDocument, raw, PARSE_OPTIONS);
      if (!parsed.ok) throw new Error(`${name}: the generated flow does not parse`);
      return parsed.document;
    },
    generate: (size) => loaded.generateFlow(size),
    exportRuns: (document, channel) => {
      const graph = call(flow.buildFlowGraph, document);
      const diagnostics = call(compliance.validate, document, legal, { graph });
      return {
        full: () => call(exporter.exportFlow, document, { legal, channel, version: 1, graph }),
        buildOnly: () => call(exporter.buildExport, document, { legal, channel, version: 1, graph, diagnostics }),
      };
    },
    exportFor: (channel) =>
      call(runtime.loadExport, call(exporter.buildExport, loaded.generateFlow(1_000), { legal, channel, version: 1 })),
    receive: (flow, state, event, options) => call(runtime.receive, flow, state, event, options),
    start: (flow) => call(runtime.startConversation, flow, { subject: "bench-user" }),
  };
}

/** Times `runs[k]()` for every engine in rotating order; returns per engine the samples. */
function alternate(runs: (() => number)[], rounds: number): number[][] {
  const samples = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const engine = (round + k) % runs.length;
      samples[engine].push(runs[engine]());
    }
  }
  return samples;
}

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Timed rounds per flow size, the same for both engines and both ways of comparing. */
const roundsFor = (size: number) => (size >= 50_000 ? 21 : 41);
/**
 * Warm-up rounds per flow size: at least 300,000 steps (300 rounds at 1k). With a dozen
 * rounds the 1k figure measured mostly how far the JIT had got.
 */
const warmUpRoundsFor = (size: number) => Math.max(5, Math.ceil(300_000 / size));

/**
 * Warms both runs up, times them in alternation and prints one line: both medians, their
 * ratio and the median of the per-round ratios.
 */
function timePair(label: string, runs: (() => number)[], warmUp: number, rounds: number, digits: number): void {
  alternate(runs, warmUp);
  const [b, n] = alternate(runs, rounds);
  const paired = median(n.map((ms, i) => ms / b[i]));
  console.log(
    `${label}: before ${median(b).toFixed(digits)} ms, now ${median(n).toFixed(digits)} ms, ` +
      `now ÷ before ${(median(n) / median(b)).toFixed(3)} (per round ${paired.toFixed(3)})`,
  );
}

/**
 * Both engines validate the same document object (generated and parsed by the newer
 * one: the format is the same). How fast a validation runs depends on where the
 * document's objects lie in memory, and a full collection moves them: with a document
 * each, one engine could run on a well-placed copy for seconds while the other did not.
 */
function compareValidate(before: Engine, now: Engine, sameRules: boolean): void {
  // With `--same-rules`, both engines run only the rules both rulebooks have (by id):
  // what the same checks cost in each, apart from the rules one rulebook added or dropped.
  const rules = sameRules ? now.ruleIds.filter((id) => before.ruleIds.includes(id)) : undefined;
  if (rules) {
    console.log(
      `validate with the ${rules.length} rules both have (the newer has ${now.ruleIds.length}, the older ${before.ruleIds.length}):`,
    );
  }
  for (const size of SIZES) {
    const document = now.parse(JSON.parse(JSON.stringify(now.generate(size))));
    const runs = [() => timed(() => before.validate(document, rules)), () => timed(() => now.validate(document, rules))];
    timePair(`validate ${size.toLocaleString("en")} steps`, runs, warmUpRoundsFor(size), roundsFor(size), 2);
  }
}

/** The export bench's rows: a 10,000-step flow (one shared document) to each channel, validate + build and build alone. */
function compareExport(before: Engine, now: Engine): void {
  const document = now.parse(JSON.parse(JSON.stringify(now.generate(10_000))));
  for (const channel of CHANNELS) {
    const [b, n] = [before, now].map((engine) => engine.exportRuns(document, channel));
    for (const part of ["full", "buildOnly"] as const) {
      const label = `export ${channel.padEnd(9)} ${part === "full" ? "validate+export" : "build only"}`;
      timePair(label, [() => timed(b[part]), () => timed(n[part])], 5, 21, 1);
    }
  }
}

/** Parsing the same JSON value (as the engine bench's "parse ms"), timed in alternation. */
function compareParse(before: Engine, now: Engine): void {
  for (const size of SIZES) {
    const raw: unknown = JSON.parse(JSON.stringify(now.generate(size)));
    const runs = [before, now].map((engine) => () => timed(() => engine.parse(raw)));
    timePair(`parse ${size.toLocaleString("en")} steps`, runs, warmUpRoundsFor(size), roundsFor(size), 2);
  }
}

/** One engine alone, as its own `npm run bench` would time it: median ms per validation and size, after the same warm-up. */
function validateAlone(engine: Engine): Record<number, number> {
  const result: Record<number, number> = {};
  for (const size of SIZES) {
    const document = engine.parse(JSON.parse(JSON.stringify(engine.generate(size))));
    const run = () => timed(() => engine.validate(document));
    alternate([run], warmUpRoundsFor(size));
    result[size] = median(alternate([run], roundsFor(size))[0]!);
  }
  return result;
}

/**
 * `--processes`: each engine in processes of its own, `pairs` times, alternating which
 * goes first. In one process the engines share a heap, so a full collection one of them
 * made necessary can fall into the other's timing; alone, each pays for its own garbage,
 * as it does in its own `npm run bench`.
 */
function compareValidateInProcesses(roots: Record<"before" | "now", string>, dir: string, pairs: number, unbundled: boolean): void {
  const alone = (name: "before" | "now"): Record<number, number> => {
    const args = [...process.execArgv, __filename, "--alone", name, roots[name], dir, ...(unbundled ? ["--unbundled"] : [])];
    const child = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`The ${name} process failed:\n${child.stderr}`);
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<number, number>;
  };
  const runs: Record<"before" | "now", Record<number, number>>[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (["before", "now"] as const) : (["now", "before"] as const);
    const result = {} as Record<"before" | "now", Record<number, number>>;
    for (const name of order) result[name] = alone(name);
    runs.push(result);
  }
  for (const size of SIZES) {
    const b = runs.map((run) => run.before[size]!);
    const n = runs.map((run) => run.now[size]!);
    const paired = median(n.map((ms, i) => ms / b[i]!));
    console.log(
      `validate ${size.toLocaleString("en")} steps, each engine in its own process (${pairs} pairs): before ${median(b).toFixed(2)} ms, ` +
        `now ${median(n).toFixed(2)} ms, now ÷ before ${(median(n) / median(b)).toFixed(3)} (per pair ${paired.toFixed(3)})`,
    );
  }
}

/** A valid answer for whatever the conversation waits for, as bench/export.ts answers. */
function answerFor(loaded: { nodes: Map<string, never> }, state: Record<string, unknown>, next: () => number): unknown {
  if (state.status === "webhook" && state.requestId) return { type: "webhookResult", requestId: state.requestId, ok: next() < 0.9 };
  if (state.status === "handoff") return { type: "handback" };
  if (state.status !== "waiting" || !state.nodeId) return { type: "start" };
  const node = loaded.nodes.get(state.nodeId as string) as unknown as { type: string; data: Record<string, never> };
  if (node.type === "consent") return { type: "button", id: "accept" };
  if (node.type === "choice") {
    const options = node.data.options as { id: string }[];
    return { type: "button", id: options[Math.floor(next() * options.length)].id };
  }
  if (node.type === "input") {
    const type = node.data.inputType as string;
    const text =
      type === "email"
        ? "ada@example.com"
        : type === "date"
          ? "2026-03-01"
          : type === "number"
            ? "42"
            : type === "phone"
              ? "+4930123456"
              : "Ada";
    return { type: "text", text };
  }
  return { type: "text", text: "hello" };
}

function eventsPerSecond(engine: Engine, loaded: unknown, events: number): number {
  let seed = 7;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  let state = engine.start(loaded) as Record<string, unknown>;
  let now = Date.UTC(2026, 0, 1);
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    state = engine.receive(loaded, state, answerFor(loaded as never, state, next), { now: (now += 1000) }).state as Record<string, unknown>;
  }
  return events / ((performance.now() - started) / 1000);
}

function compareRuntime(before: Engine, now: Engine): void {
  const events = 30_000;
  const flows = [before, now].map((engine) => Object.fromEntries(CHANNELS.map((channel) => [channel, engine.exportFor(channel)])));
  // Both engines warm on every channel before anything is timed: the first channel timed is not the one that pays for the JIT.
  for (const [k, engine] of [before, now].entries()) for (const channel of CHANNELS) eventsPerSecond(engine, flows[k][channel], events);
  for (const channel of CHANNELS) {
    const runs = [before, now].map((engine, k) => () => eventsPerSecond(engine, flows[k][channel], events));
    const [b, n] = alternate(runs, 5);
    const paired = median(n.map((rate, i) => rate / b[i]));
    console.log(
      `runtime ${channel.padEnd(9)}: before ${Math.round(median(b)).toLocaleString("en")} events/s, now ${Math.round(median(n)).toLocaleString("en")} events/s, ` +
        `now ÷ before ${(median(n) / median(b)).toFixed(3)} (per round ${paired.toFixed(3)})`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--alone") {
    const [, name, root, dir] = process.argv.slice(2);
    console.log(JSON.stringify(validateAlone(load(name!, root!, dir!, process.argv.includes("--unbundled")))));
    return;
  }
  const [beforeDir, ...args] = process.argv.slice(2);
  // Flags add to the comparisons named (all of them when none is).
  const what = args.filter((arg) => !arg.startsWith("--"));
  if (!beforeDir || !fs.existsSync(path.join(beforeDir, "bench", "flowGenerator.ts"))) {
    throw new Error(
      "Usage: npx tsx bench/compare.ts <checkout of the older commit> [parse] [validate] [export] [runtime] [--processes] [--same-rules] [--unbundled]",
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-compare-"));
  try {
    const unbundled = args.includes("--unbundled");
    if (unbundled) console.log("Engines loaded unbundled, file by file, as npm run bench runs them.");
    const before = load("before", path.resolve(beforeDir), dir, unbundled);
    const now = load("now", path.resolve(__dirname, ".."), dir, unbundled);
    if (what.length === 0 || what.includes("parse")) compareParse(before, now);
    if (what.length === 0 || what.includes("validate")) compareValidate(before, now, false);
    if (args.includes("--same-rules")) compareValidate(before, now, true);
    if (args.includes("--processes")) {
      compareValidateInProcesses({ before: path.resolve(beforeDir), now: path.resolve(__dirname, "..") }, dir, 6, unbundled);
    }
    if (what.includes("export")) {
      if (unbundled) console.log("export: compared bundled only (the older tree's export imports `@/…` paths).");
      else compareExport(before, now);
    }
    if (what.length === 0 || what.includes("runtime")) {
      if (unbundled) console.log("runtime: compared bundled only (the older tree's export imports `@/…` paths).");
      else compareRuntime(before, now);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
