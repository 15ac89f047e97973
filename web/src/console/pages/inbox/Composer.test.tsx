import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConversationThread } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { colleagues, me, message, summary, thread } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const tim = summary({ customer: "Tim Candy" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A signed-in manager at Tim's thread; after a send the server's thread has the new message. */
async function open(overrides: Partial<ConversationThread> = {}) {
  let data = thread(tim, overrides);
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [tim], needsStaffCount: 0 }))
    .on(`GET /conversations/${tim.id}`, () => json(data))
    .on("GET /staff", () => json({ staff: colleagues }));
  const stored = (text: string, extra: object = {}) => {
    const m = message({ role: "staff", text, author: me.displayName, ...extra });
    data = { ...data, messages: [...data.messages, m] };
    return json(m, 201);
  };
  const view = renderConsole(server, `/inbox/${tim.id}`);
  await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
  return { server, stored, ...view };
}

const box = () => screen.getByRole("textbox", { name: /Reply to Tim Candy|Note for staff/ });
const messageList = () => screen.getByRole("list", { name: "Messages" });

describe("replying", () => {
  it("sends by the channel the customer last used, with a message id, then shows it in the thread", async () => {
    const { user, server, stored } = await open({ replyChannel: "sms" });
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text, { channel: "sms", delivery: { status: "queued", error: null } }));
    expect(screen.getByRole("radio", { name: "Text (SMS)" })).toBeChecked();

    await user.type(box(), "Hi Tim, Saturday at 9 works.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText("Hi Tim, Saturday at 9 works.")).toBeInTheDocument();
    const [sent] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(sent!.body).toEqual({
      text: "Hi Tim, Saturday at 9 works.",
      channel: "sms",
      clientMessageId: expect.stringMatching(UUID),
      confirmOutsideSmsWindow: false,
    });
    expect(box()).toHaveValue("");
    expect(box()).toHaveFocus();
    expect(screen.getByText("Reply sent by text.")).toHaveAttribute("role", "status");
  });

  it("can switch to the web chat, and sends on Ctrl+Enter", async () => {
    const { user, server, stored } = await open({ replyChannel: "sms" });
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));

    await user.click(screen.getByRole("radio", { name: "Web chat" }));
    await user.type(box(), "See you then!");
    await user.keyboard("{Control>}{Enter}{/Control}");

    expect(await within(messageList()).findByText("See you then!")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)[0]!.body.channel).toBe("web");
  });

  it("offers no texting when the customer cannot be texted, and says why", async () => {
    await open({ replyChannel: "sms", canText: false, cannotTextReason: "Opted out of texts" });

    const sms = screen.getByRole("radio", { name: "Text (SMS)" });
    expect(sms).toBeDisabled();
    expect(sms).toHaveAccessibleDescription("Can't text: Opted out of texts.");
    expect(screen.getByRole("radio", { name: "Web chat" })).toBeChecked();
  });

  it("asks before texting outside the shop's hours, and sends the same message again when told to", async () => {
    const { user, server, stored } = await open({ replyChannel: "sms" });
    server.once(`POST /conversations/${tim.id}/replies`, () =>
      problem(409, "outside_sms_window", "Outside the texting hours.", { opensAt: "2026-11-25T14:00:00Z" }),
    );
    server.once(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text, { channel: "sms" }));

    await user.type(box(), "Your car is ready.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    const question = await screen.findByRole("alertdialog");
    expect(question).toHaveTextContent(/^It's outside the shop's texting hours \(opens .+\)\. Send anyway\?/);
    expect(within(messageList()).queryByText("Your car is ready.")).not.toBeInTheDocument();
    await user.click(within(question).getByRole("button", { name: "Send anyway" }));

    expect(await within(messageList()).findByText("Your car is ready.")).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    const [first, second] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(first!.body.confirmOutsideSmsWindow).toBe(false);
    expect(second!.body).toEqual({ ...first!.body, confirmOutsideSmsWindow: true });
  });

  it("sends nothing when staff decide against texting out of hours", async () => {
    const { user, server } = await open({ replyChannel: "sms" });
    server.on(`POST /conversations/${tim.id}/replies`, () => problem(409, "outside_sms_window", "Outside the texting hours.", { opensAt: "2026-11-25T14:00:00Z" }));
    await user.type(box(), "Your car is ready.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Don't send" }));

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(box()).toHaveValue("Your car is ready.");
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)).toHaveLength(1);
  });

  it("says a customer who opted out was not texted, and keeps the draft", async () => {
    const { user, server } = await open({ replyChannel: "sms" });
    server.on(`POST /conversations/${tim.id}/replies`, () => problem(409, "opted_out", "The customer opted out of texts."));

    await user.type(box(), "Reminder: tomorrow at 9.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("This customer opted out of texts; nothing was sent.");
    expect(box()).toHaveValue("Reminder: tomorrow at 9.");
  });

  it("shows the server's reason for a reply it refuses", async () => {
    const { user, server } = await open();
    server.on(`POST /conversations/${tim.id}/replies`, () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { text: ["At most 1,600 characters."] } }),
    );

    await user.type(box(), "Far too long");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("At most 1,600 characters.");
  });

  it("sends the same message id again after a lost connection, so the server does not store it twice", async () => {
    const { user, server, stored } = await open();
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.once(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));

    await user.type(box(), "On our way.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Can't reach the server.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText("On our way.")).toBeInTheDocument();
    const [lost, retried] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(retried!.body.clientMessageId).toBe(lost!.body.clientMessageId);

    // The next message is a new one.
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));
    await user.type(box(), "Here now.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await within(messageList()).findByText("Here now.")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)[2]!.body.clientMessageId).not.toBe(lost!.body.clientMessageId);
  });

  it("gives an edited reply after a failed send a new message id, so the server does not answer with the earlier text", async () => {
    const { user, server, stored } = await open();
    // The server keeps a reply by its message id and answers a repeat with the one it kept.
    const kept = new Map<string, Response>();
    const idempotent = (text: string, id: string) => {
      if (!kept.has(id)) kept.set(id, stored(text));
      return kept.get(id)!.clone();
    };
    // The first reply is stored, but its answer is lost on the way back.
    server.once(`POST /conversations/${tim.id}/replies`, (call) => {
      idempotent(call.body.text, call.body.clientMessageId);
      return Promise.reject(new TypeError("Failed to fetch"));
    });
    server.on(`POST /conversations/${tim.id}/replies`, (call) => idempotent(call.body.text, call.body.clientMessageId));

    await user.type(box(), "On our way.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Can't reach the server.");
    await user.type(box(), " Ten minutes out.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText("On our way. Ten minutes out.")).toBeInTheDocument();
    const [lost, edited] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(edited!.body.text).toBe("On our way. Ten minutes out.");
    expect(edited!.body.clientMessageId).toEqual(expect.stringMatching(UUID));
    expect(edited!.body.clientMessageId).not.toBe(lost!.body.clientMessageId);
    expect(box()).toHaveValue("");
  });

  it("keeps the message id for a retry of the same text by the same channel, and changes it for another channel", async () => {
    const { user, server, stored } = await open({ replyChannel: "sms" });
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));
    const send = async () => {
      await user.click(screen.getByRole("button", { name: "Send" }));
      await waitFor(() => expect(screen.getByRole("button", { name: "Send" })).toBeEnabled());
    };

    await user.type(box(), "Your car is ready.");
    await send(); // lost
    await user.type(box(), "!");
    await send(); // lost: another text, another id
    await user.type(box(), "{Backspace}");
    await send(); // lost: the first text again, so the first id
    await user.click(screen.getByRole("radio", { name: "Web chat" }));
    await user.click(screen.getByRole("button", { name: "Send" })); // the same text by the web chat: a new message

    expect(await within(messageList()).findByText("Your car is ready.")).toBeInTheDocument();
    const ids = server.callsTo(`POST /conversations/${tim.id}/replies`).map((c) => [c.body.channel, c.body.clientMessageId]);
    expect(ids).toHaveLength(4);
    expect(ids[1]![1]).not.toBe(ids[0]![1]);
    expect(ids[2]).toEqual(ids[0]);
    expect(ids[3]![0]).toBe("web");
    expect(new Set(ids.map(([, id]) => id)).size).toBe(3);
  });

  it("drops the out-of-hours question when the message is changed, so what goes is what is in the box", async () => {
    const { user, server } = await open({ replyChannel: "sms" });
    server.on(`POST /conversations/${tim.id}/replies`, () => problem(409, "outside_sms_window", "Outside the texting hours.", { opensAt: "2026-11-25T14:00:00Z" }));
    await user.type(box(), "Your car is ready.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("alertdialog");

    await user.type(box(), " Pick it up any time.");

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)).toHaveLength(1);
  });
});

describe("notes", () => {
  it("adds an internal note that only staff see", async () => {
    const { user, server } = await open();
    server.on(`POST /conversations/${tim.id}/notes`, (call) => json(message({ role: "note", text: call.body.text, author: me.displayName }), 201));

    await user.click(screen.getByRole("radio", { name: "Note" }));
    expect(screen.queryByRole("radio", { name: "Text (SMS)" })).not.toBeInTheDocument();
    await user.type(box(), "Customer prefers mornings.");
    await user.click(screen.getByRole("button", { name: "Add note" }));

    expect(await screen.findByText("Note added. Only staff see it.")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/notes`)[0]!.body).toEqual({ text: "Customer prefers mornings." });
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)).toHaveLength(0);
  });
});

describe("suggesting a reply", () => {
  const draft = { text: "Hi Tim, ceramic tint for a Civic is $349. Would Saturday at 9 suit you?", provider: "openai", model: "gpt-4o-mini", costUsd: 0.00042 };
  const suggest = () => screen.getByRole("button", { name: "Suggest a reply" });

  /** A response the test releases when it chooses, to see the composer while the draft is being written. */
  function later() {
    let answer!: (response: Response) => void;
    const response = new Promise<Response>((resolve) => (answer = resolve));
    return { response, answer };
  }

  it("puts the assistant's draft in the box for staff to edit, shows it is busy meanwhile, and sends nothing by itself", async () => {
    const { user, server, stored } = await open();
    const writing = later();
    server.once(`POST /conversations/${tim.id}/suggestion`, () => writing.response);
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));

    await user.click(suggest());

    const busy = screen.getByRole("button", { name: "Writing a draft…" });
    expect(busy).toBeDisabled();
    expect(box()).toHaveAttribute("readonly");
    expect(box()).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    writing.answer(json(draft));

    await waitFor(() => expect(box()).toHaveValue(draft.text));
    expect(box()).not.toHaveAttribute("readonly");
    expect(box()).toHaveFocus();
    expect(box()).toHaveAccessibleDescription("Draft by the assistant (openai gpt-4o-mini, $0.0004). Nothing goes to the customer until you send it.");
    expect(suggest()).toBeEnabled();
    const [asked] = server.callsTo(`POST /conversations/${tim.id}/suggestion`);
    expect(asked!.body).toBeNull();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)).toHaveLength(0);
    expect(within(messageList()).queryByText(draft.text)).not.toBeInTheDocument();

    await user.clear(box());
    await user.type(box(), "Hi Tim, tint is $349. Saturday at 9?");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText("Hi Tim, tint is $349. Saturday at 9?")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)[0]!.body.text).toBe("Hi Tim, tint is $349. Saturday at 9?");
    expect(box()).toHaveValue("");
    expect(screen.queryByText(/Draft by the assistant/)).not.toBeInTheDocument();
  });

  it("can put back what staff had written before the draft replaced it", async () => {
    const { user, server } = await open();
    server.on(`POST /conversations/${tim.id}/suggestion`, () => json(draft));

    await user.type(box(), "Hi Tim,");
    await user.click(suggest());
    await waitFor(() => expect(box()).toHaveValue(draft.text));
    await user.click(suggest()); // a second draft still puts back staff's own words, not the first draft
    await waitFor(() => expect(suggest()).toBeEnabled());
    expect(server.callsTo(`POST /conversations/${tim.id}/suggestion`)).toHaveLength(2);
    await user.click(await screen.findByRole("button", { name: "Put back what I wrote" }));

    expect(box()).toHaveValue("Hi Tim,");
    expect(screen.queryByText(/Draft by the assistant/)).not.toBeInTheDocument();
  });

  it("gives a reply after a draft its own message id, so a lost earlier send does not swallow it", async () => {
    const { user, server, stored } = await open();
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.on(`POST /conversations/${tim.id}/suggestion`, () => json(draft));

    await user.type(box(), "On our way.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Can't reach the server.");
    await user.click(suggest());
    await waitFor(() => expect(box()).toHaveValue(draft.text));
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText(draft.text)).toBeInTheDocument();
    const [lost, sent] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(sent!.body.clientMessageId).not.toBe(lost!.body.clientMessageId);
  });

  it("says so when the assistant knows nothing of the number, and leaves the box alone", async () => {
    const { user, server } = await open();
    server.on(`POST /conversations/${tim.id}/suggestion`, () =>
      problem(409, "no_lead", "The assistant knows nothing of this number; write the reply yourself."),
    );

    await user.type(box(), "Hello");
    await user.click(suggest());

    expect(await screen.findByRole("alert")).toHaveTextContent("The assistant knows nothing of this number; write the reply yourself.");
    expect(box()).toHaveValue("Hello");
    expect(suggest()).toBeEnabled();
  });

  it("says so when no assistant could write a draft", async () => {
    const { user, server } = await open();
    server.on(`POST /conversations/${tim.id}/suggestion`, () => problem(503, "assistant_unavailable", "No assistant could write a draft just now."));

    await user.click(suggest());

    expect(await screen.findByRole("alert")).toHaveTextContent("No assistant could write a draft just now.");
    expect(box()).toHaveValue("");
  });

  it("is not offered for a note", async () => {
    const { user } = await open();
    await user.click(screen.getByRole("radio", { name: "Note" }));
    expect(screen.queryByRole("button", { name: "Suggest a reply" })).not.toBeInTheDocument();
  });
});

describe("saved replies", () => {
  const hours = { id: "5a7ed000-0000-4000-8000-000000000001", title: "Hours", body: "Hi {{ first_name }}, {{ shop.name }} is open {{ shop.hours }}." };
  const ready = { id: "5a7ed000-0000-4000-8000-000000000002", title: "Car is ready", body: "Hi {{ first_name }}, your {{ vehicle }} is ready." };
  const filledHours = "Hi Tim, Northside is open Mon–Fri 8–6.";
  const picker = () => screen.getByRole("button", { name: "Saved replies" });
  const fillIn = (reply: { id: string }) => `GET /conversations/${tim.id}/saved-replies/${reply.id}`;

  /** Tim's thread with the shop's saved replies; each is filled in as `filled` says. */
  async function withReplies(replies = [hours, ready], filled: Record<string, string> = { [hours.id]: filledHours }) {
    const opened = await open();
    opened.server.on("GET /saved-replies", () => json({ savedReplies: replies }));
    for (const [replyId, text] of Object.entries(filled)) opened.server.on(fillIn({ id: replyId }), () => json({ text }));
    return opened;
  }

  it("puts a saved reply, filled in for the customer, in the box for staff to edit and send, and sends nothing by itself", async () => {
    const { user, server, stored } = await withReplies();
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));
    // The list is asked for when staff open it, not with every thread.
    expect(server.callsTo("GET /saved-replies")).toHaveLength(0);
    expect(picker()).toHaveAttribute("aria-expanded", "false");

    await user.click(picker());

    expect(picker()).toHaveAttribute("aria-expanded", "true");
    const list = await screen.findByRole("list", { name: "Saved replies" });
    const choices = within(list).getAllByRole("button");
    expect(choices.map((b) => b.textContent)).toEqual([hours.title + hours.body, ready.title + ready.body]);
    expect(choices[0]).toHaveAccessibleName("Hours");
    expect(choices[0]).toHaveAccessibleDescription(hours.body);
    await user.click(within(list).getByRole("button", { name: "Hours" }));

    await waitFor(() => expect(box()).toHaveValue(filledHours));
    expect(server.callsTo(fillIn(hours))).toHaveLength(1);
    expect(screen.queryByRole("list", { name: "Saved replies" })).not.toBeInTheDocument();
    expect(box()).toHaveFocus();
    expect(box()).toHaveAccessibleDescription("Saved reply “Hours”, filled in for Tim Candy. Nothing goes to the customer until you send it.");
    expect(screen.queryByRole("button", { name: "Put back what I wrote" })).not.toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)).toHaveLength(0);

    await user.type(box(), " See you soon!");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText(`${filledHours} See you soon!`)).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/replies`)[0]!.body).toMatchObject({ text: `${filledHours} See you soon!`, channel: "web" });
    expect(screen.queryByText(/Saved reply “Hours”/)).not.toBeInTheDocument();
  });

  it("can put back what staff had written before the saved reply replaced it", async () => {
    const { user } = await withReplies();

    await user.type(box(), "Hi Tim, about Saturday");
    await user.click(picker());
    await user.click(await screen.findByRole("button", { name: "Hours" }));
    await waitFor(() => expect(box()).toHaveValue(filledHours));
    await user.click(screen.getByRole("button", { name: "Put back what I wrote" }));

    expect(box()).toHaveValue("Hi Tim, about Saturday");
    expect(screen.queryByText(/Saved reply/)).not.toBeInTheDocument();
  });

  it("gives the saved reply its own message id, so a lost earlier send does not swallow it", async () => {
    const { user, server, stored } = await withReplies();
    server.once(`POST /conversations/${tim.id}/replies`, () => Promise.reject(new TypeError("Failed to fetch")));
    server.on(`POST /conversations/${tim.id}/replies`, (call) => stored(call.body.text));

    await user.type(box(), "On our way.");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Can't reach the server.");
    await user.click(picker());
    await user.click(await screen.findByRole("button", { name: "Hours" }));
    await waitFor(() => expect(box()).toHaveValue(filledHours));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await within(messageList()).findByText(filledHours)).toBeInTheDocument();
    const [lost, sent] = server.callsTo(`POST /conversations/${tim.id}/replies`);
    expect(sent!.body.clientMessageId).toEqual(expect.stringMatching(UUID));
    expect(sent!.body.clientMessageId).not.toBe(lost!.body.clientMessageId);
  });

  it("works from the keyboard: the arrows go through the replies, Enter picks one, Escape closes", async () => {
    const { user, server } = await withReplies([hours, ready], { [ready.id]: "Hi Tim, your 2019 Honda Civic is ready." });

    picker().focus();
    await user.keyboard("{Enter}");
    const list = await screen.findByRole("list", { name: "Saved replies" });
    await waitFor(() => expect(within(list).getByRole("button", { name: "Hours" })).toHaveFocus());
    await user.keyboard("{ArrowDown}");
    expect(within(list).getByRole("button", { name: "Car is ready" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(within(list).getByRole("button", { name: "Hours" })).toHaveFocus();
    await user.keyboard("{Escape}");

    expect(screen.queryByRole("list", { name: "Saved replies" })).not.toBeInTheDocument();
    expect(picker()).toHaveFocus();
    expect(picker()).toHaveAttribute("aria-expanded", "false");

    await user.keyboard("{Enter}");
    await waitFor(() => expect(within(screen.getByRole("list", { name: "Saved replies" })).getByRole("button", { name: "Hours" })).toHaveFocus());
    await user.keyboard("{ArrowUp}{Enter}");

    await waitFor(() => expect(box()).toHaveValue("Hi Tim, your 2019 Honda Civic is ready."));
    expect(server.callsTo(fillIn(ready))).toHaveLength(1);
    expect(box()).toHaveFocus();
  });

  it("closes when staff click elsewhere", async () => {
    const { user } = await withReplies();
    await user.click(picker());
    await screen.findByRole("list", { name: "Saved replies" });

    await user.click(box());

    expect(screen.queryByRole("list", { name: "Saved replies" })).not.toBeInTheDocument();
  });

  it("says when there are none yet, and where a manager adds them", async () => {
    const { user, address } = await withReplies([]);

    await user.click(picker());

    expect(await screen.findByText("No saved replies yet — managers can add them.")).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Manage saved replies" }));
    await waitFor(() => expect(address()).toBe("/saved-replies"));
  });

  it("says so when the reply was deleted meanwhile, leaves the box alone, and shows the list as it is now", async () => {
    const { user, server } = await withReplies([], {});
    server.once("GET /saved-replies", () => json({ savedReplies: [hours] }));
    server.on(fillIn(hours), () => problem(404, "not_found", "Not Found"));

    await user.type(box(), "Hello");
    await user.click(picker());
    await user.click(await screen.findByRole("button", { name: "Hours" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("That saved reply isn't there any more. Pick another.");
    expect(box()).toHaveValue("Hello");
    await user.click(picker());
    expect(await screen.findByText("No saved replies yet — managers can add them.")).toBeInTheDocument();
    expect(server.callsTo("GET /saved-replies")).toHaveLength(2);
  });

  it("is not offered for a note", async () => {
    const { user } = await withReplies();
    await user.click(screen.getByRole("radio", { name: "Note" }));
    expect(screen.queryByRole("button", { name: "Saved replies" })).not.toBeInTheDocument();
  });
});
