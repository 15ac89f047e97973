import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatApi } from "./api";
import { FakeServer, json, problem, quietEvents } from "./test/fakeServer";
import { emptyHistory, historyMessage, reply } from "./test/fixtures";
import { liveStream, sseBytes, streamOf, type LiveStream } from "./test/sse";
import { RELISTEN_MS } from "./staffReplies";
import type { History } from "./types";
import { newId, RECOVER_FOR_MS, useChat } from "./useChat";

const NO_WAIT = [0];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const sse = (...events: Parameters<typeof sseBytes>[0]) => () => new Response(streamOf([sseBytes(events)]), { status: 200 });
/** An answer whose connection drops after a first delta. */
const dropped = () => new Response(streamOf([sseBytes([["delta", { text: "Sure, we" }]])]), { status: 200 });

function renderChat(server: FakeServer, history: History = emptyHistory(), delays: number[] = NO_WAIT) {
  const api: ChatApi = server.api();
  return renderHook(() => useChat(api, history, delays));
}

const streamBodies = (server: FakeServer) => server.callsTo("POST /stream").map((c) => c.body as { message: string; clientMessageId: string });

/** The history the server holds once it has stored the page's message (and maybe its answer). */
function stored(server: FakeServer, answer: string | null, extra: Partial<Parameters<typeof historyMessage>[0]> = {}): History {
  const asked = streamBodies(server).at(-1)!;
  const messages = [historyMessage({ id: "srv-q", role: "customer", content: asked.message, clientMessageId: asked.clientMessageId })];
  if (answer !== null) messages.push(historyMessage({ id: "srv-a", role: "assistant", content: answer, ...extra }));
  return emptyHistory({ messages });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("useChat", () => {
  it("sends the trimmed text with a fresh id, streams the answer and ends with the reply", async () => {
    const live = liveStream();
    const server = new FakeServer().on("POST /stream", live.respond);
    const { result } = renderChat(server);

    act(() => result.current.send("  What are your hours?  \n"));
    expect(result.current.state.turn).toMatchObject({ text: "What are your hours?", phase: "sending" });
    await waitFor(() => expect(streamBodies(server)).toHaveLength(1));
    const [body] = streamBodies(server);
    expect(body!.message).toBe("What are your hours?");
    expect(body!.clientMessageId).toMatch(UUID);
    expect(result.current.state.turn!.clientId).toBe(body!.clientMessageId);

    live.delta("We're open ");
    await waitFor(() => expect(result.current.state.turn?.answer).toBe("We're open "));
    live.delta("8 to 6.");
    await waitFor(() => expect(result.current.state.turn?.answer).toBe("We're open 8 to 6."));
    live.done(reply({ response: "We're open 8am to 6pm, Monday to Friday." }));
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    expect(result.current.state.messages.map((m) => [m.role, m.text])).toEqual([
      ["customer", "What are your hours?"],
      ["assistant", "We're open 8am to 6pm, Monday to Friday."],
    ]);
  });

  it("ignores empty messages and a second message while one is on its way", async () => {
    const live = liveStream();
    const server = new FakeServer().on("POST /stream", live.respond);
    const { result } = renderChat(server);
    act(() => result.current.send("   \n "));
    expect(result.current.state.turn).toBeNull();
    act(() => result.current.send("First"));
    act(() => result.current.send("Second"));
    await waitFor(() => expect(streamBodies(server)).toHaveLength(1));
    expect(result.current.state.turn!.text).toBe("First");
    live.done(reply());
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    expect(streamBodies(server).map((b) => b.message)).toEqual(["First"]);
  });

  it("a 429 stops the turn until Retry-After; retry sends the same clientMessageId", async () => {
    const now = Date.now();
    const server = new FakeServer()
      .once("POST /stream", () => problem(429, "rate_limited", "Too many messages.", { "Retry-After": "7" }))
      .on("POST /stream", sse(["done", reply({ response: "Hi Sam!" })]));
    const { result } = renderChat(server);
    act(() => result.current.send("Hello"));
    await waitFor(() => expect(result.current.state.problem?.kind).toBe("rate_limited"));
    const limited = result.current.state.problem as { kind: "rate_limited"; retryAt: number };
    expect(limited.retryAt).toBeGreaterThanOrEqual(now + 7000);
    expect(limited.retryAt).toBeLessThan(Date.now() + 7000 + 1);
    expect(result.current.state.turn?.phase).toBe("stopped");

    act(() => result.current.retry());
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    const [first, second] = streamBodies(server);
    expect(second).toEqual(first);
    expect(result.current.state.messages.map((m) => m.text)).toEqual(["Hello", "Hi Sam!"]);
  });

  it("a 429 without Retry-After waits 10 s", async () => {
    const server = new FakeServer().on("POST /stream", () => problem(429, "rate_limited", "Too many messages."));
    const { result } = renderChat(server);
    const before = Date.now();
    act(() => result.current.send("Hello"));
    await waitFor(() => expect(result.current.state.problem?.kind).toBe("rate_limited"));
    expect((result.current.state.problem as { retryAt: number }).retryAt).toBeGreaterThanOrEqual(before + 10_000);
  });

  it("an interrupted answer stops with the 'interrupted' problem, and retry asks again with the same id", async () => {
    const server = new FakeServer()
      .once("POST /stream", sse(["delta", { text: "Ceramic tint is" }], ["error", { code: "interrupted", message: "The answer was interrupted." }]))
      .on("POST /stream", sse(["done", reply({ response: "Ceramic tint is $349." })]));
    const { result } = renderChat(server);
    act(() => result.current.send("Tint price?"));
    await waitFor(() => expect(result.current.state.problem).toEqual({ kind: "interrupted" }));
    expect(result.current.state.turn).toMatchObject({ phase: "stopped", answer: "" });
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    const [first, second] = streamBodies(server);
    expect(second!.clientMessageId).toBe(first!.clientMessageId);
  });

  it("retry does nothing unless the turn stopped", async () => {
    const live = liveStream();
    const server = new FakeServer().on("POST /stream", live.respond);
    const { result } = renderChat(server);
    act(() => result.current.retry());
    act(() => result.current.send("Hi"));
    act(() => result.current.retry());
    await waitFor(() => expect(streamBodies(server)).toHaveLength(1));
    live.done(reply());
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    expect(streamBodies(server)).toHaveLength(1);
  });

  it("a refusal shows the server's reason; a server error a plain apology", async () => {
    const server = new FakeServer()
      .once("POST /stream", () => problem(400, "too_long", "Your message is too long."))
      .once("POST /stream", () => problem(503, null, "Service Unavailable"));
    const { result } = renderChat(server);
    act(() => result.current.send("Hi"));
    await waitFor(() => expect(result.current.state.problem).toEqual({ kind: "failed", message: "Your message is too long." }));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.state.problem).toEqual({ kind: "failed", message: "Something went wrong on our side." }));
  });

  it("a 401 expires the page", async () => {
    const server = new FakeServer().on("POST /stream", () => problem(401, null, "Unauthorized"));
    const { result } = renderChat(server);
    act(() => result.current.send("Hi"));
    await waitFor(() => expect(result.current.state.expired).toBe(true));
    expect(result.current.state.turn).toBeNull();
    act(() => result.current.send("Hello?"));
    expect(streamBodies(server)).toHaveLength(1);
  });

  describe("after a dropped connection", () => {
    it("reconnects, and takes the answer from the history once it is there", async () => {
      const server = new FakeServer().on("POST /stream", dropped);
      server.once("GET /history", () => json(stored(server, null))).on("GET /history", () => json(stored(server, "Sure, we can do Saturday at 9.")));
      vi.useFakeTimers();
      const { result } = renderChat(server, emptyHistory(), [1000, 2000]);
      act(() => result.current.send("Can you do Saturday?"));
      await act(() => vi.advanceTimersByTimeAsync(500));
      expect(result.current.state.problem).toEqual({ kind: "offline" });
      expect(result.current.state.turn).toMatchObject({ phase: "reconnecting", delivered: true });
      expect(server.callsTo("GET /history")).toHaveLength(0);
      await act(() => vi.advanceTimersByTimeAsync(500));
      // The first look finds the message but no answer yet.
      expect(server.callsTo("GET /history")).toHaveLength(1);
      expect(result.current.state.problem).toEqual({ kind: "offline" });
      expect(result.current.state.messages.map((m) => m.text)).toEqual(["Can you do Saturday?"]);
      await act(() => vi.advanceTimersByTimeAsync(2000));
      expect(result.current.state.turn).toBeNull();
      expect(result.current.state.problem).toBeNull();
      expect(result.current.state.messages.map((m) => m.text)).toEqual(["Can you do Saturday?", "Sure, we can do Saturday at 9."]);
      expect(result.current.state.announcement).toBe("Sure, we can do Saturday at 9.");
      expect(server.callsTo("GET /history")).toHaveLength(2);
      expect(streamBodies(server)).toHaveLength(1);
    });

    it("says the message was not sent when the history does not have it; retry sends it with the same id", async () => {
      const server = new FakeServer()
        .once("POST /stream", () => Promise.reject(new TypeError("Failed to fetch")))
        .on("POST /stream", sse(["done", reply({ response: "Yes!" })]))
        .on("GET /history", () => json(emptyHistory()));
      const { result } = renderChat(server);
      act(() => result.current.send("Are you open Sunday?"));
      await waitFor(() => expect(result.current.state.problem).toEqual({ kind: "not_sent" }));
      act(() => result.current.retry());
      await waitFor(() => expect(result.current.state.turn).toBeNull());
      const [first, second] = streamBodies(server);
      expect(second).toEqual(first);
    });

    it("keeps looking through failed history loads", async () => {
      const server = new FakeServer().on("POST /stream", dropped);
      server
        .once("GET /history", () => Promise.reject(new TypeError("Failed to fetch")))
        .once("GET /history", () => problem(503, null, "Unavailable"))
        .on("GET /history", () => json(stored(server, "Yes.")));
      const { result } = renderChat(server);
      act(() => result.current.send("Open today?"));
      await waitFor(() => expect(result.current.state.turn).toBeNull());
      expect(server.callsTo("GET /history")).toHaveLength(3);
      expect(result.current.state.messages.at(-1)!.text).toBe("Yes.");
    });

    it("expires the page when the history answers 401", async () => {
      const server = new FakeServer().on("POST /stream", dropped).on("GET /history", () => problem(401, null, "Unauthorized"));
      const { result } = renderChat(server);
      act(() => result.current.send("Hi"));
      await waitFor(() => expect(result.current.state.expired).toBe(true));
    });

    it("an 'in_progress' error event or 409 also waits for the stored answer", async () => {
      const server = new FakeServer()
        .once("POST /stream", sse(["error", { code: "in_progress", message: "Still answering." }]))
        .once("POST /stream", () => problem(409, "in_progress", "Still answering."));
      server.on("GET /history", () => json(stored(server, "Done now.")));
      const { result } = renderChat(server);
      act(() => result.current.send("First"));
      await waitFor(() => expect(result.current.state.messages.at(-1)?.text).toBe("Done now."));
      expect(result.current.state.turn).toBeNull();
      act(() => result.current.send("Second"));
      await waitFor(() => expect(result.current.state.turn).toBeNull());
      expect(result.current.state.messages.map((m) => m.text)).toEqual(["Second", "Done now."]);
      expect(server.callsTo("GET /history")).toHaveLength(2);
    });

    it("gives up after two minutes without an answer, offering to ask again", async () => {
      vi.useFakeTimers();
      const server = new FakeServer().on("POST /stream", dropped);
      server.on("GET /history", () => json(stored(server, null)));
      const { result } = renderChat(server, emptyHistory(), [1000, 2000, 4000, 8000]);
      act(() => result.current.send("Anyone there?"));
      await act(() => vi.advanceTimersByTimeAsync(1000));
      expect(result.current.state.problem).toEqual({ kind: "offline" });
      expect(result.current.state.turn).toMatchObject({ phase: "reconnecting", delivered: true });
      await act(() => vi.advanceTimersByTimeAsync(RECOVER_FOR_MS - 2000));
      expect(result.current.state.problem).toEqual({ kind: "offline" });
      // The last look starts before the two minutes are up and ends after them.
      await act(() => vi.advanceTimersByTimeAsync(10_000));
      expect(result.current.state.problem).toEqual({ kind: "unanswered" });
      expect(result.current.state.turn?.phase).toBe("stopped");
      // 1 + 2 + 4 + 8 + 8 + … seconds: about 17 looks in two minutes.
      expect(server.callsTo("GET /history").length).toBeGreaterThan(10);
      expect(server.callsTo("GET /history").length).toBeLessThan(20);
    });

    it("while the phone is offline, looks again as soon as it is back online", async () => {
      vi.useFakeTimers();
      const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
      try {
        const server = new FakeServer().on("POST /stream", () => Promise.reject(new TypeError("Failed to fetch")));
        server.on("GET /history", () => json(stored(server, "Yes, we're open.")));
        const { result } = renderChat(server, emptyHistory(), [8000]);
        act(() => result.current.send("Open now?"));
        await act(() => vi.advanceTimersByTimeAsync(3000));
        expect(server.callsTo("GET /history")).toHaveLength(0);
        expect(result.current.state.problem).toEqual({ kind: "offline" });
        onLine.mockReturnValue(true);
        await act(async () => {
          window.dispatchEvent(new Event("online"));
          await vi.advanceTimersByTimeAsync(0);
        });
        expect(server.callsTo("GET /history")).toHaveLength(1);
        expect(result.current.state.turn).toBeNull();
        expect(result.current.state.messages.at(-1)!.text).toBe("Yes, we're open.");
      } finally {
        onLine.mockRestore();
      }
    });

    it("waits for the delays it was given", async () => {
      vi.useFakeTimers();
      const server = new FakeServer().on("POST /stream", dropped);
      server.on("GET /history", () => json(stored(server, null)));
      const { result } = renderChat(server, emptyHistory(), [1000, 2000, 4000]);
      act(() => result.current.send("Hi"));
      const looks = () => server.callsTo("GET /history").length;
      await act(() => vi.advanceTimersByTimeAsync(999));
      expect(looks()).toBe(0);
      await act(() => vi.advanceTimersByTimeAsync(1));
      expect(looks()).toBe(1);
      await act(() => vi.advanceTimersByTimeAsync(1999));
      expect(looks()).toBe(1);
      await act(() => vi.advanceTimersByTimeAsync(1));
      expect(looks()).toBe(2);
      await act(() => vi.advanceTimersByTimeAsync(4000));
      expect(looks()).toBe(3);
      await act(() => vi.advanceTimersByTimeAsync(4000));
      expect(looks()).toBe(4);
    });
  });

  describe("refreshing", () => {
    it("looks for staff replies and texts every 20 seconds while idle", async () => {
      vi.useFakeTimers();
      const staff = historyMessage({ role: "staff", channel: "sms", content: "Hi Sam, Dana here. Saturday works!" });
      const server = new FakeServer().once("GET /history", () => json(emptyHistory())).on("GET /history", () => json(emptyHistory({ staffTakeover: true, messages: [staff] })));
      const { result } = renderChat(server);
      await act(() => vi.advanceTimersByTimeAsync(19_999));
      expect(server.callsTo("GET /history")).toHaveLength(0);
      await act(() => vi.advanceTimersByTimeAsync(1));
      expect(server.callsTo("GET /history")).toHaveLength(1);
      expect(result.current.state.messages).toEqual([]);
      await act(() => vi.advanceTimersByTimeAsync(20_000));
      expect(result.current.state.messages.map((m) => m.text)).toEqual(["Hi Sam, Dana here. Saturday works!"]);
      expect(result.current.state.staffTakeover).toBe(true);
      expect(result.current.state.announcement).toBe("Hi Sam, Dana here. Saturday works!");
    });

    it("does not refresh while an answer is on its way", async () => {
      vi.useFakeTimers();
      const live = liveStream();
      const server = new FakeServer().on("POST /stream", live.respond).on("GET /history", () => json(emptyHistory()));
      const { result } = renderChat(server);
      act(() => result.current.send("Hi"));
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(server.callsTo("GET /history")).toHaveLength(0);
    });

    it("refresh() failing quietly keeps the thread; a 401 expires it", async () => {
      const start = emptyHistory({ messages: [historyMessage({ role: "assistant", channel: "sms", content: "Thanks for your interest!" })] });
      const server = new FakeServer().once("GET /history", () => Promise.reject(new TypeError("Failed to fetch"))).once("GET /history", () => problem(401, null, "Unauthorized"));
      const { result } = renderChat(server, start);
      await act(() => result.current.refresh());
      expect(result.current.state.messages).toHaveLength(1);
      expect(result.current.state.expired).toBe(false);
      await act(() => result.current.refresh());
      expect(result.current.state.expired).toBe(true);
    });
  });
});

describe("staff replies as they are written", () => {
  const dana = historyMessage({ id: "6f1e2d3c-0000-4000-8000-0000000000d1", role: "staff", content: "Hi Sam, Dana here. Saturday works!", staffName: "Dana" });
  const told = (message = dana) => ({ messageId: message.id, at: message.createdAt });
  /** The live stream, pushed by the test; one per connection the page opens. */
  function liveEvents(server: FakeServer) {
    const streams: LiveStream[] = [];
    server.on("GET /events", () => {
      const live = liveStream();
      streams.push(live);
      return live.respond();
    });
    return async (n = 0) => {
      await waitFor(() => expect(streams[n]).toBeDefined());
      return streams[n]!;
    };
  }
  const listens = (server: FakeServer) => server.callsTo("GET /events");

  it("loads the history when the stream tells of a staff message, and shows it once", async () => {
    const server = new FakeServer().on("GET /history", () => json(emptyHistory({ staffTakeover: true, messages: [dana] })));
    const stream = liveEvents(server);
    const { result } = renderChat(server);
    const events = await stream();
    events.event("ready", null, "40");

    events.event("staff_message", told(), "41");
    await waitFor(() => expect(result.current.state.messages.map((m) => m.text)).toEqual(["Hi Sam, Dana here. Saturday works!"]));
    expect(result.current.state.messages[0]!.staffName).toBe("Dana");
    expect(result.current.state.announcement).toBe("Hi Sam, Dana here. Saturday works!");
    expect(result.current.state.staffTakeover).toBe(true);

    // Heard again (a replay after a reconnect): the page has it, so it does not ask.
    events.event("ping", null);
    events.event("staff_message", told(), "41");
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(server.callsTo("GET /history")).toHaveLength(1);
    // Away too long for the server to say what was missed: the whole history again.
    events.event("reset", null, "90");
    await waitFor(() => expect(server.callsTo("GET /history")).toHaveLength(2));
    expect(result.current.state.messages).toHaveLength(1);
  });

  it("while an answer streams, adds the staff's message without disturbing the answer", async () => {
    const server = new FakeServer();
    const answer = liveStream();
    server.on("POST /stream", answer.respond);
    server.on("GET /history", () => json(emptyHistory({ messages: [historyMessage({ id: "srv-q", role: "customer", content: "Saturday?", clientMessageId: streamBodies(server)[0]!.clientMessageId }), dana] })));
    const stream = liveEvents(server);
    const { result } = renderChat(server);
    const events = await stream();
    act(() => result.current.send("Saturday?"));
    answer.delta("Let me ");
    await waitFor(() => expect(result.current.state.turn?.answer).toBe("Let me "));

    events.event("staff_message", told(), "41");
    await waitFor(() => expect(result.current.state.messages.map((m) => m.id)).toEqual([dana.id]));
    expect(result.current.state.turn).toMatchObject({ phase: "streaming", answer: "Let me " });
    answer.delta("check.");
    answer.done(reply({ response: "Let me check.", messageId: "srv-a" }));
    await waitFor(() => expect(result.current.state.turn).toBeNull());
    expect(result.current.state.messages.map((m) => m.text)).toEqual(["Hi Sam, Dana here. Saturday works!", "Saturday?", "Let me check."]);
  });

  it("after a drop, listens again 2 s later from the last event it heard, backing off while the server is away", async () => {
    vi.useFakeTimers();
    const server = new FakeServer()
      .once("GET /events", () => new Response(streamOf([sseBytes([["ready", null, "40"], ["staff_message", told(), "41"]])], { fail: true }), { status: 200 }))
      .once("GET /events", () => Promise.reject(new TypeError("Failed to fetch")))
      .once("GET /events", () => problem(503, null, "Service Unavailable"))
      .on("GET /events", quietEvents)
      .on("GET /history", () => json(emptyHistory({ messages: [dana] })));
    const { result } = renderChat(server);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.state.messages.map((m) => m.id)).toEqual([dana.id]);
    expect(listens(server)).toHaveLength(1);
    expect(listens(server)[0]!.headers["last-event-id"]).toBeUndefined();

    await act(() => vi.advanceTimersByTimeAsync(RELISTEN_MS[0]! - 1));
    expect(listens(server)).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(listens(server)).toHaveLength(2);
    // Refused or unreachable: each wait is longer than the one before.
    await act(() => vi.advanceTimersByTimeAsync(RELISTEN_MS[1]!));
    expect(listens(server)).toHaveLength(3);
    await act(() => vi.advanceTimersByTimeAsync(RELISTEN_MS[2]! - 1));
    expect(listens(server)).toHaveLength(3);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(listens(server)).toHaveLength(4);
    expect(listens(server).map((c) => c.headers["last-event-id"])).toEqual([undefined, "41", "41", "41"]);
  });

  it("waits for the page to be in view before listening again", async () => {
    vi.useFakeTimers();
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    try {
      const server = new FakeServer().once("GET /events", () => Promise.reject(new TypeError("Failed to fetch")));
      renderChat(server);
      await act(() => vi.advanceTimersByTimeAsync(RELISTEN_MS.at(-1)! * 2));
      expect(listens(server)).toHaveLength(1);
      visibility.mockReturnValue("visible");
      await act(async () => {
        document.dispatchEvent(new Event("visibilitychange"));
        await vi.advanceTimersByTimeAsync(0);
      });
      expect(listens(server)).toHaveLength(2);
    } finally {
      visibility.mockRestore();
    }
  });

  it("stops for good on 401 (the link expired) and on 404", async () => {
    vi.useFakeTimers();
    const expired = new FakeServer().on("GET /events", () => problem(401, null, "Unauthorized"));
    const first = renderChat(expired);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(first.result.current.state.expired).toBe(true);

    const gone = new FakeServer().on("GET /events", () => problem(404, null, "Not Found"));
    const second = renderChat(gone);
    await act(() => vi.advanceTimersByTimeAsync(RELISTEN_MS.at(-1)! * 2));
    expect(second.result.current.state.expired).toBe(false);
    expect(listens(expired)).toHaveLength(1);
    expect(listens(gone)).toHaveLength(1);
  });

  it("lets go of the stream when the page goes away", async () => {
    const cancelled = vi.fn();
    const server = new FakeServer().on("GET /events", () => new Response(new ReadableStream({ cancel: cancelled }), { status: 200 }));
    const { unmount } = renderChat(server);
    await waitFor(() => expect(listens(server)).toHaveLength(1));
    unmount();
    await waitFor(() => expect(cancelled).toHaveBeenCalled());
  });
});

describe("newId", () => {
  it("makes distinct v4 UUIDs", () => {
    const ids = new Set(Array.from({ length: 50 }, newId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it("makes them without randomUUID outside a secure context", () => {
    const spy = vi.spyOn(crypto, "randomUUID");
    vi.stubGlobal("isSecureContext", false);
    try {
      expect(newId()).toMatch(UUID);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
      spy.mockRestore();
    }
  });
});
