import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { announcesMoreThan, payloadTooLarge, refusalJson } from "./body";

/*
 * A lingering close for a connection whose request body was refused as too large (413).
 *
 * Node's HTTP server ends an answer marked `connection: close` with `socket.destroySoon()`:
 * it sends the answer and a FIN, then closes the socket as soon as that is out. With
 * unread bytes of the body still in the socket, the system answers the close with a
 * reset, and a reset can make the client's system drop the answer it has received but not
 * yet read: a client that writes its whole body before reading gets "connection reset"
 * instead of its 413. Reading everything the client sends instead (Node's default when
 * the connection stays open) lets one client make the server read 30 MB or 3 GB on its
 * only JavaScript thread, at the cost of everyone else's latency.
 *
 * So, as web servers do (nginx's lingering close): after the answer, only the writing side
 * is closed (FIN); what still arrives is read and dropped until the client closes its side,
 * for at most LINGER_MS and LINGER_MAX_BYTES per connection, then the socket is closed.
 * The dropping is paced by one budget shared by all connections, LINGER_BYTES_PER_SECOND,
 * so clients sending refused bodies back to back cost the thread a bounded share of its
 * time (reading and dropping costs about 3 ms per MB here), however many they are.
 */

/** How long a refused body is still read after its answer went out. */
export const LINGER_MS = 5_000;
/** How much of a refused body is read and dropped after its answer, per connection. */
export const LINGER_MAX_BYTES = 16 << 20;
/** How fast refused bodies are read and dropped, all connections together. */
export const LINGER_BYTES_PER_SECOND = 16 << 20;
/**
 * How many connections may linger at once. Each holds what its client has sent and the
 * server has not yet read in the system's buffers (several MB on a fast link), so a client
 * sending refused bodies back to back would otherwise keep dozens open, hundreds of MB of
 * the machine's memory with them. A refused body beyond this closes the connection that has
 * lingered longest among those whose answer is wholly out; when every one is still sending
 * its answer, the newcomer does not linger (its connection closes once its answer is out).
 */
export const LINGER_MAX_CONNECTIONS = 8;

/**
 * A budget of bytes that fills at `bytesPerSecond` up to `burstBytes`. `take` spends
 * bytes (the budget may go below zero) and answers how many milliseconds to wait before
 * reading more: 0 while the budget lasts.
 */
export function byteBudget(bytesPerSecond: number, burstBytes: number, now: () => number = () => performance.now()) {
  let available = burstBytes;
  let at = now();
  return {
    take(bytes: number): number {
      const t = now();
      available = Math.min(burstBytes, available + ((t - at) * bytesPerSecond) / 1000);
      at = t;
      available -= bytes;
      return available >= 0 ? 0 : Math.ceil((-available * 1000) / bytesPerSecond);
    },
  };
}

const shared = byteBudget(LINGER_BYTES_PER_SECOND, 1 << 20);

const dropping = new WeakSet<IncomingMessage>();
/** The sockets whose requests' bodies are being dropped, the longest lingering first, with their answers. */
const lingering = new Map<Socket, ServerResponse>();

/** How many connections are lingering now (for tests). */
export function lingeringConnections(): number {
  return lingering.size;
}

/**
 * Whether `socket` may linger: it does already, or fewer than LINGER_MAX_CONNECTIONS do, or
 * room was made by closing the one lingering longest whose answer is wholly out (never one
 * whose answer is still being written). False when there is none: the request gets no
 * lingering, its connection closes once its answer is out.
 */
function roomToLinger(socket: Socket): boolean {
  if (lingering.has(socket) || lingering.size < LINGER_MAX_CONNECTIONS) return true;
  for (const [other, answer] of lingering) {
    if (answer.writableFinished && other.writableLength === 0) {
      lingering.delete(other);
      other.destroy();
      return true;
    }
  }
  return false;
}

/**
 * Reads and drops the rest of `request`'s body, paced by the shared budget; past
 * LINGER_MAX_BYTES the connection is closed. Reading starts now: a request whose body is
 * being read when its answer is done is not left to Node's own dropping, which reads all
 * there is at full speed. The connection counts as lingering (see `roomToLinger`) until the
 * body has been dropped whole or the connection closes. Returns a function that stops the
 * pacing's timer and the counting, or null when there was no room to linger.
 */
function dropRest(request: IncomingMessage, response: ServerResponse): (() => void) | null {
  const socket = request.socket;
  const release = () => {
    lingering.delete(socket);
    socket.off("close", release);
  };
  if (!roomToLinger(socket)) return null;
  if (!lingering.has(socket)) socket.once("close", release);
  lingering.set(socket, response);
  dropping.add(request);
  let dropped = 0;
  let resumeTimer: NodeJS.Timeout | undefined;
  // A reader that stopped part way (a web stream's iterator) would keep the body from flowing.
  request.removeAllListeners("readable");
  request.on("data", (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > LINGER_MAX_BYTES) return void request.socket.destroy();
    const wait = shared.take(chunk.byteLength);
    if (wait > 0) {
      request.pause();
      resumeTimer = setTimeout(() => request.resume(), wait);
    }
  });
  request.resume();
  return () => {
    clearTimeout(resumeTimer);
    release();
  };
}

/**
 * Marks the answer to `request` as the connection's last; from now on the rest of its body
 * is dropped as described above, and once the answer is out the connection lingers instead
 * of closing at once. Call before the answer is sent.
 */
export function closeAfterAnswer(request: IncomingMessage, response: ServerResponse): void {
  if (request.complete) return;
  response.setHeader("connection", "close");
  const socket = request.socket as Socket & { destroySoon?: () => void };
  let lingerTimer: NodeJS.Timeout | undefined;
  const close = () => socket.destroy();
  const stopDropping = dropRest(request, response);
  // No room to linger: Node closes the connection once the answer is out.
  if (!stopDropping) return;
  socket.once("close", () => {
    stopDropping();
    clearTimeout(lingerTimer);
  });
  // Node calls this once the `connection: close` answer is written (see above).
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
    // Closed once the answer and the FIN are out and nothing unread is left (or it is time).
    const closeWhenSent = () => (socket.writableFinished ? close() : socket.once("finish", close));
    if (request.complete) return closeWhenSent();
    lingerTimer = setTimeout(close, LINGER_MS);
    // The body ended or the client closed its side: nothing more to wait for.
    request.once("end", closeWhenSent);
    socket.once("end", closeWhenSent);
  };
}

/**
 * For answers made by someone else (Next.js): a body still unread when the answer is
 * complete is dropped paced, as a refused body is, instead of being read whole at full
 * speed by Node; a connection still sending it LINGER_MS later is closed (its answer has
 * long been sent). Call before the answer is made.
 */
export function dropUnreadBody(request: IncomingMessage, response: ServerResponse): void {
  // Most requests (every GET, every small body) have arrived whole by now: no listener for them.
  if (request.complete) return;
  // "prefinish": the answer is complete, just before Node decides what to do with the rest of the body.
  response.once("prefinish", () => {
    // Read whole, being read, already dropped as a refused body's rest, or gone with its connection (a
    // handler that gave up reading may have destroyed it): nothing to drop.
    const socket = request.socket;
    if (request.complete || request.readableFlowing || dropping.has(request) || request.destroyed || !socket) return;
    const stopDropping = dropRest(request, response);
    // No room to linger: the connection closes once the answer is out, instead of Node reading the rest whole.
    if (!stopDropping) return void response.once("finish", () => socket.destroy());
    let lingerTimer: NodeJS.Timeout | undefined;
    let stopped = false;
    // Counted from when the answer is out, not from when it was handed to the socket.
    response.once("finish", () => {
      if (!stopped) lingerTimer = setTimeout(() => socket.destroy(), LINGER_MS);
    });
    const stop = () => {
      stopped = true;
      stopDropping();
      clearTimeout(lingerTimer);
      // A kept-alive connection carries more requests: none of them keeps this one's listeners.
      request.off("end", stop);
      socket.off("close", stop);
    };
    request.once("end", stop);
    socket.once("close", stop);
  });
}

/**
 * For requests handed to a handler that is not ours (Next.js), which reads a body whole
 * before any limit of ours could apply: answers at once, without handing the request on,
 * 413 when its Content-Length announces a body above `maxBytes`, and 411 when it sends a
 * body without one (chunked: its size is known only once it has been read). Browsers and
 * fetch send a Content-Length with every form and string body. The body is then dropped as
 * a refused one. True when it answered.
 */
export function refuseUnboundedBody(request: IncomingMessage, response: ServerResponse, maxBytes: number): boolean {
  const { "content-length": length, "transfer-encoding": encoding } = request.headers;
  let refusal: { status: number; body: string };
  if (announcesMoreThan(length, maxBytes)) refusal = { status: 413, body: refusalJson(payloadTooLarge(maxBytes)) };
  // A GET or HEAD is not read for a body by anyone (a proxy may still frame an empty one as chunked).
  else if (length === undefined && encoding !== undefined && request.method !== "GET" && request.method !== "HEAD") {
    const message = `Send the request body with a Content-Length header (at most ${maxBytes} bytes).`;
    refusal = { status: 411, body: refusalJson({ code: "LENGTH_REQUIRED", message }) };
  } else return false;
  closeAfterAnswer(request, response);
  response.statusCode = refusal.status;
  response.setHeader("content-type", "application/json");
  response.setHeader("cache-control", "no-store");
  response.end(refusal.body);
  return true;
}
