import { ApiError, type ChatApi } from "./api";

/** The waits before listening again after the stream ended or broke: doubling from 2 s up to 30 s. */
export const RELISTEN_MS = [2_000, 4_000, 8_000, 16_000, 30_000];

export interface StaffReplyHandlers {
  /** A colleague at the shop wrote `messageId`; the history has it. */
  staffMessage(messageId: string): void;
  /** The page was away too long for the server to say what it missed: load the history again. */
  reset(): void;
  /** The link expired (401). */
  expired(): void;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/** Resolves when the page is in view (at once if it is), or when `signal` aborts: a phone in a pocket does not keep reconnecting. */
function inView(signal: AbortSignal) {
  if (typeof document === "undefined" || document.visibilityState !== "hidden") return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      if (document.visibilityState === "hidden" && !signal.aborted) return;
      document.removeEventListener("visibilitychange", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    document.addEventListener("visibilitychange", done);
    signal.addEventListener("abort", done);
  });
}

/**
 * Listens for the shop's staff writing to this customer (GET /events) until the returned function is
 * called. A stream that ends or breaks is opened again after a pause, with the last event's id as
 * Last-Event-ID, so the server sends what was missed; `ready`'s id is where a fresh stream starts from.
 * A refusal that asking again would not change (401: the link expired; 404) ends it for good.
 */
export function listenForStaffReplies(api: ChatApi, handlers: StaffReplyHandlers): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  void (async () => {
    let lastId: string | null = null;
    // Tries in a row that never got the stream going.
    let failures = 0;
    while (!signal.aborted) {
      try {
        await api.listen(
          lastId,
          ({ event, id, data }) => {
            if (id) lastId = id;
            if (event === "ready") failures = 0;
            else if (event === "staff_message" && typeof data?.messageId === "string") handlers.staffMessage(data.messageId);
            else if (event === "reset") handlers.reset();
            // `ping` only keeps the connection open.
          },
          signal,
        );
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) return handlers.expired();
        if (e instanceof ApiError && e.status < 500 && e.status !== 408 && e.status !== 429) return;
        // Otherwise the network or the server failed for now: try again.
      }
      await pause(RELISTEN_MS[Math.min(failures++, RELISTEN_MS.length - 1)]!, signal);
      await inView(signal);
    }
  })();
  return () => controller.abort();
}
