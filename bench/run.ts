import { runConsentBench } from "./consent";
import { runBotBench } from "./bot";
import { runEditorBench } from "./editor";
import { runEngineBench } from "./engine";
import { runExportBench } from "./export";
import { runAnalyticsBench } from "./analytics";

/** Benchmarks, run in order; add new ones to the list. */
const BENCHES: { name: string; run: () => Promise<void> }[] = [
  { name: "engine", run: runEngineBench },
  { name: "editor", run: runEditorBench },
  { name: "export", run: runExportBench },
  { name: "consent", run: runConsentBench },
  { name: "bot", run: runBotBench },
  { name: "analytics", run: runAnalyticsBench },
];

async function main(): Promise<void> {
  // `npm run bench -- editor export` runs only the named benchmarks.
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(", ")}; known: ${BENCHES.map((b) => b.name).join(", ")}`);
  for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    console.log(`\n== ${bench.name} ==`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
