import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Message, Problem, Turn } from "../chatReducer";
import { MessageList } from "./MessageList";

const SHOP = "Northside Tint & Detail";
const GREETING = "Hi Sam! I'm the assistant at Northside Tint & Detail.";

const msg = (id: string, role: Message["role"], text: string, channel = "web"): Message => ({ id, role, channel, text, clientMessageId: null });

function renderList(props: { messages?: Message[]; turn?: Turn | null; problem?: Problem | null } = {}) {
  render(<MessageList greeting={GREETING} messages={props.messages ?? []} turn={props.turn ?? null} problem={props.problem ?? null} shopName={SHOP} />);
  return screen.getByRole("list", { name: "Conversation" });
}

const turn = (overrides: Partial<Turn> = {}): Turn => ({
  clientId: "c-1",
  text: "Do you tint windshields?",
  answer: "",
  phase: "sending",
  delivered: false,
  ...overrides,
});

describe("MessageList", () => {
  it("shows the greeting first and the conversation in order, with who said what", () => {
    const list = renderList({
      messages: [msg("1", "customer", "How much for ceramic tint?"), msg("2", "assistant", "Ceramic tint is $349."), msg("3", "staff", "Hi Sam, Dana here — we can fit you in Saturday.")],
    });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      `Assistant: ${GREETING}`,
      "You: How much for ceramic tint?",
      "Assistant: Ceramic tint is $349.",
      `Staff · ${SHOP}Hi Sam, Dana here — we can fit you in Saturday.`,
    ]);
    expect(within(items[3]!).getByText(`Staff · ${SHOP}`)).toBeVisible();
    expect(screen.queryByRole("img", { name: "The assistant is typing" })).not.toBeInTheDocument();
  });

  it("names the shop's staff member by first name where the server gives it", () => {
    const list = renderList({
      messages: [{ ...msg("1", "staff", "Saturday at 9 works!"), staffName: "Dana" }, msg("2", "staff", "See you then.")],
    });
    const [, dana, unnamed] = within(list).getAllByRole("listitem");
    expect(dana).toHaveTextContent(`Dana from ${SHOP}Saturday at 9 works!`);
    expect(within(dana!).getByText(`Dana from ${SHOP}`)).toBeVisible();
    expect(unnamed).toHaveTextContent(`Staff · ${SHOP}See you then.`);
  });

  it('marks messages that came by SMS "by text"', () => {
    renderList({ messages: [msg("1", "customer", "Running 10 min late", "sms"), msg("2", "staff", "No problem!", "sms"), msg("3", "assistant", "Noted.")] });
    const late = screen.getByText("Running 10 min late").closest("li")!;
    const fine = screen.getByText("No problem!").closest("li")!;
    const noted = screen.getByText("Noted.").closest("li")!;
    expect(within(late).getByText("by text")).toBeInTheDocument();
    expect(within(fine).getByText("by text")).toBeInTheDocument();
    expect(within(noted).queryByText("by text")).not.toBeInTheDocument();
  });

  it("shows the typing indicator while the answer has no text yet, and the question as sending", () => {
    renderList({ turn: turn() });
    expect(screen.getByRole("img", { name: "The assistant is typing" })).toBeInTheDocument();
    const question = screen.getByText("Do you tint windshields?").closest("li")!;
    expect(within(question).getByText("Sending…")).toBeInTheDocument();
  });

  it("shows the streamed text so far, marked busy, instead of the typing indicator", () => {
    renderList({ turn: turn({ phase: "streaming", answer: "Yes — we use a clear", delivered: true }) });
    expect(screen.queryByRole("img", { name: "The assistant is typing" })).not.toBeInTheDocument();
    const partial = screen.getByText("Yes — we use a clear").closest("li")!;
    expect(partial).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("list", { name: "Conversation" }).querySelectorAll('[aria-busy="true"]')).toHaveLength(1);
  });

  // The turn is `delivered` from its first delta on, yet its question only joins `messages` on `done`:
  // MessageList.tsx:26 hides the question as soon as it is delivered, so it vanishes while the answer streams.
  it("keeps the customer's question on screen while its answer streams", () => {
    renderList({ turn: turn({ phase: "streaming", answer: "Yes — we use a clear", delivered: true }) });
    expect(screen.getByText("Do you tint windshields?")).toBeInTheDocument();
  });

  it("shows no answer bubble once the turn stopped, and 'Not sent' on a message that never arrived", () => {
    renderList({ turn: turn({ phase: "stopped" }), problem: { kind: "not_sent" } });
    expect(screen.queryByRole("img", { name: "The assistant is typing" })).not.toBeInTheDocument();
    const question = screen.getByText("Do you tint windshields?").closest("li")!;
    expect(within(question).getByText("Not sent")).toBeInTheDocument();
  });

  it("does not show the question twice once the history holds it", () => {
    renderList({
      messages: [{ id: "srv-q", role: "customer", channel: "web", text: "Do you tint windshields?", clientMessageId: "c-1" }],
      turn: turn({ phase: "reconnecting", delivered: false }),
    });
    expect(screen.getAllByText("Do you tint windshields?")).toHaveLength(1);
  });

  it("shows the assistant's simple lists as lists, and the customer's words as typed", () => {
    const list = renderList({
      messages: [
        msg("1", "assistant", "Here are our tint prices:\n- Ceramic Window Tint - Full Sedan: $399\n- Carbon Window Tint - Full Sedan: $249\nWant to book?"),
        msg("2", "assistant", "Free times:\n1. Sat Nov 28, 9:00 am\n2. Sat Nov 28, 9:30 am"),
        msg("3", "customer", "- just one thing\n- and another"),
      ],
    });
    const [prices, times, ...rest] = within(list).getAllByRole("list");
    expect(rest).toHaveLength(0);
    expect(within(prices!).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Ceramic Window Tint - Full Sedan: $399", "Carbon Window Tint - Full Sedan: $249"]);
    expect(prices!.tagName).toBe("UL");
    expect(times!.tagName).toBe("OL");
    expect(within(times!).getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByText("Here are our tint prices:")).toBeInTheDocument();
    expect(screen.getByText("Want to book?")).toBeInTheDocument();
    expect(screen.getByText(/- just one thing\s+- and another/)).toBeInTheDocument();
  });

  it("keeps a list item's hostile text as text", () => {
    renderList({ messages: [msg("1", "assistant", "- <img src=x onerror=alert(1)>\n- <b>two</b>")] });
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(document.querySelector("img, b")).toBeNull();
  });

  describe("renders everything as text", () => {
    const hostile = ['<img src=x onerror=alert(1)>', '<script>alert("pwned")</script>', '<a href="javascript:alert(1)">click</a><b>bold</b>'];

    it.each(hostile)("shows %s literally in every kind of message", (text) => {
      const list = renderList({
        messages: [msg("1", "customer", text), msg("2", "assistant", text), msg("3", "staff", text, "sms")],
        turn: turn({ text, answer: text, phase: "streaming", delivered: false }),
      });
      expect(within(list).getAllByText(text)).toHaveLength(5);
      expect(document.querySelector("img, script, a[href^='javascript'], b")).toBeNull();
    });

    it("shows a hostile staff name literally", () => {
      const list = renderList({ messages: [{ ...msg("1", "staff", "Hi"), staffName: "<img src=x onerror=alert(1)>" }] });
      expect(within(list).getByText(`<img src=x onerror=alert(1)> from ${SHOP}`)).toBeInTheDocument();
      expect(document.querySelector("img")).toBeNull();
    });

    it("shows a hostile greeting literally", () => {
      render(<MessageList greeting={'Hi <img src=x onerror=alert(1)>!'} messages={[]} turn={null} problem={null} shopName={"<script>x</script>"} />);
      expect(screen.getByText("Hi <img src=x onerror=alert(1)>!")).toBeInTheDocument();
      expect(document.querySelector("img, script")).toBeNull();
    });
  });
});
