import type { ChatReply, History, HistoryMessage, Role } from "./types";

/** A message of the conversation as the server has it (web and SMS alike). */
export interface Message {
  id: string;
  role: Role;
  channel: string;
  text: string;
  clientMessageId: string | null;
  /** A staff message's writer, by first name ("Dana"), when the server names them. */
  staffName?: string;
}

/**
 * The message being answered right now: the customer's words, the answer as it streams in, and how far
 * it got. `delivered` once the server's history shows the message (after a reconnect).
 */
export interface Turn {
  clientId: string;
  text: string;
  answer: string;
  phase: "sending" | "streaming" | "reconnecting" | "stopped";
  delivered: boolean;
}

/** Why the turn stopped, shown inline with a way forward. */
export type Problem =
  | { kind: "rate_limited"; retryAt: number }
  | { kind: "interrupted" }
  | { kind: "offline" }
  | { kind: "not_sent" }
  | { kind: "unanswered" }
  | { kind: "failed"; message: string };

export interface ChatState {
  messages: Message[];
  turn: Turn | null;
  problem: Problem | null;
  staffTakeover: boolean;
  /** The latest complete answer, for the screen reader's live region. */
  announcement: string;
  /** The service whose free times the last answer offered: the page opens its slot picker on it. */
  offer: { serviceId: string; day: string | null; key: number } | null;
  /** Bumped when an answer booked, moved or cancelled something: the page reloads the appointment. */
  appointmentsVersion: number;
  expired: boolean;
}

export type ChatAction =
  | { type: "send"; clientId: string; text: string }
  | { type: "retry" }
  | { type: "delta"; clientId: string; text: string }
  | { type: "tool"; clientId: string; name: string }
  | { type: "done"; clientId: string; reply: ChatReply }
  | { type: "failed"; clientId: string; problem: Problem }
  | { type: "reconnecting"; clientId: string }
  | { type: "history"; history: History }
  | { type: "staffReply"; history: History }
  | { type: "expired" };

const bookingTools = ["book_appointment", "reschedule_appointment", "cancel_appointment"];

export function initialState(history: History): ChatState {
  return {
    messages: fromHistory(history),
    turn: null,
    problem: null,
    staffTakeover: history.staffTakeover,
    announcement: "",
    offer: null,
    appointmentsVersion: 0,
    expired: false,
  };
}

/** Fragments of answers that broke off are kept for staff, not shown to the customer (a full answer follows a retry). */
function fromHistory(history: History): Message[] {
  return history.messages
    .filter((m) => m.status !== "interrupted")
    .map((m) => ({
      id: m.id,
      role: m.role,
      channel: m.channel,
      text: m.content,
      clientMessageId: m.clientMessageId ?? null,
      ...(m.staffName ? { staffName: m.staffName } : {}),
    }));
}

/** Where the server's history stands on one of the page's messages: not there, asked, or answered (by the assistant or staff). */
export function findAnswer(history: History, clientId: string): { state: "missing" } | { state: "asked" } | { state: "answered"; answer: HistoryMessage } {
  const index = history.messages.findIndex((m) => m.role === "customer" && m.clientMessageId === clientId);
  if (index < 0) return { state: "missing" };
  for (const m of history.messages.slice(index + 1)) {
    if (m.role === "customer") break;
    if (m.status === "complete") return { state: "answered", answer: m };
  }
  return { state: "asked" };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  const turn = state.turn;
  const current = "clientId" in action && turn?.clientId === action.clientId ? turn : null;
  switch (action.type) {
    case "send":
      return {
        ...state,
        turn: { clientId: action.clientId, text: action.text, answer: "", phase: "sending", delivered: false },
        problem: null,
        offer: null,
      };
    case "retry":
      return turn ? { ...state, turn: { ...turn, answer: "", phase: "sending" }, problem: null } : state;
    case "delta":
      return current ? { ...state, turn: { ...current, answer: current.answer + action.text, phase: "streaming", delivered: true } } : state;
    case "tool":
      return current ? { ...state, turn: { ...current, phase: "streaming", delivered: true } } : state;
    case "done": {
      if (!current) return state;
      const reply = action.reply;
      const question: Message = { id: `local-${current.clientId}`, role: "customer", channel: "web", text: current.text, clientMessageId: current.clientId };
      const asked = state.messages.some((m) => m.clientMessageId === current.clientId);
      const messages = asked ? [...state.messages] : [...state.messages, question];
      if (reply.response != null && !state.messages.some((m) => m.id === reply.messageId))
        messages.push({ id: reply.messageId ?? `answer-${current.clientId}`, role: "assistant", channel: "web", text: reply.response, clientMessageId: null });
      return {
        ...state,
        messages,
        turn: null,
        problem: null,
        staffTakeover: reply.staffTakeover,
        announcement: reply.response ?? "",
        offer: reply.offeredServiceId
          ? { serviceId: reply.offeredServiceId, day: reply.offeredDay ?? null, key: (state.offer?.key ?? 0) + 1 }
          : null,
        // The reply names every tool the answer used.
        appointmentsVersion: (reply.tools ?? []).some((t) => bookingTools.includes(t)) ? state.appointmentsVersion + 1 : state.appointmentsVersion,
      };
    }
    case "failed":
      return current ? { ...state, turn: { ...current, answer: "", phase: "stopped" }, problem: action.problem } : state;
    case "reconnecting":
      return current ? { ...state, turn: { ...current, phase: "reconnecting" }, problem: { kind: "offline" } } : state;
    case "history": {
      const messages = fromHistory(action.history);
      const base = { ...state, messages, staffTakeover: action.history.staffTakeover };
      if (!turn) {
        const fresh = messages.filter((m) => m.role !== "customer" && !state.messages.some((s) => s.id === m.id));
        return { ...base, announcement: fresh.length > 0 ? fresh.map((m) => m.text).join("\n") : state.announcement };
      }
      const found = findAnswer(action.history, turn.clientId);
      if (found.state === "answered")
        return { ...base, turn: null, problem: null, announcement: found.answer.content, appointmentsVersion: state.appointmentsVersion + 1 };
      return { ...base, turn: { ...turn, delivered: found.state === "asked" } };
    }
    case "staffReply": {
      // Nothing on its way: the history as it is. Else only the staff's new messages join the thread; the
      // question and its answer stay as they stream, and the next refresh puts everything in the server's order.
      if (!turn) return chatReducer(state, { type: "history", history: action.history });
      const fresh = fromHistory(action.history).filter((m) => m.role === "staff" && !state.messages.some((s) => s.id === m.id));
      if (fresh.length === 0) return state;
      return { ...state, messages: [...state.messages, ...fresh], announcement: fresh.map((m) => m.text).join("\n") };
    }
    case "expired":
      return { ...state, expired: true, turn: null, problem: null };
  }
}
