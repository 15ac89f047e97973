// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiError, ChatApi, NetworkError, type LiveEvent } from "./api";
import { FakeServer, json, LEAD_ID, problem, TOKEN } from "./test/fakeServer";
import { appointment, emptyHistory, reply, slotsView, tint } from "./test/fixtures";
import { chunked, liveStream, sseBytes, splitAt, streamOf, type SseEvent } from "./test/sse";

const sseResponse = (chunks: Uint8Array[], options: { fail?: boolean } = {}) => () =>
  new Response(streamOf(chunks, options), { status: 200, headers: { "Content-Type": "text/event-stream" } });

const handlers = () => ({ onDelta: vi.fn<(text: string) => void>(), onTool: vi.fn<(name: string) => void>() });

const answer = reply({ response: "Ceramic tint on a Camry is $349 — about 3 hours. ✨", messageId: "m-1", tools: ["lookup_price"] });
const events: SseEvent[] = [
  ["delta", { text: "Ceramic tint on a Camry " }],
  ["tool", { name: "lookup_price" }],
  ["delta", { text: "is $349 — " }],
  ["delta", { text: "about 3 hours. ✨" }],
  ["done", answer],
];

describe("ChatApi.stream", () => {
  it.each([1, 2, 3, 5, 7, 64, 100_000])("reads deltas in order and resolves with done, in chunks of %i bytes", async (size) => {
    const server = new FakeServer().on("POST /stream", sseResponse(chunked(sseBytes(events), size)));
    const h = handlers();
    const end = await server.api().stream("How much is tint?", "cmid-1", h);
    expect(h.onDelta.mock.calls.map(([t]) => t)).toEqual(["Ceramic tint on a Camry ", "is $349 — ", "about 3 hours. ✨"]);
    expect(h.onTool.mock.calls).toEqual([["lookup_price"]]);
    expect(end).toEqual({ kind: "done", reply: answer });
  });

  it("decodes a multibyte character cut between chunks, and an event cut between its lines", async () => {
    const bytes = sseBytes([["delta", { text: "Café ✓ — 🚗" }], ["done", reply({ response: "Café ✓ — 🚗" })]]);
    const text = new TextDecoder().decode(bytes);
    // Byte offsets inside "é", "✓" and "🚗", and right after "event: delta\n".
    const byteAt = (s: string) => new TextEncoder().encode(text.slice(0, text.indexOf(s))).length;
    const cuts = [byteAt("é") + 1, byteAt("✓") + 1, byteAt("✓") + 2, byteAt("🚗") + 3, "event: delta\n".length, byteAt("event: done") + 3];
    const server = new FakeServer().on("POST /stream", sseResponse(splitAt(bytes, cuts)));
    const h = handlers();
    const end = await server.api().stream("hi", "cmid-1", h);
    expect(h.onDelta.mock.calls).toEqual([["Café ✓ — 🚗"]]);
    expect(end.kind === "done" && end.reply.response).toBe("Café ✓ — 🚗");
  });

  it("resolves with the server's error event", async () => {
    const server = new FakeServer().on(
      "POST /stream",
      sseResponse(chunked(sseBytes([["delta", { text: "We can " }], ["error", { code: "interrupted", message: "The answer was interrupted." }]]), 4)),
    );
    const h = handlers();
    await expect(server.api().stream("hi", "cmid-1", h)).resolves.toEqual({ kind: "error", code: "interrupted", message: "The answer was interrupted." });
    expect(h.onDelta).toHaveBeenCalledWith("We can ");
  });

  it("rejects with NetworkError when the stream ends without done or error", async () => {
    const server = new FakeServer().on("POST /stream", sseResponse(chunked(sseBytes([["delta", { text: "We can do" }]]), 5)));
    const h = handlers();
    const result = server.api().stream("hi", "cmid-1", h);
    await expect(result).rejects.toBeInstanceOf(NetworkError);
    await expect(result).rejects.toThrow("The answer stopped before it ended.");
    expect(h.onDelta).toHaveBeenCalledWith("We can do");
  });

  it("rejects with NetworkError when a half-sent done event is all that arrives", async () => {
    const bytes = sseBytes([["done", reply()]]);
    const server = new FakeServer().on("POST /stream", sseResponse([bytes.slice(0, bytes.length - 1)]));
    await expect(server.api().stream("hi", "cmid-1", handlers())).rejects.toBeInstanceOf(NetworkError);
  });

  it("rejects with NetworkError when the connection breaks mid-answer", async () => {
    const server = new FakeServer().on("POST /stream", sseResponse(chunked(sseBytes([["delta", { text: "We can do" }]]), 5), { fail: true }));
    await expect(server.api().stream("hi", "cmid-1", handlers())).rejects.toBeInstanceOf(NetworkError);
  });

  it("rejects with NetworkError when fetch itself fails (offline)", async () => {
    const api = new ChatApi(LEAD_ID, TOKEN, () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(api.stream("hi", "cmid-1", handlers())).rejects.toBeInstanceOf(NetworkError);
    await expect(api.history()).rejects.toBeInstanceOf(NetworkError);
  });

  it("rejects with ApiError carrying Retry-After for a 429", async () => {
    const server = new FakeServer().on("POST /stream", () => problem(429, "rate_limited", "Too many messages. Please wait a moment.", { "Retry-After": "12" }));
    const error = await server
      .api()
      .stream("hi", "cmid-1", handlers())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", message: "Too many messages. Please wait a moment.", retryAfterSeconds: 12 });
  });

  it("reads a refusal without a body or Retry-After", async () => {
    const server = new FakeServer().on("POST /stream", () => new Response("oops", { status: 502 }));
    const error = await server
      .api()
      .stream("hi", "cmid-1", handlers())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ApiError", status: 502, code: null, message: "HTTP 502", retryAfterSeconds: null });
  });

  it("sends the bearer token, the message and its clientMessageId", async () => {
    const server = new FakeServer().on("POST /stream", sseResponse([sseBytes([["done", reply()]])]));
    await server.api().stream("Are you open Sunday?", "0b6e1c9a-3d2f-4a8b-9c7e-5f4d3c2b1a09", handlers());
    const [call] = server.calls;
    expect(call).toMatchObject({ method: "POST", url: `/api/chat/${LEAD_ID}/stream` });
    expect(call!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.headers.accept).toBe("text/event-stream");
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(call!.body).toEqual({ message: "Are you open Sunday?", clientMessageId: "0b6e1c9a-3d2f-4a8b-9c7e-5f4d3c2b1a09" });
  });
});

describe("ChatApi.listen", () => {
  const staffMessage = { messageId: "6f1e2d3c-0000-4000-8000-000000000001", at: "2026-11-24T15:30:00Z" };

  it("hands over each event with its id, and resolves when the stream ends", async () => {
    const bytes = new TextEncoder().encode(
      "retry: 2000\nid: 41\nevent: ready\ndata: null\n\nevent: ping\ndata: null\n\n" +
        `id: 42\nevent: staff_message\ndata: ${JSON.stringify(staffMessage)}\n\nid: 57\nevent: reset\ndata: null\n\n`,
    );
    const server = new FakeServer().on("GET /events", sseResponse(chunked(bytes, 7)));
    const heard: LiveEvent[] = [];
    await server.api().listen(null, (e) => heard.push(e));
    expect(heard).toEqual([
      { event: "ready", id: "41", data: null },
      { event: "ping", id: undefined, data: null },
      { event: "staff_message", id: "42", data: staffMessage },
      { event: "reset", id: "57", data: null },
    ]);
  });

  it("sends the bearer token, and Last-Event-ID only when resuming", async () => {
    const server = new FakeServer().on("GET /events", sseResponse([]));
    const api = server.api();
    await api.listen(null, () => {});
    await api.listen("42", () => {});
    const [fresh, resumed] = server.callsTo("GET /events");
    expect(fresh!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: "text/event-stream" });
    expect(fresh!.headers["last-event-id"]).toBeUndefined();
    expect(resumed!.headers["last-event-id"]).toBe("42");
  });

  it("rejects with ApiError for a refusal, and NetworkError when the connection breaks", async () => {
    const server = new FakeServer()
      .once("GET /events", () => problem(401, null, "Unauthorized"))
      .once("GET /events", () => problem(404, null, "Not Found"))
      .once("GET /events", sseResponse([sseBytes([["ready", null, "1"]])], { fail: true }));
    const api = server.api();
    await expect(api.listen(null, () => {})).rejects.toMatchObject({ name: "ApiError", status: 401 });
    await expect(api.listen(null, () => {})).rejects.toMatchObject({ name: "ApiError", status: 404 });
    await expect(api.listen(null, () => {})).rejects.toBeInstanceOf(NetworkError);
  });

  it("lets go of the stream when the signal aborts", async () => {
    const live = liveStream();
    const server = new FakeServer().on("GET /events", live.respond);
    const controller = new AbortController();
    const heard: string[] = [];
    const listening = server.api().listen(null, (e) => heard.push(e.event), controller.signal);
    live.event("ready", null, "1");
    await vi.waitFor(() => expect(heard).toEqual(["ready"]));
    controller.abort();
    await expect(listening).resolves.toBeUndefined();
  });
});

describe("ChatApi requests", () => {
  it("loads history and slots with the token, and books with a JSON body", async () => {
    const server = new FakeServer()
      .on("GET /history", () => json(emptyHistory()))
      .on("GET /slots", () => json(slotsView(tint, [])))
      .on("POST /appointments", () => json(appointment()))
      .on(`POST /appointments/${appointment().id}/reschedule`, () => json(appointment({ status: "rescheduled" })))
      .on(`POST /appointments/${appointment().id}/cancel`, () => json(appointment({ status: "cancelled" })));
    const api = server.api();
    await expect(api.history()).resolves.toEqual(emptyHistory());
    await api.slots(tint.id, "2026-11-24", "2026-11-30");
    await expect(api.book(tint.id, "2026-11-28T15:00:00Z")).resolves.toEqual(appointment());
    await api.reschedule(appointment().id, "2026-11-30T15:00:00Z");
    await api.cancel(appointment().id);

    expect(server.calls.every((c) => c.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const slots = server.callsTo("GET /slots")[0]!;
    expect(Object.fromEntries(slots.query)).toEqual({ serviceId: tint.id, from: "2026-11-24", to: "2026-11-30" });
    expect(server.callsTo("POST /appointments")[0]!.body).toEqual({ serviceId: tint.id, start: "2026-11-28T15:00:00Z" });
    expect(server.calls[3]!.body).toEqual({ start: "2026-11-30T15:00:00Z" });
    expect(server.calls[0]!.headers["content-type"]).toBeUndefined();
  });

  it("turns a 409 into an ApiError with the code and the alternatives", async () => {
    const alternatives = [{ start: "2026-11-28T16:00:00Z", end: "2026-11-28T19:00:00Z", local: "2026-11-28T10:00:00", label: "10:00 AM" }];
    const server = new FakeServer().on("POST /appointments", () => problem(409, "slot_taken", "That time was just taken.", {}, { alternatives }));
    const error = await server
      .api()
      .book(tint.id, "2026-11-28T15:00:00Z")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: "slot_taken", message: "That time was just taken.", alternatives });
  });

  it("turns a broken JSON body into a NetworkError", async () => {
    const server = new FakeServer().on("GET /history", () => new Response("{\"sessionId\":", { status: 200 }));
    await expect(server.api().history()).rejects.toBeInstanceOf(NetworkError);
  });

  it("calendarUrl is a plain link carrying the token as access_token", () => {
    const api = new ChatApi(LEAD_ID, TOKEN);
    const url = new URL(api.calendarUrl("c0ffee00-1111"), "https://shop.example");
    expect(url.pathname).toBe(`/api/chat/${LEAD_ID}/appointments/c0ffee00-1111/calendar.ics`);
    expect(url.searchParams.get("access_token")).toBe(TOKEN);
  });
});
