import fs from "node:fs";
import net from "node:net";

/*
 * The "one client" of the load bench's crowded scenario, in a process of its own: it sends
 * the body in HOG_BODY_FILE to HOG_URL (POST, HOG_COOKIE, HOG_ORIGIN) over and over until
 * stopped with SIGTERM, then prints how many it sent, the answers and its own CPU time as
 * one JSON line. Its own process, because writing 30 MB into a socket stalls the process
 * that does it: in the measuring process that stall was counted as the server's latency
 * for everyone else.
 *
 * It sends with fetch; HOG_CLIENT=raw writes the request into a socket 1 MB at a time
 * instead and stops sending and closes once the answer is in. fetch costs this process
 * most of a core here (about 60 ms of CPU per refused 30 MB save), which on a 2-core
 * machine takes that core from the server and the other clients; the raw client costs
 * about a quarter of that per save but sends several times as many.
 */
const body = fs.readFileSync(process.env.HOG_BODY_FILE!);
const url = new URL(process.env.HOG_URL!);
const headers = { "content-type": "application/json", cookie: process.env.HOG_COOKIE!, origin: process.env.HOG_ORIGIN! };
let stop = false;
let sent = 0;
const statuses = new Set<string>();
process.on("SIGTERM", () => {
  stop = true;
});

async function withFetch(): Promise<string> {
  const response = await fetch(url, { method: "POST", headers, body }).catch(() => null);
  if (!response) return "connection closed";
  await response.arrayBuffer().catch(() => undefined);
  return String(response.status);
}

function withSocket(): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = "";
    let offset = 0;
    const status = () => /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
    const finish = () => {
      socket.destroy();
      resolve(answer ? (status() ?? "garbled") : "connection closed");
    };
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      // The answer is in: stop sending and close, as a browser does with an answer to an unfinished upload.
      if (status() && answer.includes("\r\n\r\n")) finish();
    });
    const head = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, `content-length: ${body.byteLength}`];
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    const pump = () => {
      while (offset < body.byteLength && !socket.destroyed) {
        const slice = body.subarray(offset, offset + (1 << 20));
        offset += slice.byteLength;
        if (!socket.write(slice)) return void socket.once("drain", pump);
      }
    };
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    pump();
  });
}

async function main(): Promise<void> {
  const send = process.env.HOG_CLIENT === "raw" ? withSocket : withFetch;
  // HOG_EVERY_MS: one save started every so many ms (a person saving again and again), instead of back to back.
  const every = Number(process.env.HOG_EVERY_MS ?? 0);
  while (!stop) {
    const started = performance.now();
    statuses.add(await send());
    sent++;
    const wait = every - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ sent, statuses: [...statuses], cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
}

void main();
