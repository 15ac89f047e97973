import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConversationSummary, ConversationThread } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { colleagues, me, message, minutesAgo, summary, thread } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const tim = summary({ customer: "Tim Candy", phone: "+15125550199", vehicle: "2019 Honda Civic", waiting: "unanswered", waitingSince: minutesAgo(12) });

/** A signed-in manager looking at Tim's thread (built from `overrides`). */
function open(overrides: Partial<ConversationThread> = {}, conversation: ConversationSummary = tim) {
  const data = thread(conversation, overrides);
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [conversation], needsStaffCount: 0 }))
    .on(`GET /conversations/${conversation.id}`, () => json(data))
    .on("GET /staff", () => json({ staff: colleagues }));
  const view = renderConsole(server, `/inbox/${conversation.id}`);
  return { server, data, ...view };
}

const messages = () => within(screen.getByRole("list", { name: "Messages" })).getAllByRole("listitem");

describe("a conversation's thread", () => {
  it("shows every message in order across web and SMS, each side marked", async () => {
    open({
      messages: [
        message({ role: "customer", channel: "sms", text: "Hi, how much for tint?" }),
        message({ role: "assistant", channel: "sms", text: "Ceramic tint starts at $349.", provider: "openai", model: "gpt-4o-mini", costUsd: 0.00042, delivery: { status: "delivered", error: null } }),
        message({ role: "customer", channel: "web", text: "Can I bring it Saturday?" }),
        message({ role: "assistant", channel: "web", text: "Saturday works, we open at", status: "interrupted", provider: "anthropic", model: "claude-haiku", costUsd: null }),
        message({ role: "note", channel: "web", text: "He's a repeat customer, give 10% off.", author: "Marco Silva" }),
        message({ role: "staff", channel: "sms", text: "Hi Tim, this is Dana. Saturday 9am?", author: "Dana Reyes", delivery: { status: "failed", error: "Carrier rejected the message" } }),
        message({ role: "system", channel: "web", text: "Staff took over the conversation." }),
      ],
    });

    await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    const [first, second, third, fourth, note, staff, system] = messages() as HTMLElement[];
    expect(first).toHaveTextContent("Tim Candy");
    expect(within(first!).getByRole("img", { name: "Text message" })).toBeInTheDocument();
    expect(second).toHaveTextContent("AI assistant");
    expect(second).toHaveTextContent("Text delivered");
    expect(within(third!).getByRole("img", { name: "Web chat" })).toBeInTheDocument();
    expect(fourth).toHaveTextContent("Interrupted: this answer broke off before it was finished.");
    expect(note).toHaveTextContent("Internal note · Marco Silva");
    expect(note).toHaveTextContent("Only staff see this.");
    expect(staff).toHaveTextContent("Dana Reyes (staff)");
    expect(staff).toHaveTextContent("Text failed: Carrier rejected the message");
    expect(system).toHaveTextContent("Staff took over the conversation.");
  });

  it("says what the tools did between the messages, and which answer the price guard replaced", async () => {
    open({
      messages: [
        message({ role: "assistant", text: "Ceramic tint for a full sedan is $399.", replaced: true }),
        message({ role: "event", text: "Booked Ceramic Window Tint - Full Sedan for Sat Nov 28, 9:00 AM" }),
      ],
    });
    await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    const [answer, booked] = messages() as HTMLElement[];
    expect(answer).toHaveTextContent("Price guard: the model quoted a price that is not in the catalog");
    expect(booked).toHaveTextContent("Booked Ceramic Window Tint - Full Sedan for Sat Nov 28, 9:00 AM");
    expect(booked).not.toHaveTextContent("AI assistant");
  });

  it("keeps an answer's provider, model and cost behind a details disclosure", async () => {
    const { user } = open({
      messages: [message({ role: "assistant", text: "We're open 8 to 6.", provider: "openai", model: "gpt-4o-mini", costUsd: 0.00042 })],
    });
    await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    const [answer] = messages();

    const details = within(answer!).getByText("Details");
    expect(within(answer!).getByText("gpt-4o-mini")).not.toBeVisible();
    await user.click(details);
    expect(within(answer!).getByText("gpt-4o-mini")).toBeVisible();
    expect(answer).toHaveTextContent("Provideropenai");
    expect(answer).toHaveTextContent("Cost$0.0004");
  });

  it("shows who the customer is, and why the conversation waits", async () => {
    open();
    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    const header = heading.closest("header")!;
    expect(within(header).getByRole("link", { name: "(512) 555-0199" })).toHaveAttribute("href", "tel:+15125550199");
    expect(header).toHaveTextContent("2019 Honda Civic");
    expect(header).toHaveTextContent("Waiting for a reply · 12 min");
  });

  it("tags a customer who reads Spanish, and marks what was written to and by them as Spanish", async () => {
    const lucia = summary({ customer: "Lucía Romero", language: "es" });
    open(
      {
        messages: [
          message({ role: "customer", text: "¿Cuánto cuesta el polarizado?" }),
          message({ role: "assistant", text: "El polarizado cerámico empieza en $349." }),
          message({ role: "note", text: "Prefers texts in Spanish.", author: "Marco Silva" }),
          message({ role: "staff", text: "Hola Lucía, ¿le queda bien el sábado?", author: "Dana Reyes" }),
          message({ role: "system", text: "Staff took over the conversation." }),
        ],
      },
      lucia,
    );

    const heading = await screen.findByRole("heading", { name: "Lucía Romero", level: 2 });
    const tag = within(heading.closest("header")!).getByText("Español");
    expect(tag).toHaveAttribute("lang", "es");
    expect(heading).not.toContainElement(tag);
    const [customer, assistant, note, staff, system] = messages() as HTMLElement[];
    expect(within(customer!).getByText("¿Cuánto cuesta el polarizado?")).toHaveAttribute("lang", "es");
    expect(within(assistant!).getByText("El polarizado cerámico empieza en $349.")).toHaveAttribute("lang", "es");
    expect(within(staff!).getByText("Hola Lucía, ¿le queda bien el sábado?")).toHaveAttribute("lang", "es");
    // Staff's own words, and the console's, stay English.
    expect(within(note!).getByText("Prefers texts in Spanish.")).not.toHaveAttribute("lang");
    expect(within(system!).getByText("Staff took over the conversation.")).not.toHaveAttribute("lang");
    expect(within(customer!).getByText("Lucía Romero").closest("[lang]")).toBeNull();
  });

  it("has no language tag or lang for a customer who reads English", async () => {
    open();
    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    expect(heading.closest("header")).not.toHaveTextContent("Español");
    expect(within(messages()[0]!).getByText("How much is ceramic tint for a Civic?")).not.toHaveAttribute("lang");
  });

  it("links to the lead's page, where there is a lead", async () => {
    const { user, address, server } = open();
    server.on(`GET /leads/${tim.leadId}`, () => new Response(null, { status: 404 }));
    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });

    expect(within(heading.closest("header")!).getByRole("link", { name: "View lead" })).toHaveAttribute("href", `/console/leads/${tim.leadId}`);
    await user.click(screen.getByRole("link", { name: "View lead" }));
    await waitFor(() => expect(address()).toBe(`/leads/${tim.leadId}`));
  });

  it("has no lead link for a conversation without a lead", async () => {
    open({}, summary({ customer: "+15125550123", leadId: null }));
    await screen.findByRole("heading", { name: "+15125550123", level: 2 });

    expect(screen.queryByRole("link", { name: "View lead" })).not.toBeInTheDocument();
  });

  it("takes over (the assistant goes silent) and hands back", async () => {
    const { user, server } = open();
    server.on(`POST /conversations/${tim.id}/takeover`, () => json({ ...tim, staffTakeover: true }));
    server.on(`POST /conversations/${tim.id}/release`, () => json({ ...tim, staffTakeover: false }));

    await user.click(await screen.findByRole("button", { name: "Take over" }));

    expect(await screen.findByRole("button", { name: "Hand back to assistant" })).toBeInTheDocument();
    expect(screen.getByText("Staff took over: the assistant is silent.")).toBeInTheDocument();
    expect(screen.getByText("You took over. The assistant stays silent in this conversation.")).toHaveAttribute("role", "status");
    const listRequests = server.callsTo("GET /conversations").length;

    await user.click(screen.getByRole("button", { name: "Hand back to assistant" }));

    expect(await screen.findByRole("button", { name: "Take over" })).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/release`)).toHaveLength(1);
    // The list is asked again: the row's takeover tag changed.
    expect(server.callsTo("GET /conversations").length).toBeGreaterThan(listRequests);
  });

  it("marks done and reopens", async () => {
    const { user, server } = open();
    server.on(`POST /conversations/${tim.id}/done`, () => json({ ...tim, done: true, waiting: "none" }));
    server.on(`POST /conversations/${tim.id}/reopen`, () => json({ ...tim, done: false }));

    await user.click(await screen.findByRole("button", { name: "Done" }));
    await user.click(await screen.findByRole("button", { name: "Reopen" }));

    expect(await screen.findByRole("button", { name: "Done" })).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/done`)).toHaveLength(1);
    expect(server.callsTo(`POST /conversations/${tim.id}/reopen`)).toHaveLength(1);
  });

  it("assigns to a colleague, or to no one", async () => {
    const marco = colleagues[1]!;
    const { user, server } = open();
    server.once(`POST /conversations/${tim.id}/assign`, () => json({ ...tim, assignedTo: { id: marco.id, name: marco.name } }));
    server.once(`POST /conversations/${tim.id}/assign`, () => json({ ...tim, assignedTo: null }));
    const select = await screen.findByLabelText("Assigned to");
    await within(select).findByRole("option", { name: "Marco Silva" });
    expect(within(select).getByRole("option", { name: "Dana Reyes (you)" })).toBeInTheDocument();

    await user.selectOptions(select, "Marco Silva");
    expect(await screen.findByText("Assigned to Marco Silva.")).toBeInTheDocument();
    expect(select).toHaveValue(marco.id);

    await user.selectOptions(select, "No one");
    expect(await screen.findByText("Unassigned.")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/assign`).map((c) => c.body)).toEqual([{ userId: marco.id }, { userId: null }]);
  });

  it("folds Done and the assignment behind More, a disclosure whose actions work as they do beside it", async () => {
    const marco = colleagues[1]!;
    const { user, server } = open();
    server.on(`POST /conversations/${tim.id}/done`, () => json({ ...tim, done: true, waiting: "none" }));
    server.once(`POST /conversations/${tim.id}/assign`, () => json({ ...tim, assignedTo: { id: marco.id, name: marco.name } }));
    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    const header = heading.closest("header")!;

    // One of each control: in the panel More opens (styles.css folds it only where the header is narrow).
    const more = within(header).getByRole("button", { name: "More actions" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    const panel = document.getElementById(more.getAttribute("aria-controls")!)!;
    expect(panel).toContainElement(within(header).getByRole("button", { name: "Done" }));
    expect(panel).toContainElement(within(header).getByLabelText("Assigned to"));
    expect(within(header).getAllByRole("button", { name: "Done" })).toHaveLength(1);
    // The main action stays outside it.
    expect(panel).not.toContainElement(within(header).getByRole("button", { name: "Take over" }));

    await user.click(more);
    expect(more).toHaveAttribute("aria-expanded", "true");
    await user.tab();
    expect(within(panel).getByRole("button", { name: "Done" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await within(panel).findByRole("button", { name: "Reopen" })).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/done`)).toHaveLength(1);

    const select = within(panel).getByLabelText("Assigned to");
    await within(select).findByRole("option", { name: "Marco Silva" });
    await user.selectOptions(select, "Marco Silva");
    expect(await screen.findByText("Assigned to Marco Silva.")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${tim.id}/assign`).map((c) => c.body)).toEqual([{ userId: marco.id }]);

    // Escape closes it and puts the focus back on More; a press elsewhere closes it too.
    await user.keyboard("{Escape}");
    expect(more).toHaveAttribute("aria-expanded", "false");
    expect(more).toHaveFocus();
    await user.click(more);
    await user.click(heading);
    expect(more).toHaveAttribute("aria-expanded", "false");
  });

  it("says so when the colleague is no longer on the team", async () => {
    const { user, server } = open();
    server.on(`POST /conversations/${tim.id}/assign`, () => problem(404, "not_found", "No such colleague."));
    const select = await screen.findByLabelText("Assigned to");
    await within(select).findByRole("option", { name: "Priya Shah" });

    await user.selectOptions(select, "Priya Shah");

    expect(await screen.findByRole("alert")).toHaveTextContent("That colleague isn't on the team any more.");
    expect(select).toHaveValue("");
  });

  it("says when the conversation is gone", async () => {
    const server = new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on(`GET /conversations/${tim.id}`, () => problem(404, "not_found", "Not found."))
      .on("GET /staff", () => json({ staff: colleagues }));
    renderConsole(server, `/inbox/${tim.id}`);

    expect(await screen.findByRole("alert")).toHaveTextContent("This conversation isn't there any more.");
  });
});
