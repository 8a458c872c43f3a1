import fs from "node:fs";

/*
 * The "one client" of the load bench's crowded scenario, in a process of its own: it sends
 * the body in HOG_BODY_FILE to HOG_URL (POST, HOG_COOKIE, HOG_ORIGIN) over and over until
 * stopped with SIGTERM, then prints how many it sent, the answers and its own CPU time as one JSON line. Its
 * own process, because writing 30 MB into a socket stalls the process that does it: in the
 * measuring process that stall was counted as the server's latency for everyone else.
 */
const body = fs.readFileSync(process.env.HOG_BODY_FILE!);
let stop = false;
let sent = 0;
const statuses = new Set<string>();
process.on("SIGTERM", () => {
  stop = true;
});

async function main(): Promise<void> {
  while (!stop) {
    const response = await fetch(process.env.HOG_URL!, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: process.env.HOG_COOKIE!, origin: process.env.HOG_ORIGIN! },
      body,
    }).catch(() => null);
    if (response) {
      statuses.add(String(response.status));
      await response.arrayBuffer().catch(() => undefined);
    } else statuses.add("connection closed");
    sent++;
  }
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ sent, statuses: [...statuses], cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
}

void main();
