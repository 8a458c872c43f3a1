/*
 * Starts requests one per turn of the event loop, in the order they arrived.
 *
 * Node answers every socket that turned readable in one pass of its poll phase, and
 * accepts new connections there too. On a busy instance one pass can take hundreds of
 * milliseconds (50 clients × a few ms each), and some platforms accept only one new
 * connection per pass: under load a client that connects late waited seconds before
 * its first request was even read (the p99 of the flow-save load bench, issue 13).
 * Starting one request per turn (setImmediate runs what was queued before the turn
 * began, then the loop polls again) keeps each turn short, so new connections and
 * reads are picked up every few milliseconds and requests are answered in arrival
 * order. The queue only orders when work starts: what a request awaits later (the
 * database, a hash, a file) runs as before.
 */

export type RequestQueue = {
  /** Runs `start` after the requests queued before it, at most one per loop turn. */
  enqueue(start: () => void): void;
  /** Requests waiting to start. */
  readonly waiting: number;
};

export function createRequestQueue(): RequestQueue {
  const queue: (() => void)[] = [];
  let head = 0;
  let scheduled = false;

  const next = () => {
    const start = queue[head];
    queue[head++] = undefined as never;
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    scheduled = queue.length > head;
    // Scheduled before running `start`: a start that throws must not stall the queue.
    if (scheduled) setImmediate(next);
    start?.();
  };

  return {
    enqueue(start) {
      queue.push(start);
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    },
    get waiting() {
      return queue.length - head;
    },
  };
}
