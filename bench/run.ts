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
  for (const bench of BENCHES) {
    console.log(`\n== ${bench.name} ==`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
