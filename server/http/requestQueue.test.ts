import { describe, expect, it } from "vitest";
import { createRequestQueue } from "./requestQueue";

/** Resolves once every callback already queued with setImmediate (and those they queue for later turns) had its turn. */
const turns = (count: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : setImmediate(() => step(left - 1)));
    step(count);
  });

describe("request queue", () => {
  it("starts requests in the order they arrived", async () => {
    const queue = createRequestQueue();
    const started: number[] = [];
    for (let i = 0; i < 5; i++) queue.enqueue(() => started.push(i));
    expect(queue.waiting).toBe(5);
    await turns(6);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(queue.waiting).toBe(0);
  });

  it("starts one request per turn of the event loop, so other work gets its turn in between", async () => {
    const queue = createRequestQueue();
    const order: string[] = [];
    // Work of the loop's next turns (as reading a socket or accepting a connection would be).
    setImmediate(() => {
      order.push("turn 1");
      setImmediate(() => order.push("turn 2"));
    });
    queue.enqueue(() => order.push("request A"));
    queue.enqueue(() => order.push("request B"));
    await turns(4);
    expect(order).toEqual(["turn 1", "request A", "turn 2", "request B"]);
  });

  it("starts a request queued later once the earlier ones are done, and one queued when idle at once", async () => {
    const queue = createRequestQueue();
    const started: string[] = [];
    queue.enqueue(() => {
      started.push("first");
      queue.enqueue(() => started.push("queued by the first"));
    });
    await turns(3);
    queue.enqueue(() => started.push("after a pause"));
    await turns(1);
    expect(started).toEqual(["first", "queued by the first", "after a pause"]);
  });
});
