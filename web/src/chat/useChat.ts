import { useCallback, useEffect, useReducer, useRef } from "react";
import { ApiError, NetworkError, type ChatApi } from "./api";
import { chatReducer, findAnswer, initialState, type ChatState } from "./chatReducer";
import { useWords } from "./i18n";
import { listenForStaffReplies } from "./staffReplies";
import type { History } from "./types";

/** How long a page that lost its connection keeps looking for the answer before offering to ask again. */
export const RECOVER_FOR_MS = 120_000;
const REFRESH_EVERY_MS = 20_000;

export interface ChatControls {
  state: ChatState;
  send(text: string): void;
  retry(): void;
  refresh(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the browser says it is online again, or after `ms`, whichever is first. */
function online(ms: number) {
  if (typeof navigator === "undefined" || navigator.onLine) return sleep(ms);
  return new Promise<void>((resolve) => {
    const done = () => {
      window.removeEventListener("online", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
  });
}

/** A v4 UUID; randomUUID needs a secure context, which a phone on a LAN demo over http is not. */
export function newId(): string {
  if (typeof crypto.randomUUID === "function" && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The conversation: sending, streaming answers, and recovering. Every message carries its own id, so
 * asking again after an error never doubles it on the server. When the connection drops mid-answer the
 * server still finishes and stores the answer; the page waits for the network and reads it from history.
 */
export function useChat(api: ChatApi, history: History, retryDelays: number[] = [1000, 2000, 4000, 8000]): ChatControls {
  // The generic failure is said in the lead's language (English outside a WordsProvider).
  const { ourSideFailed } = useWords();
  const [state, dispatch] = useReducer(chatReducer, history, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;

  const refresh = useCallback(async () => {
    try {
      dispatch({ type: "history", history: await api.history() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) dispatch({ type: "expired" });
      // Otherwise a background refresh failed quietly; the next one will try again.
    }
  }, [api]);

  /** After a dropped connection: wait for the network, then look for the message and its answer in the history. */
  const recover = useCallback(
    async (clientId: string) => {
      dispatch({ type: "reconnecting", clientId });
      const until = Date.now() + RECOVER_FOR_MS;
      for (let attempt = 0; Date.now() < until; attempt++) {
        await online(retryDelays[Math.min(attempt, retryDelays.length - 1)] ?? 1000);
        let latest: History;
        try {
          latest = await api.history();
        } catch (e) {
          if (e instanceof ApiError && e.status === 401) return dispatch({ type: "expired" });
          continue;
        }
        dispatch({ type: "history", history: latest });
        const found = findAnswer(latest, clientId);
        if (found.state === "answered") return;
        if (found.state === "missing") return dispatch({ type: "failed", clientId, problem: { kind: "not_sent" } });
      }
      dispatch({ type: "failed", clientId, problem: { kind: "unanswered" } });
    },
    [api, retryDelays],
  );

  const run = useCallback(
    async (clientId: string, text: string) => {
      try {
        const end = await api.stream(text, clientId, {
          onDelta: (delta) => dispatch({ type: "delta", clientId, text: delta }),
          onTool: (name) => dispatch({ type: "tool", clientId, name }),
        });
        if (end.kind === "done") dispatch({ type: "done", clientId, reply: end.reply });
        else if (end.code === "in_progress") await recover(clientId);
        else dispatch({ type: "failed", clientId, problem: { kind: "interrupted" } });
      } catch (e) {
        if (e instanceof NetworkError) return recover(clientId);
        if (e instanceof ApiError) {
          if (e.status === 401) return dispatch({ type: "expired" });
          if (e.status === 429)
            return dispatch({ type: "failed", clientId, problem: { kind: "rate_limited", retryAt: Date.now() + (e.retryAfterSeconds ?? 10) * 1000 } });
          if (e.status === 409 && e.code === "in_progress") return recover(clientId);
          if (e.status >= 400 && e.status < 500) return dispatch({ type: "failed", clientId, problem: { kind: "failed", message: e.message } });
        }
        dispatch({ type: "failed", clientId, problem: { kind: "failed", message: ourSideFailed } });
      }
    },
    [api, recover, ourSideFailed],
  );

  const send = useCallback(
    (text: string) => {
      const trimmed = text.trim();
      // A turn that stopped (cut off, not sent, rate-limited) gives way to the new message; one on its way does not.
      const turn = stateRef.current.turn;
      if (!trimmed || (turn && turn.phase !== "stopped") || stateRef.current.expired) return;
      const clientId = newId();
      dispatch({ type: "send", clientId, text: trimmed });
      void run(clientId, trimmed);
    },
    [run],
  );

  const retry = useCallback(() => {
    const turn = stateRef.current.turn;
    if (!turn || turn.phase !== "stopped") return;
    dispatch({ type: "retry" });
    void run(turn.clientId, turn.text);
  }, [run]);

  // Staff replies and texts arrive in the same thread: look again now and then while the page is in view.
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === "visible" && !stateRef.current.turn && !stateRef.current.expired) void refresh();
    };
    const timer = setInterval(tick, REFRESH_EVERY_MS);
    document.addEventListener("visibilitychange", tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [refresh]);

  // Staff replies as they are written, told by the live stream; the refresh above stays for texts and
  // anything the stream missed. A burst of replies loads the history once more, not once per reply.
  useEffect(() => {
    if (state.expired) return;
    let loading = false;
    let again = false;
    const catchUp = async () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      try {
        do {
          again = false;
          dispatch({ type: "staffReply", history: await api.history() });
        } while (again);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) dispatch({ type: "expired" });
        // Otherwise the next refresh brings the reply.
      } finally {
        loading = false;
      }
    };
    return listenForStaffReplies(api, {
      staffMessage: (messageId) => {
        if (!stateRef.current.messages.some((m) => m.id === messageId)) void catchUp();
      },
      reset: () => void catchUp(),
      expired: () => dispatch({ type: "expired" }),
    });
  }, [api, state.expired]);

  return { state, send, retry, refresh };
}
