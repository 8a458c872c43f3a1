import http from "node:http";

/*
 * The crowded scenario's control: a server that is not Flowguard, in a process of its own,
 * that refuses every request at once (413, then the connection closes) without reading its
 * body. The 30 MB client sends to it while the others fetch exports from Flowguard, so the
 * run shows what the client's own work costs everyone on this machine, apart from what
 * Flowguard does with its saves. Prints its port as one JSON line once it listens.
 */
// The body is not read: Node closes the connection once the answer is out (reading the 30 MB here
// would make this process, not the client, what the others lose to).
const server = http.createServer((request, response) => {
  response.writeHead(413, { "content-type": "application/json", connection: "close" });
  response.end('{"error":{"code":"PAYLOAD_TOO_LARGE"}}');
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
