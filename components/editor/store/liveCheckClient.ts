import type { Diagnostic, WorkspaceLegal } from "@/core/compliance";
import type { FlowDocument, Locale } from "@/core/flow";
import type { LiveCheckRequest, LiveCheckResponse } from "./liveCheck";

export type LiveCheckClient = {
  check(document: FlowDocument, legal: WorkspaceLegal | null, locale: Locale): Promise<Diagnostic[]>;
  dispose(): void;
};

type Pending = { resolve: (diagnostics: Diagnostic[]) => void; reject: (error: Error) => void };

/**
 * Runs the live check in a Web Worker. Where no worker can start (an old browser, a
 * blocked script, tests in Node) the same check runs in this thread instead.
 */
export function createLiveCheckClient(): LiveCheckClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let inThread: Promise<typeof import("./liveCheck")> | null = null;

  const runInThread = async (request: LiveCheckRequest) => {
    inThread ??= import("./liveCheck");
    const response = (await inThread).answer(request);
    if ("error" in response) throw new Error(response.error);
    return response.diagnostics;
  };

  const dropWorker = () => {
    worker?.terminate();
    worker = null;
    // Whatever the worker still owed is answered here.
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new Error("The live check stopped."));
    }
  };

  if (typeof Worker !== "undefined") {
    try {
      worker = new Worker(new URL("./liveCheck.worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = (event: MessageEvent<LiveCheckResponse>) => {
        const waiting = pending.get(event.data.id);
        if (!waiting) return;
        pending.delete(event.data.id);
        if ("error" in event.data) waiting.reject(new Error(event.data.error));
        else waiting.resolve(event.data.diagnostics);
      };
      worker.onerror = dropWorker;
    } catch {
      worker = null;
    }
  }

  return {
    check(document, legal, locale) {
      const request: LiveCheckRequest = { id: nextId++, document, legal, locale };
      const target = worker;
      if (!target) return runInThread(request);
      return new Promise<Diagnostic[]>((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        target.postMessage(request);
      });
    },
    dispose: dropWorker,
  };
}
