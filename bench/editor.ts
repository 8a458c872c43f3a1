/*
 * Editor benchmark: real Chromium against the production build. Opens generated
 * flows of 50 to 5,000 steps and prints how long until the canvas is
 * interactive, the frame rate while dragging a step for 2 seconds (zoomed in at
 * the opening view, and with every step on screen), the ratios that must hold
 * on any machine, and the editor route's first-load JavaScript (gzip).
 * Prints figures; asserts nothing. BENCH_PORT picks the port (default 3300);
 * BENCH_JS_LIST=1 also lists every script loaded until the network is idle; with
 * FLOWGUARD_SOURCE_MAPS=1 BENCH_DIST_DIR=.next-maps the build keeps source maps, and
 * bench/bundleReport.ts names the modules inside each of those files.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/browser";
import { DEMO_LOGIN } from "../db/seed";
import type { FlowDocument } from "../core/flow";
import { generateFlow } from "./flowGenerator";
import { measureOverlay } from "./editorOverlay";
import { startProfile } from "./editorProfile";
import { median } from "./measure";

const PORT = Number(process.env.FLOWGUARD_BENCH_PORT ?? process.env.BENCH_PORT ?? 3300);
const BASE = `http://localhost:${PORT}`;
/** BENCH_SIZES=500,5000 measures only those (quicker comparisons); ratios print when their sizes were measured. */
const SIZES = (process.env.BENCH_SIZES ?? "50,500,1000,5000").split(",").map(Number);
const DRAG_MS = 2000;
/** The flow size whose analytics overlay is timed (issue: a 1,000-step flow within the editor's budget). */
const OVERLAY_SIZE = 1000;
/** BENCH_PROFILE=1000 (one or more sizes) also traces an extra open and an extra drag at those sizes, printing where the time went. */
const PROFILE = new Set((process.env.BENCH_PROFILE ?? "").split(",").filter(Boolean).map(Number));

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not start at ${url}`);
}

function startServer(dir: string): ChildProcess {
  return spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: path.join(dir, "bench.db"),
      NEXTAUTH_URL: BASE,
      FLOWGUARD_DIST_DIR: process.env.BENCH_DIST_DIR ?? ".next-bench",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
}

/** Calls a tRPC procedure over HTTP with the page's session cookie. */
async function trpc<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${BASE}/api/trpc/${procedure}`, { data: { json: input } });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error).slice(0, 300)}`);
  return body.result.data.json;
}

const COLUMN = 280;
const ROW = 180;

/**
 * Spreads the generated steps on a grid about as wide as the canvas is high, so
 * "show everything" fills the screen and every step is on it.
 */
function onGrid(document: FlowDocument): FlowDocument {
  const columns = Math.ceil(Math.sqrt((document.nodes.length * 1.4 * ROW) / COLUMN));
  return {
    ...document,
    nodes: document.nodes.map((n, i) => ({ ...n, position: { x: (i % columns) * COLUMN, y: Math.floor(i / columns) * ROW } })),
  };
}

async function createBenchFlow(page: Page, size: number): Promise<string> {
  const created = await trpc<{ id: string }>(page, "flows.create", {
    workspaceSlug: "demo-gmbh",
    templateId: "default",
    name: `Bench ${size}`,
    locale: "de",
  });
  const document = { ...onGrid(generateFlow(size)), id: created.id, name: `Bench ${size}` };
  await trpc(page, "flows.save", { workspaceSlug: "demo-gmbh", flowId: created.id, expectedVersion: 1, document });
  return created.id;
}

// Interactive: the main thread is free again, two frames in a row.
const TWO_FRAMES = "new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))";

/** Time from navigation until the canvas is interactive at its opening view (long flows open at their beginning, readable). */
async function measureOpen(page: Page, flowId: string): Promise<number> {
  const started = Date.now();
  await page.goto(`${BASE}/w/demo-gmbh/flows/${flowId}`);
  await page.locator(".react-flow__node").first().waitFor({ timeout: 120_000 }); // generous: the machine may be shared
  await page.evaluate(TWO_FRAMES);
  return Date.now() - started;
}

/** "Show everything": time until every step is on screen (the worst case: all steps mounted), and how many are. */
async function showEverything(page: Page): Promise<{ ms: number; rendered: number; zoom: number }> {
  const started = Date.now();
  await page.locator(".react-flow__controls-fitview").click();
  await page.evaluate(TWO_FRAMES);
  // fitView animates in some versions; wait until the viewport stops changing.
  let transform = "";
  for (let i = 0; i < 50; i++) {
    const now = await page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
    if (now === transform) break;
    transform = now;
    await page.evaluate(TWO_FRAMES);
  }
  const ms = Date.now() - started;
  const rendered = await page.locator(".react-flow__node").count();
  const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? 1);
  return { ms, rendered, zoom };
}

/** Frames per second while a step is dragged in circles for DRAG_MS. */
async function measureDrag(page: Page): Promise<number> {
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  // A step near the middle of the canvas, so the drag stays on screen.
  const boxes = await page.locator(".react-flow__node").evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 12) };
    }),
  );
  const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  const from = boxes.reduce((best, b) =>
    Math.hypot(b.x - middle.x, b.y - middle.y) < Math.hypot(best.x - middle.x, best.y - middle.y) ? b : best,
  );
  // A string, not a function: the TypeScript runner's helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__counting = true;
    const tick = () => { if (!window.__counting) return; window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const started = Date.now();
  let i = 0;
  while (Date.now() - started < DRAG_MS) {
    i++;
    await page.mouse.move(from.x + 120 * Math.sin(i / 10), from.y + 80 * Math.cos(i / 10));
  }
  await page.mouse.up();
  const elapsed = Date.now() - started;
  const frames = Number(await page.evaluate("(() => { window.__counting = false; return window.__frames; })()"));
  return (frames * 1000) / elapsed;
}

type JsFile = { url: string; body: Buffer };
type JsSize = { files: number; raw: number; gzip: number; list: { url: string; raw: number; gzip: number }[] };

function sizeOf(files: JsFile[]): JsSize {
  const list = files.map(({ url, body }) => ({ url, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length }));
  return {
    files: files.length,
    raw: list.reduce((sum, f) => sum + f.raw, 0),
    gzip: list.reduce((sum, f) => sum + f.gzip, 0),
    list,
  };
}

/**
 * First-load JS as Next.js counts it: the scripts the page's HTML itself loads.
 * Also everything loaded until the network is idle (code fetched after start-up,
 * such as the compliance engine, included), for comparison: the page's scripts and
 * those its Web Workers load (Chromium reports a worker's importScripts as "other"),
 * each file once.
 */
async function editorJs(page: Page, flowId: string): Promise<{ firstLoad: JsSize; untilIdle: JsSize }> {
  const url = `${BASE}/w/demo-gmbh/flows/${flowId}`;
  const html = await (await page.request.get(url)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => m[1]))];
  const firstLoad = await Promise.all(
    sources.map(async (src): Promise<JsFile> => {
      const url = new URL(src, BASE).toString();
      return { url, body: Buffer.from(await (await page.request.get(url)).body()) };
    }),
  );

  // Every script body is awaited before the context closes: a body still being read when it closed was lost.
  const bodies: Promise<JsFile>[] = [];
  const seen = new Set<string>();
  const fresh = await page
    .context()
    .browser()!
    .newContext({ storageState: await page.context().storageState() });
  const tab = await fresh.newPage();
  tab.on("response", (response) => {
    const type = response.request().resourceType();
    const isScript = type === "script" || (type === "other" && new URL(response.url()).pathname.endsWith(".js"));
    if (isScript && !seen.has(response.url())) {
      seen.add(response.url());
      bodies.push(
        response
          .body()
          .catch(() => Buffer.alloc(0))
          .then((body) => ({ url: response.url(), body })),
      );
    }
  });
  await tab.goto(url, { waitUntil: "networkidle" });
  const all = await Promise.all(bodies);
  await fresh.close();
  return { firstLoad: sizeOf(firstLoad), untilIdle: sizeOf(all) };
}

export async function runEditorBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bench-"));
  const server = startServer(dir);
  // Closed in `finally`: a failed measurement must not leave Chromium (and the process) running.
  let browser: Browser | null = null;
  try {
    await waitForServer(`${BASE}/signin`, 600_000);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${BASE}/signin`);
    await page.getByLabel(/E-Mail-Adresse|Email address/).fill(DEMO_LOGIN.email);
    await page.getByLabel(/^(Passwort|Password)$/).fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: /^(Anmelden|Sign in)$/ }).click();
    await page.waitForURL(/dashboard/);

    type Row = { size: number; interactive: number; everything: number; rendered: number; zoom: number; fpsAll: number; fpsZoomed: number };
    const rows: Row[] = [];
    let overlay: Awaited<ReturnType<typeof measureOverlay>> | string | null = null;
    let lastFlow = "";
    for (const size of SIZES) {
      const flowId = await createBenchFlow(page, size);
      lastFlow = flowId;
      await measureOpen(page, flowId); // warm the server and browser caches once
      const opens: number[] = [];
      for (let i = 0; i < 3; i++) opens.push(await measureOpen(page, flowId));
      if (PROFILE.has(size)) {
        // Before any drag: a drag's save still under way when the page reloads would restore a draft.
        console.log(`profile, ${size} steps, opening:`);
        const stop = await startProfile(page);
        await measureOpen(page, flowId);
        await stop();
      }
      // Still at the opening view: zoomed in, a few steps in full detail.
      const fpsZoomed = await measureDrag(page);
      const shown = await showEverything(page);
      const fpsAll = await measureDrag(page);
      if (PROFILE.has(size)) {
        console.log(`profile, ${size} steps, dragging with all on screen:`);
        const stop = await startProfile(page);
        await measureDrag(page);
        await stop();
      }
      if (size === OVERLAY_SIZE) {
        // Last for this size: publishing and traffic must not change what was measured above.
        overlay = await measureOverlay(
          { base: BASE, trpc, twoFrames: TWO_FRAMES, open: measureOpen },
          page,
          flowId,
          generateFlow(size),
        ).catch((error: unknown) => `not measured: ${error instanceof Error ? error.message : String(error)}`);
      }
      rows.push({
        size,
        interactive: median(opens),
        everything: shown.ms,
        rendered: shown.rendered,
        zoom: shown.zoom,
        fpsAll,
        fpsZoomed,
      });
    }
    // The last drag's save first: a draft still unsaved in this page's storage would be restored (an edit,
    // with its live check and notice) by the fresh page that measures, which is not how a flow opens.
    await page.locator('[data-testid="save-state"][data-status="saved"]').waitFor({ timeout: 120_000 });
    const js = await editorJs(page, lastFlow);
    await browser.close();
    browser = null;

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load average ${os.loadavg()[0].toFixed(2)}`);
    console.log("│ steps │ interactive ms │ show everything ms │ rendered (zoom) │ drag fps, all on screen │ drag fps, zoomed in │");
    for (const r of rows) {
      console.log(
        `│ ${String(r.size).padStart(5)} │ ${String(r.interactive).padStart(14)} │ ${String(r.everything).padStart(18)} │ ${`${r.rendered} (${r.zoom.toFixed(2)})`.padStart(15)} │ ${r.fpsAll.toFixed(1).padStart(23)} │ ${r.fpsZoomed.toFixed(1).padStart(19)} │`,
      );
    }
    const bySize = (n: number) => rows.find((r) => r.size === n);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const [few, thousand, five, fiveThousand] = [bySize(50), bySize(1000), bySize(500), bySize(5000)];
    if (few && thousand) {
      const fpsRatio = thousand.fpsAll / few.fpsAll;
      console.log(
        `drag fps, 1,000 steps on screen / 50 steps: ${(fpsRatio * 100).toFixed(0)} % (target ≥ 80 %: ${verdict(fpsRatio >= 0.8)})`,
      );
    }
    if (five && fiveThousand) {
      const openRatio = fiveThousand.interactive / five.interactive;
      console.log(`interactive, 5,000 steps / 500 steps: ${openRatio.toFixed(2)} × (target ≤ 3 ×: ${verdict(openRatio <= 3)})`);
    }
    if (typeof overlay === "string") console.log(`analytics overlay, ${OVERLAY_SIZE} steps: ${overlay}`);
    else if (overlay)
      console.log(
        `analytics overlay, ${OVERLAY_SIZE} steps, ${overlay.events.toLocaleString("en")} events posted: "Auswertung" interactive after ${overlay.toggleMs} ms (target < 2,000 ms: ${verdict(overlay.toggleMs < 2000)}); open plus overlay ${overlay.openAndOverlayMs} ms`,
      );
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(
      `editor route first-load JS: ${js.firstLoad.files} files, ${kb(js.firstLoad.raw)} raw, ${kb(js.firstLoad.gzip)} gzip (target < 250 KB: ${verdict(js.firstLoad.gzip < 250 * 1024)})`,
    );
    console.log(
      `all JS until the network is idle: ${js.untilIdle.files} files, ${kb(js.untilIdle.raw)} raw, ${kb(js.untilIdle.gzip)} gzip`,
    );
    if (process.env.BENCH_JS_LIST === "1") {
      // Names to hand to bench/bundleReport.ts, which says what is inside each file.
      const firstLoadUrls = new Set(js.firstLoad.list.map((f) => f.url));
      for (const f of [...js.untilIdle.list].sort((a, b) => b.gzip - a.gzip)) {
        console.log(
          `  ${kb(f.gzip).padStart(7)} gzip ${kb(f.raw).padStart(8)} raw  ${firstLoadUrls.has(f.url) ? "first load" : "later     "}  ${new URL(f.url).pathname}`,
        );
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone (it exits by itself when the build fails)
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
