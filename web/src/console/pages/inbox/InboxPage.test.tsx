import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConversationSummary } from "../../api/types";
import { FakeConsole, json } from "../../test/fakeConsole";
import { colleagues, DOWNTOWN, me, NORTHSIDE, minutesAgo, summary, thread } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";

/** A signed-in manager's shop with these conversations (in the server's order) and needs-a-person count. */
function shop(conversations: ConversationSummary[], needsStaffCount = 0) {
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations, needsStaffCount }))
    .on("GET /staff", () => json({ staff: colleagues }))
    .on("GET /locations", () => json({ locations: [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 })) }));
  for (const c of conversations) server.on(`GET /conversations/${c.id}`, () => json(thread(c)));
  return server;
}

async function listRows() {
  const list = await screen.findByRole("region", { name: "Inbox" });
  return within(list).findAllByRole("link");
}

const waitingForPerson = summary({
  customer: "Tim Candy",
  vehicle: "2019 Honda Civic",
  waiting: "needs_staff",
  waitingSince: minutesAgo(4),
  needsStaffReason: "Asked for a person: wants to reschedule",
  lastMessage: { role: "customer", channel: "sms", text: "Can someone call me? I need to move my appointment.", at: minutesAgo(4), author: null },
});
const unanswered = summary({
  customer: "Ana Lopez",
  vehicle: "2022 Tesla Model 3",
  locationId: DOWNTOWN.id,
  locationName: DOWNTOWN.name,
  waiting: "unanswered",
  waitingSince: minutesAgo(12),
  lastMessage: { role: "assistant", channel: "web", text: "Ceramic tint for a Model 3 is $399.", at: minutesAgo(12), author: null },
});
const takenOver = summary({
  customer: "+15125550123",
  leadId: null,
  vehicle: null,
  staffTakeover: true,
  assignedTo: { id: me.id, name: me.displayName },
  lastMessage: { role: "staff", channel: "sms", text: "We can fit you in at 3.", at: minutesAgo(40), author: me.displayName },
});
const colleagueReplied = summary({
  customer: "Bo Park",
  assignedTo: { id: colleagues[1]!.id, name: colleagues[1]!.name },
  lastMessage: { role: "staff", channel: "web", text: "See you Tuesday!", at: minutesAgo(90), author: "Marco Silva" },
});

beforeAll(loadSections);

afterEach(() => {
  vi.useRealTimers();
});

describe("the inbox list", () => {
  it("shows each conversation in the server's order, with why it waits and who wrote last", async () => {
    const server = shop([waitingForPerson, unanswered, takenOver, colleagueReplied], 1);
    renderConsole(server, "/inbox");

    const links = await listRows();
    expect(links.map((l) => within(l).getByText(/^(Tim Candy|Ana Lopez|\+15125550123|Bo Park)$/).textContent)).toEqual([
      "Tim Candy",
      "Ana Lopez",
      "+15125550123",
      "Bo Park",
    ]);
    const [tim, ana, unknown, bo] = links as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(tim).toHaveTextContent("Needs a person: Asked for a person: wants to reschedule · 4 min");
    expect(tim).toHaveTextContent("2019 Honda Civic · Northside");
    expect(within(tim).getByRole("img", { name: "Text message" })).toBeInTheDocument();
    expect(tim).toHaveTextContent("Can someone call me? I need to move my appointment.");

    expect(ana).toHaveTextContent("Waiting for a reply · 12 min");
    expect(ana).toHaveTextContent("2022 Tesla Model 3 · Downtown");
    expect(within(ana).getByRole("img", { name: "Web chat" })).toBeInTheDocument();
    expect(ana).toHaveTextContent("AI: Ceramic tint for a Model 3 is $399.");

    expect(unknown).toHaveTextContent("You: We can fit you in at 3.");
    expect(unknown).toHaveTextContent("Staff took over");
    expect(unknown).toHaveTextContent("Assigned to you");

    expect(bo).toHaveTextContent("Marco Silva: See you Tuesday!");
    expect(bo).toHaveTextContent("Assigned to Marco Silva");
    expect(bo).not.toHaveTextContent(/Waiting|Needs a person/);
  });

  it("tags a customer who reads Spanish, and marks their last message as Spanish", async () => {
    const spanish = summary({
      customer: "Lucía Romero",
      language: "es",
      lastMessage: { role: "customer", channel: "sms", text: "¿Cuánto cuesta el polarizado?", at: minutesAgo(3), author: null },
    });
    renderConsole(shop([spanish, unanswered]), "/inbox");

    const [lucia, ana] = (await listRows()) as [HTMLElement, HTMLElement];
    const tag = within(lucia).getByText("Español");
    expect(tag).toHaveAttribute("lang", "es");
    // Beside the name, at the head of the row.
    expect(tag.parentElement).toBe(within(lucia).getByText("Lucía Romero").parentElement);
    expect(within(lucia).getByText("¿Cuánto cuesta el polarizado?")).toHaveAttribute("lang", "es");
    // English, the default, gets neither.
    expect(ana).not.toHaveTextContent("Español");
    expect(within(ana).getByText("Ceramic tint for a Model 3 is $399.")).not.toHaveAttribute("lang");
  });

  it("counts the conversations that need a person on the Inbox tab", async () => {
    renderConsole(shop([waitingForPerson, unanswered], 3), "/inbox");

    expect(await screen.findByRole("link", { name: "Inbox, 3 need a person" })).toBeInTheDocument();
    // Said again by screen readers whenever the count changes.
    expect(await screen.findByText("3 conversations need a person.")).toHaveAttribute("role", "status");
  });

  it("asks the server again for each filter, and offers the shop's locations", async () => {
    const server = shop([waitingForPerson, unanswered]);
    const { user } = renderConsole(server, "/inbox");
    await listRows();

    await user.selectOptions(screen.getByLabelText("Status"), "Done");
    await user.selectOptions(screen.getByLabelText("Assigned"), "Me");
    expect(within(screen.getByLabelText("Location")).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "All locations",
      "Northside",
      "Downtown",
    ]);
    await user.selectOptions(screen.getByLabelText("Location"), "Downtown");

    const last = server.callsTo("GET /conversations").at(-1)!;
    expect(Object.fromEntries(last.query)).toEqual({ status: "done", assigned: "me", locationId: DOWNTOWN.id });
    await user.selectOptions(screen.getByLabelText("Assigned"), "Unassigned");
    expect(server.callsTo("GET /conversations").at(-1)!.query.get("assigned")).toBe("unassigned");
  });

  it("shows more conversations a page at a time, in the server's order", async () => {
    const server = shop([waitingForPerson, unanswered, takenOver]).on("GET /conversations", ({ query }) =>
      json(
        query.get("cursor") === "page-2"
          ? { conversations: [takenOver, colleagueReplied], needsStaffCount: 1, nextCursor: null }
          : { conversations: [waitingForPerson, unanswered], needsStaffCount: 1, nextCursor: "page-2" },
      ),
    );
    server.on(`GET /conversations/${colleagueReplied.id}`, () => json(thread(colleagueReplied)));
    const { user } = renderConsole(server, "/inbox");
    expect(await listRows()).toHaveLength(2);

    await user.click(screen.getByRole("button", { name: "Show more conversations" }));

    await waitFor(async () => expect(await listRows()).toHaveLength(4));
    expect((await listRows()).map((row) => row.textContent)).toEqual([
      expect.stringContaining("Tim Candy"),
      expect.stringContaining("Ana Lopez"),
      expect.stringContaining("+15125550123"),
      expect.stringContaining("Bo Park"),
    ]);
    expect(server.callsTo("GET /conversations").at(-1)!.query.get("cursor")).toBe("page-2");
    // The last page: nothing more to ask for.
    expect(screen.queryByRole("button", { name: "Show more conversations" })).not.toBeInTheDocument();
  });

  it("asks again every 15 seconds and shows what came in", async () => {
    vi.useFakeTimers();
    const server = shop([unanswered]);
    server.once("GET /conversations", () => json({ conversations: [unanswered], needsStaffCount: 0 }));
    server.once("GET /conversations", () => json({ conversations: [waitingForPerson, unanswered], needsStaffCount: 1 }));
    renderConsole(server, "/inbox", { fakeTimers: true });
    await listRows();
    expect(screen.queryByText("Tim Candy")).not.toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(15_000));

    expect(await screen.findByText("Tim Candy")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Inbox, 1 needs a person" })).toBeInTheDocument();
    // The tab's count and the list are one query: one request per poll, not two.
    expect(server.callsTo("GET /conversations")).toHaveLength(2);
  });

  it("opens a conversation beside the list, keeping the filters on the way back", async () => {
    const server = shop([waitingForPerson, unanswered]);
    const { user, address } = renderConsole(server, "/inbox?assigned=unassigned");
    const [tim] = await listRows();

    await user.click(tim!);

    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    expect(heading).toHaveFocus();
    expect(tim).toHaveAttribute("aria-current", "page");
    expect(address()).toBe(`/inbox/${waitingForPerson.id}?assigned=unassigned`);
    await user.click(screen.getByRole("link", { name: "← All conversations" }));
    expect(address()).toBe("/inbox?assigned=unassigned");
  });
});
