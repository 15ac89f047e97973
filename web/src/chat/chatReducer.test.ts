// @vitest-environment node
import { describe, expect, it } from "vitest";
import { chatReducer, findAnswer, initialState, type ChatAction, type ChatState } from "./chatReducer";
import { emptyHistory, historyMessage, reply, tint } from "./test/fixtures";
import type { History } from "./types";

const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const fresh = (history: History = emptyHistory()) => initialState(history);
const ID = "client-1";

describe("chatReducer", () => {
  it("starts from the server's history, hiding fragments of answers that broke off", () => {
    const state = fresh(
      emptyHistory({
        staffTakeover: true,
        messages: [
          historyMessage({ id: "q1", role: "customer", content: "How much is tint?", clientMessageId: "c-old" }),
          historyMessage({ id: "a1-broken", role: "assistant", content: "Ceramic tint is $3", status: "interrupted" }),
          historyMessage({ id: "a1", role: "assistant", content: "Ceramic tint is $349." }),
          historyMessage({ id: "s1", role: "staff", channel: "sms", content: "Hi Sam, this is Dana." }),
        ],
      }),
    );
    expect(state.messages.map((m) => m.id)).toEqual(["q1", "a1", "s1"]);
    expect(state.messages[0]).toEqual({ id: "q1", role: "customer", channel: "web", text: "How much is tint?", clientMessageId: "c-old" });
    expect(state.messages[2]).toMatchObject({ role: "staff", channel: "sms", clientMessageId: null });
    expect(state.staffTakeover).toBe(true);
    expect(state.turn).toBeNull();
    expect(state.problem).toBeNull();
    expect(state.expired).toBe(false);
  });

  it("builds the thread from send, deltas and done; the done reply's text wins over what streamed", () => {
    let state = run(fresh(), { type: "send", clientId: ID, text: "Are you open Saturday?" });
    expect(state.turn).toMatchObject({ clientId: ID, text: "Are you open Saturday?", answer: "", phase: "sending", delivered: false });
    expect(state.messages).toEqual([]);

    state = run(state, { type: "delta", clientId: ID, text: "Yes, " }, { type: "delta", clientId: ID, text: "9 to " }, { type: "delta", clientId: ID, text: "2." });
    expect(state.turn).toMatchObject({ answer: "Yes, 9 to 2.", phase: "streaming", delivered: true });
    expect(state.messages).toEqual([]);

    state = run(state, { type: "done", clientId: ID, reply: reply({ response: "Yes, we're open 9am to 2pm on Saturday.", messageId: "m-answer" }) });
    expect(state.turn).toBeNull();
    expect(state.problem).toBeNull();
    expect(state.messages).toEqual([
      { id: `local-${ID}`, role: "customer", channel: "web", text: "Are you open Saturday?", clientMessageId: ID },
      { id: "m-answer", role: "assistant", channel: "web", text: "Yes, we're open 9am to 2pm on Saturday.", clientMessageId: null },
    ]);
    expect(state.announcement).toBe("Yes, we're open 9am to 2pm on Saturday.");
    expect(state.appointmentsVersion).toBe(0);
    expect(state.offer).toBeNull();
  });

  it("adds no answer when the reply has none (staff took over) and takes the takeover flag", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Can a person call me?" }, { type: "done", clientId: ID, reply: reply({ response: null, messageId: null, staffTakeover: true }) });
    expect(state.messages.map((m) => m.role)).toEqual(["customer"]);
    expect(state.staffTakeover).toBe(true);
    expect(state.announcement).toBe("");
  });

  it("does not repeat a question or an answer the history already holds", () => {
    const history = emptyHistory({
      messages: [historyMessage({ id: "q", role: "customer", content: "Hours?", clientMessageId: ID }), historyMessage({ id: "m-answer", role: "assistant", content: "8 to 6." })],
    });
    const state = run(fresh(), { type: "send", clientId: ID, text: "Hours?" }, { type: "history", history: emptyHistory({ messages: [history.messages[0]!] }) }, {
      type: "done",
      clientId: ID,
      reply: reply({ response: "8 to 6.", messageId: "m-answer" }),
    });
    expect(state.messages.filter((m) => m.role === "customer")).toHaveLength(1);
    const again = run(
      { ...fresh(history), turn: { clientId: ID, text: "Hours?", answer: "", phase: "streaming", delivered: true } },
      { type: "done", clientId: ID, reply: reply({ response: "8 to 6.", messageId: "m-answer" }) },
    );
    expect(again.messages.map((m) => m.id)).toEqual(["q", "m-answer"]);
  });

  it("a tool event marks the turn streaming and delivered", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Book me Saturday" }, { type: "tool", clientId: ID, name: "find_slots" }, { type: "tool", clientId: ID, name: "book_appointment" });
    expect(state.turn).toMatchObject({ phase: "streaming", delivered: true, answer: "" });
  });

  it.each(["book_appointment", "reschedule_appointment", "cancel_appointment"])("bumps appointmentsVersion when the answer used %s", (tool) => {
    const inReply = run(fresh(), { type: "send", clientId: ID, text: "Do it" }, { type: "done", clientId: ID, reply: reply({ tools: [tool] }) });
    expect(inReply.appointmentsVersion).toBe(1);
  });

  it("leaves appointmentsVersion alone for other tools", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Prices?" }, { type: "tool", clientId: ID, name: "find_slots" }, { type: "done", clientId: ID, reply: reply({ tools: ["lookup_price"] }) });
    expect(state.appointmentsVersion).toBe(0);
  });

  it("sets the offer from offeredServiceId, a new key each time, and clears it on the next send", () => {
    let state = run(fresh(), { type: "send", clientId: ID, text: "When can you do tint?" }, { type: "done", clientId: ID, reply: reply({ offeredServiceId: tint.id, offeredDay: "2026-11-28" }) });
    expect(state.offer).toEqual({ serviceId: tint.id, day: "2026-11-28", key: 1 });
    const first = state.offer;
    state = run(state, { type: "send", clientId: "client-2", text: "Anything later?" });
    expect(state.offer).toBeNull();
    state = run(state, { type: "done", clientId: "client-2", reply: reply({ offeredServiceId: tint.id }) });
    expect(state.offer).toMatchObject({ serviceId: tint.id });
    expect(state.offer).not.toBe(first);
    state = run(state, { type: "send", clientId: "client-3", text: "Thanks" }, { type: "done", clientId: "client-3", reply: reply({ offeredServiceId: null }) });
    expect(state.offer).toBeNull();
  });

  it("ignores events for a turn that is not the current one", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Hi" });
    const after = run(
      state,
      { type: "delta", clientId: "other", text: "stale" },
      { type: "tool", clientId: "other", name: "book_appointment" },
      { type: "done", clientId: "other", reply: reply() },
      { type: "failed", clientId: "other", problem: { kind: "interrupted" } },
      { type: "reconnecting", clientId: "other" },
    );
    expect(after).toEqual(state);
    expect(run(fresh(), { type: "delta", clientId: ID, text: "x" })).toEqual(fresh());
  });

  it("stops a failed turn (dropping the partial answer) and retries it with the same id", () => {
    let state = run(fresh(), { type: "send", clientId: ID, text: "Tint price?" }, { type: "delta", clientId: ID, text: "Ceramic is" }, { type: "failed", clientId: ID, problem: { kind: "interrupted" } });
    expect(state.turn).toMatchObject({ clientId: ID, text: "Tint price?", answer: "", phase: "stopped" });
    expect(state.problem).toEqual({ kind: "interrupted" });

    state = run(state, { type: "retry" });
    expect(state.turn).toMatchObject({ clientId: ID, text: "Tint price?", answer: "", phase: "sending" });
    expect(state.problem).toBeNull();

    state = run(state, { type: "delta", clientId: ID, text: "$349" }, { type: "done", clientId: ID, reply: reply({ response: "Ceramic tint is $349." }) });
    expect(state.messages.map((m) => m.text)).toEqual(["Tint price?", "Ceramic tint is $349."]);
  });

  it("retry without a turn changes nothing", () => {
    const state = fresh();
    expect(chatReducer(state, { type: "retry" })).toBe(state);
  });

  it("keeps the rate limit's time on the problem", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Hi" }, { type: "failed", clientId: ID, problem: { kind: "rate_limited", retryAt: 1_800_000_000_000 } });
    expect(state.problem).toEqual({ kind: "rate_limited", retryAt: 1_800_000_000_000 });
    expect(state.turn?.phase).toBe("stopped");
  });

  it("reconnecting keeps the partial answer and shows the offline problem", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Hi" }, { type: "delta", clientId: ID, text: "Hel" }, { type: "reconnecting", clientId: ID });
    expect(state.turn).toMatchObject({ phase: "reconnecting", answer: "Hel" });
    expect(state.problem).toEqual({ kind: "offline" });
  });

  describe("history", () => {
    const question = (extra: Partial<Parameters<typeof historyMessage>[0]> = {}) =>
      historyMessage({ id: "srv-q", role: "customer", content: "Do you do ceramic?", clientMessageId: ID, ...extra });

    const reconnecting = () => run(fresh(), { type: "send", clientId: ID, text: "Do you do ceramic?" }, { type: "reconnecting", clientId: ID });

    it("resolves the pending turn when the history shows the message with an answer after it", () => {
      const history = emptyHistory({
        messages: [question(), historyMessage({ id: "srv-broken", role: "assistant", content: "Yes, we", status: "interrupted" }), historyMessage({ id: "srv-a", role: "assistant", content: "Yes, ceramic tint is $349." })],
      });
      const state = run(reconnecting(), { type: "history", history });
      expect(state.turn).toBeNull();
      expect(state.problem).toBeNull();
      expect(state.messages.map((m) => m.text)).toEqual(["Do you do ceramic?", "Yes, ceramic tint is $349."]);
      expect(state.announcement).toBe("Yes, ceramic tint is $349.");
      // The answer may have booked something: the page reloads the appointment.
      expect(state.appointmentsVersion).toBe(1);
    });

    it("marks the turn delivered when the message is there but not answered yet", () => {
      const history = emptyHistory({ messages: [question(), historyMessage({ role: "assistant", content: "Yes, we", status: "interrupted" })] });
      const state = run(reconnecting(), { type: "history", history });
      expect(state.turn).toMatchObject({ clientId: ID, delivered: true, phase: "reconnecting" });
      expect(state.problem).toEqual({ kind: "offline" });
      expect(state.messages.map((m) => m.id)).toEqual(["srv-q"]);
    });

    it("leaves the turn undelivered when the message is not in the history", () => {
      const history = emptyHistory({ messages: [historyMessage({ role: "customer", content: "Another question", clientMessageId: "someone-else" })] });
      const state = run(reconnecting(), { type: "history", history });
      expect(state.turn).toMatchObject({ delivered: false });
    });

    it("without a turn, takes the history and announces what is new from the shop", () => {
      const old = historyMessage({ id: "old", role: "assistant", content: "Welcome!" });
      const start = fresh(emptyHistory({ messages: [old] }));
      const state = run(start, {
        type: "history",
        history: emptyHistory({
          staffTakeover: true,
          messages: [old, historyMessage({ role: "customer", channel: "sms", content: "ok thanks" }), historyMessage({ role: "staff", channel: "sms", content: "See you Saturday!" })],
        }),
      });
      expect(state.messages.map((m) => m.text)).toEqual(["Welcome!", "ok thanks", "See you Saturday!"]);
      expect(state.announcement).toBe("See you Saturday!");
      expect(state.staffTakeover).toBe(true);
      expect(run(state, { type: "history", history: emptyHistory({ staffTakeover: true, messages: [old] }) }).announcement).toBe("See you Saturday!");
    });
  });

  describe("staffReply (the live stream told of a staff message)", () => {
    const old = historyMessage({ id: "old", role: "assistant", content: "Welcome!" });
    const dana = historyMessage({ id: "s1", role: "staff", content: "Hi Sam, Dana here. Saturday works!", staffName: "Dana" });

    it("without a turn, takes the history as it is, the staff's first name included", () => {
      const state = run(fresh(emptyHistory({ messages: [old] })), { type: "staffReply", history: emptyHistory({ staffTakeover: true, messages: [old, dana] }) });
      expect(state.messages.map((m) => m.id)).toEqual(["old", "s1"]);
      expect(state.messages[1]).toEqual({ id: "s1", role: "staff", channel: "web", text: "Hi Sam, Dana here. Saturday works!", clientMessageId: null, staffName: "Dana" });
      expect(state.announcement).toBe("Hi Sam, Dana here. Saturday works!");
      expect(state.staffTakeover).toBe(true);
    });

    it("while an answer streams, adds only the staff's new messages and leaves the answer streaming", () => {
      const streaming = run(fresh(emptyHistory({ messages: [old] })), { type: "send", clientId: ID, text: "Saturday?" }, { type: "delta", clientId: ID, text: "Let me" });
      // The server already holds the question, and even the answer the page is still streaming.
      const history = emptyHistory({
        messages: [old, historyMessage({ id: "q", role: "customer", content: "Saturday?", clientMessageId: ID }), historyMessage({ id: "a", role: "assistant", content: "Let me check." }), dana],
      });
      const state = run(streaming, { type: "staffReply", history });
      expect(state.turn).toEqual(streaming.turn);
      expect(state.messages.map((m) => m.id)).toEqual(["old", "s1"]);
      expect(state.announcement).toBe("Hi Sam, Dana here. Saturday works!");

      // Told twice (a replay, or a refresh crossing the event): still once.
      expect(run(state, { type: "staffReply", history })).toBe(state);
      const done = run(state, { type: "done", clientId: ID, reply: reply({ response: "Let me check.", messageId: "a" }) });
      expect(done.messages.map((m) => m.id)).toEqual(["old", "s1", `local-${ID}`, "a"]);
      expect(run(done, { type: "staffReply", history }).messages.map((m) => m.id)).toEqual(["old", "q", "a", "s1"]);
    });

    it("while a stopped turn waits to be sent again, also adds only the staff's messages", () => {
      const stopped = run(fresh(), { type: "send", clientId: ID, text: "Hi" }, { type: "failed", clientId: ID, problem: { kind: "not_sent" } });
      const state = run(stopped, { type: "staffReply", history: emptyHistory({ messages: [dana] }) });
      expect(state.turn).toEqual(stopped.turn);
      expect(state.problem).toEqual({ kind: "not_sent" });
      expect(state.messages.map((m) => m.id)).toEqual(["s1"]);
    });
  });

  it("expired drops the turn and the problem", () => {
    const state = run(fresh(), { type: "send", clientId: ID, text: "Hi" }, { type: "failed", clientId: ID, problem: { kind: "offline" } }, { type: "expired" });
    expect(state).toMatchObject({ expired: true, turn: null, problem: null });
  });
});

describe("findAnswer", () => {
  const q = historyMessage({ id: "q", role: "customer", content: "Hi", clientMessageId: ID });

  it("is missing when the message is not there", () => {
    expect(findAnswer(emptyHistory(), ID)).toEqual({ state: "missing" });
    expect(findAnswer(emptyHistory({ messages: [historyMessage({ role: "customer", content: "Hi", clientMessageId: "x" })] }), ID)).toEqual({ state: "missing" });
    // An assistant message never counts as the customer's.
    expect(findAnswer(emptyHistory({ messages: [historyMessage({ role: "assistant", content: "Hi", clientMessageId: ID })] }), ID)).toEqual({ state: "missing" });
  });

  it("is asked when nothing complete follows it", () => {
    expect(findAnswer(emptyHistory({ messages: [q] }), ID)).toEqual({ state: "asked" });
    expect(findAnswer(emptyHistory({ messages: [q, historyMessage({ role: "assistant", content: "Hel", status: "interrupted" })] }), ID)).toEqual({ state: "asked" });
  });

  it("is answered by the first complete assistant or staff message after it", () => {
    const broken = historyMessage({ role: "assistant", content: "Hel", status: "interrupted" });
    const staff = historyMessage({ role: "staff", channel: "sms", content: "Hi Sam, Dana here." });
    const found = findAnswer(emptyHistory({ messages: [q, broken, staff, historyMessage({ role: "assistant", content: "later" })] }), ID);
    expect(found).toEqual({ state: "answered", answer: staff });
  });

  it("does not take the answer to a later question", () => {
    const later = historyMessage({ role: "customer", content: "Another", clientMessageId: "c-2" });
    expect(findAnswer(emptyHistory({ messages: [q, later, historyMessage({ role: "assistant", content: "An answer to c-2" })] }), ID)).toEqual({ state: "asked" });
  });
});
