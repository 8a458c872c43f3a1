import { runConsentBench } from "./consent";
import { runBotBench } from "./bot";
import { runEditorBench } from "./editor";
import { runEngineBench } from "./engine";
import { runExportBench } from "./export";
import { runAnalyticsBench } from "./analytics";
import { runLoadBench } from "./load";
import { runScaleBench } from "./scale";

/** Benchmarks, run in order; add new ones to the list. */
const BENCHES: { name: string; run: () => Promise<void> }[] = [
  { name: "engine", run: runEngineBench },
  { name: "editor", run: runEditorBench },
  { name: "export", run: runExportBench },
  { name: "consent", run: runConsentBench },
  { name: "bot", run: runBotBench },
  { name: "analytics", run: runAnalyticsBench },
  { name: "load", run: runLoadBench },
  { name: "scale", run: runScaleBench },
];

/** `npm run bench` runs them all; `npm run bench -- load editor` only the ones named. */
async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(", ")}; there are: ${BENCHES.map((b) => b.name).join(", ")}`);
  for (const bench of BENCHES.filter((b) => names.length === 0 || names.includes(b.name))) {
    console.log(`\n== ${bench.name} ==`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
