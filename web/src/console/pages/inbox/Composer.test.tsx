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
