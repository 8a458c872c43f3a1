/*
 * Where a drag frame's time goes, for the editor benchmark (BENCH_PROFILE=<steps>):
 * a Chromium trace of the renderer's main thread, summed by what the browser was
 * doing (script, style, layout, paint, layerize, hit-testing, garbage collection),
 * and a sampling profile of the script, summed per function. Prints figures only.
 */
import type { CDPSession, Page } from "playwright-core";

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };

/** What each trace event's own time (without its children) counts as. */
const KIND: Record<string, string> = {
  FunctionCall: "script",
  EventDispatch: "script",
  TimerFire: "script",
  FireAnimationFrame: "script",
  "v8.compile": "script",
  "v8.run": "script",
  EvaluateScript: "script",
  "V8.Execute": "script",
  RunMicrotasks: "script",
  UpdateLayoutTree: "style",
  ParseAuthorStyleSheet: "style",
  Layout: "layout",
  PrePaint: "paint",
  Paint: "paint",
  PaintImage: "paint",
  Layerize: "layerize",
  UpdateLayer: "layerize",
  Commit: "commit",
  HitTest: "hit-test",
  MinorGC: "gc",
  MajorGC: "gc",
  "V8.GC_SCAVENGER": "gc",
  BlinkGC: "gc",
  ScheduleStyleRecalculation: "style",
  IntersectionObserverController: "other",
  // The profiler's own start-up, not the page's work.
  "CpuProfiler::StartProfiling": "profiler",
};

const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink.user_timing"];

/** Starts tracing the page's renderer and the script profiler. */
export async function startProfile(page: Page): Promise<() => Promise<void>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const chunks: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => {
    chunks.push(...(event.value as unknown as TraceEvent[]));
  });
  await cdp.send("Tracing.start", { categories: CATEGORIES.join(","), transferMode: "ReportEvents" });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const started = Date.now();

  return async () => {
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
    const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.end");
    await done;
    await cdp.detach();
    printTrace(chunks, Date.now() - started);
    printProfile(profile);
  };
}

function printTrace(events: TraceEvent[], wallMs: number): void {
  // The renderer's main thread: named CrRendererMain by the metadata events.
  const main = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const busiest = new Map<string, number>();
  for (const m of main) busiest.set(`${m.pid}:${m.tid}`, 0);
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === "X" && busiest.has(key)) busiest.set(key, busiest.get(key)! + (e.dur ?? 0));
  }
  const thread = [...busiest].sort((a, b) => b[1] - a[1])[0]?.[0];
  const complete = events
    .filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === thread && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time per event: its duration less that of the events nested directly inside it.
  const self = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  const callers = new Map<string, { count: number; us: number }>();
  for (const e of complete) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur!) - e.dur!);
    if (e.name === "HitTest" || e.name === "Layerize") {
      const key = `${e.name} in ${stack.map((p) => p.name).join(" > ") || "(top)"}`;
      const seen = callers.get(key) ?? { count: 0, us: 0 };
      callers.set(key, { count: seen.count + 1, us: seen.us + e.dur! });
    }
    self.set(e, self.get(e) ?? e.dur!);
    stack.push(e);
  }
  const byKind = new Map<string, number>();
  const byName = new Map<string, number>();
  let frames = 0;
  for (const [e, us] of self) {
    if (e.name === "FireAnimationFrame") frames++;
    const kind = KIND[e.name] ?? "other";
    byKind.set(kind, (byKind.get(kind) ?? 0) + us);
    byName.set(e.name, (byName.get(e.name) ?? 0) + us);
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  console.log(`  main thread, ${wallMs} ms traced, ${frames} animation-frame callbacks:`);
  console.log(
    `    ${[...byKind]
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => `${k} ${ms(us)}`)
      .join(" · ")}`,
  );
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 14);
  for (const [key, { count, us }] of [...callers].sort((a, b) => b[1].us - a[1].us).slice(0, 6)) {
    console.log(`    ${key}: ${count} × ${(us / count / 1000).toFixed(2)} ms`);
  }
  console.log(`    by event: ${top.map(([k, us]) => `${k} ${ms(us)}`).join(" · ")}`);
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

function printProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const delta = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") return;
    total += delta;
    const file = url.split("/").pop() ?? "";
    // Line and column find the function in a minified script.
    const key = `${functionName || "(anonymous)"} ${file}:${lineNumber}:${columnNumber}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  });
  console.log(`  script self time by function (${(total / 1000).toFixed(0)} ms sampled):`);
  for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`    ${(us / 1000).toFixed(1).padStart(7)} ms  ${key}`);
  }
}
