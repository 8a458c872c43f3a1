/*
 * The rulebook off the main thread: typing and dragging stay smooth while a large
 * flow is checked after each change.
 */
import { answer, type LiveCheckRequest, type LiveCheckResponse } from "./liveCheck";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LiveCheckRequest>) => void) | null;
  postMessage(message: LiveCheckResponse): void;
};

scope.onmessage = (event) => scope.postMessage(answer(event.data));
