import { runAnalyticsBench } from "/work/main/bench/analytics";
await runAnalyticsBench();
