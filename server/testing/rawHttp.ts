import net from "node:net";

/*
 * A client that sends a large request body over a raw socket, as tests of the server's
 * body limits need: fetch cannot send a body the way a careless client does, nor say how
 * much of it went out before the server answered or closed.
 */

export type RawSend = {
  /** Everything the server sent back (latin1), "" when nothing arrived. */
  answer: string;
  /** Bytes of the body written into the socket. */
  sent: number;
  /** The socket ended with an error (e.g. ECONNRESET) rather than a clean close. */
  error: string | null;
};

/**
 * POSTs `head` (request line and headers, without the blank line) with a body of `total`
 * spaces, announced by Content-Length or chunked, after `prefix` (counted in `total`).
 * How the client behaves:
 *  - "polite" reads while it sends and stops sending once an answer has come (as fetch does);
 *  - "pushy" reads while it sends but goes on sending until the server closes the connection;
 *  - "naive" writes the whole body before it reads anything.
 */
export async function sendLargeBody(
  port: number,
  head: string,
  options: { total: number; chunked: boolean; client: "polite" | "pushy" | "naive"; prefix?: string },
): Promise<RawSend> {
  const socket = net.connect(port, "127.0.0.1");
  let answer = "";
  let error: string | null = null;
  const onData = (chunk: Buffer) => (answer += chunk.toString("latin1"));
  const naive = options.client === "naive";
  if (!naive) socket.on("data", onData);
  else socket.pause();
  socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const framing = options.chunked ? "transfer-encoding: chunked" : `content-length: ${options.total}`;
  socket.write(`${head}\r\n${framing}\r\n\r\n`);
  const frame = (data: Buffer) =>
    options.chunked ? Buffer.concat([Buffer.from(`${data.byteLength.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data;
  let sent = 0;
  const write = async (data: Buffer) => {
    sent += data.byteLength;
    if (!socket.write(frame(data))) await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
  };
  if (options.prefix) await write(Buffer.from(options.prefix));
  const chunk = Buffer.alloc(1 << 20, 32);
  while (!socket.destroyed && sent < options.total && !(options.client === "polite" && answer)) {
    await write(chunk.subarray(0, Math.min(chunk.byteLength, options.total - sent)));
  }
  if (options.chunked && !socket.destroyed && !answer) socket.write("0\r\n\r\n");
  // A polite client that has its answer closes its side, as fetch does.
  if (options.client === "polite" && answer && !socket.destroyed) socket.end();
  if (naive) {
    socket.on("data", onData);
    socket.resume();
  }
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  socket.destroy();
  return { answer, sent, error };
}
