/*
 * Editor benchmark: real Chromium against the production build. Opens generated
 * flows of 500 and 1,000 steps and prints how long until the canvas is
 * interactive, the frame rate while dragging a step for 2 seconds, and the
 * editor route's first-load JavaScript (gzip). Prints figures; asserts nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/browser";
import { DEMO_LOGIN } from "../db/seed";
import type { FlowDocument } from "../core/flow";
import { generateFlow } from "./flowGenerator";
import { median } from "./measure";

// Overridable, so two checkouts can benchmark side by side.
const PORT = Number(process.env.FLOWGUARD_BENCH_PORT ?? 3300);
const BASE = `http://localhost:${PORT}`;
const SIZES = [500, 1000];
const DRAG_MS = 2000;

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
      FLOWGUARD_DIST_DIR: ".next-bench",
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

/** Spreads the generated steps on a grid so every step is on screen when the view fits. */
function onGrid(document: FlowDocument): FlowDocument {
  return { ...document, nodes: document.nodes.map((n, i) => ({ ...n, position: { x: (i % 25) * 280, y: Math.floor(i / 25) * 180 } })) };
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

/**
 * Opens the editor: time until the canvas is interactive at its opening view
 * (long flows open at their beginning, readable), then until every step is on
 * screen after "show everything" (the worst case: all steps rendered).
 */
async function measureOpen(page: Page, flowId: string): Promise<{ interactiveMs: number; allVisibleMs: number; rendered: number }> {
  const started = Date.now();
  await page.goto(`${BASE}/w/demo-gmbh/flows/${flowId}`);
  await page.locator(".react-flow__node").first().waitFor();
  // Interactive: the main thread is free again, two frames in a row.
  const twoFrames = "new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))";
  await page.evaluate(twoFrames);
  const interactiveMs = Date.now() - started;
  const fitStarted = Date.now();
  await page.locator(".react-flow__controls-fitview").click();
  await page.evaluate(twoFrames);
  const allVisibleMs = Date.now() - fitStarted;
  const rendered = await page.locator(".react-flow__node").count();
  return { interactiveMs, allVisibleMs, rendered };
}

async function measureDrag(page: Page): Promise<number> {
  const header = page.locator(".react-flow__node").nth(5);
  const box = (await header.boundingBox())!;
  const from = { x: box.x + box.width / 2, y: box.y + 6 };
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

type JsSize = { files: number; raw: number; gzip: number };

function sizeOf(bodies: Buffer[]): JsSize {
  return {
    files: bodies.length,
    raw: bodies.reduce((sum, b) => sum + b.length, 0),
    gzip: bodies.reduce((sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length, 0),
  };
}

/**
 * First-load JS as Next.js counts it: the scripts the page's HTML itself loads.
 * Also everything loaded until the network is idle (code fetched after start-up,
 * such as the compliance engine, included), for comparison.
 */
async function editorJs(page: Page, flowId: string): Promise<{ firstLoad: JsSize; untilIdle: JsSize }> {
  const url = `${BASE}/w/demo-gmbh/flows/${flowId}`;
  const html = await (await page.request.get(url)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => m[1]))];
  const firstLoad = await Promise.all(
    sources.map(async (src) => Buffer.from(await (await page.request.get(new URL(src, BASE).toString())).body())),
  );

  const all: Buffer[] = [];
  const fresh = await page
    .context()
    .browser()!
    .newContext({ storageState: await page.context().storageState() });
  const tab = await fresh.newPage();
  tab.on("response", async (response) => {
    if (response.request().resourceType() === "script") all.push(await response.body().catch(() => Buffer.alloc(0)));
  });
  await tab.goto(url, { waitUntil: "networkidle" });
  await fresh.close();
  return { firstLoad: sizeOf(firstLoad), untilIdle: sizeOf(all) };
}

export async function runEditorBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bench-"));
  const server = startServer(dir);
  try {
    await waitForServer(`${BASE}/signin`, 600_000);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${BASE}/signin`);
    await page.getByLabel(/E-Mail-Adresse|Email address/).fill(DEMO_LOGIN.email);
    await page.getByLabel(/^(Passwort|Password)$/).fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: /^(Anmelden|Sign in)$/ }).click();
    await page.waitForURL(/dashboard/);

    const rows: string[] = [];
    let lastFlow = "";
    for (const size of SIZES) {
      const flowId = await createBenchFlow(page, size);
      lastFlow = flowId;
      await measureOpen(page, flowId); // warm the server and browser caches once
      const opens = [];
      for (let i = 0; i < 3; i++) opens.push(await measureOpen(page, flowId));
      const interactive = median(opens.map((o) => o.interactiveMs));
      const allVisible = median(opens.map((o) => o.allVisibleMs));
      const fps = await measureDrag(page);
      rows.push(
        `│ ${String(size).padStart(5)} │ ${String(interactive).padStart(14)} │ ${String(allVisible).padStart(20)} │ ${String(opens[0].rendered).padStart(8)} │ ${fps.toFixed(1).padStart(13)} │`,
      );
    }
    const js = await editorJs(page, lastFlow);
    await browser.close();

    console.log("│ steps │ interactive ms │ + show everything ms │ rendered │ drag fps (2s) │");
    for (const row of rows) console.log(row);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`editor route first-load JS: ${js.firstLoad.files} files, ${kb(js.firstLoad.raw)} raw, ${kb(js.firstLoad.gzip)} gzip`);
    console.log(
      `all JS until the network is idle: ${js.untilIdle.files} files, ${kb(js.untilIdle.raw)} raw, ${kb(js.untilIdle.gzip)} gzip`,
    );
    console.log("targets: 1,000 steps interactive < 2,000 ms; ≥ 30 fps dragging with 500 steps; first-load JS < 300 KB gzip");
  } finally {
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone (it exits by itself when the build fails)
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
