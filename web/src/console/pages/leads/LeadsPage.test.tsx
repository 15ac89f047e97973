import { screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationSummary, LeadItem } from "../../api/types";
import { FakeConsole, json, problem, servePipeline } from "../../test/fakeConsole";
import { DOWNTOWN, lead, me, minutesAgo, NORTHSIDE } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";
import { boardColumnKey, leadListKey } from "./queries";

const tim = lead({ firstName: "Tim", lastName: "Candy", stage: "engaged", lastActivityAt: minutesAgo(5) });
const ana = lead({
  locationId: DOWNTOWN.id,
  createdAt: "2026-03-02T15:00:00Z",
  firstName: "Ana",
  lastName: "Lopez",
  phone: "+15125550142",
  vehicle: "2022 Tesla Model 3",
  service: "Full Interior Detail",
  stage: "booked",
  needsStaff: true,
  lastActivityAt: minutesAgo(90),
});
const unnamed = lead({ firstName: null, lastName: null, phone: "+15125550123", vehicle: null, service: "Oil change", stage: "new", isSample: true });
const bo = lead({ firstName: "Bo", lastName: "Park", phone: "+15125550177", vehicle: "2017 Ford F-150", stage: "lost", stopReason: "opted_out" });
const cy = lead({ firstName: "Cy", lastName: "Young", phone: "+15125550188", vehicle: "2015 Mazda 3", stage: "lost", stopReason: "no_reply" });
const everyone = [tim, ana, unnamed, bo, cy];

/** A signed-in manager's shop with these leads (newest first), and these conversations in the inbox. */
function shop(leads: LeadItem[] = everyone, conversations: ConversationSummary[] = []) {
  return servePipeline(
    new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations, needsStaffCount: 0 }))
      .on("GET /locations", () => json({ locations: [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 })) })),
    leads,
  );
}

const rows = async () => within(await screen.findByRole("list", { name: "Leads" })).getAllByRole("listitem");
const stageBar = () => screen.getByRole("group", { name: "Stages" });

beforeAll(loadSections);

describe("the leads pipeline", () => {
  it("is a section of the console, between the inbox and the appointments", async () => {
    const { user, address } = renderConsole(shop(), "/inbox");
    const nav = await screen.findByRole("navigation", { name: "Sections" });
    expect(within(nav).getAllByRole("link").map((l) => l.textContent)).toEqual(["Inbox", "Leads", "Appointments", "Saved replies", "Cadence", "Assistant", "Colleagues", "Activity", "Settings"]);

    await user.click(within(nav).getByRole("link", { name: "Leads" }));

    expect(await screen.findByRole("heading", { name: "Leads", level: 1 })).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Leads" })).toHaveAttribute("aria-current", "page");
    expect(address()).toBe("/leads");
  });

  it("counts the leads of every stage and lists them, each with where it stands", async () => {
    renderConsole(shop(), "/leads");

    const [first, second, third, fourth] = (await rows()) as HTMLElement[];
    const bar = stageBar();
    expect(within(bar).getByRole("button", { name: "All 5" })).toHaveAttribute("aria-pressed", "true");
    for (const [name, count] of [["New", 1], ["Contacted", 0], ["Engaged", 1], ["Needs a person", 0], ["Booked", 1], ["Showed up", 0], ["Won", 0], ["Lost", 2]] as const)
      expect(within(bar).getByRole("button", { name: `${name} ${count}` })).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByText("Showing 5 of 5 leads")).toBeInTheDocument();

    const timLink = within(first!).getByRole("link");
    expect(timLink).toHaveAttribute("href", `/console/leads/${tim.id}`);
    expect(timLink).toHaveTextContent("Tim Candy");
    expect(timLink).toHaveTextContent("2019 Honda Civic · Ceramic Window Tint");
    expect(timLink).toHaveTextContent("Stage: Engaged");
    expect(timLink).toHaveTextContent("Last activity 5 min ago");
    expect(timLink).not.toHaveTextContent("Needs a person");

    // Booked, and waiting for a person all the same.
    expect(second).toHaveTextContent("Stage: Booked");
    expect(second).toHaveTextContent("Needs a person");
    expect(second).toHaveTextContent("Last activity 1 h 30 min ago");

    // No name: the phone, as it reads; a sample lead says so.
    expect(third).toHaveTextContent("(512) 555-0123");
    expect(third).toHaveTextContent("Sample");
    expect(fourth).toHaveTextContent("Stage: Lost · Opted out");
  });

  it("says so of a customer erased at their request, instead of a blank name", async () => {
    const erased = lead({ firstName: null, lastName: null, phone: null, email: null, vehicle: null, stage: "lost", stopReason: "erased", erased: true });
    renderConsole(shop([tim, erased]), "/leads");

    const [, second] = await rows();
    expect(second).toHaveTextContent("Erased customer");
    expect(second).toHaveTextContent("Stage: Lost · Erased at the customer's request");
  });

  it("filters by the stage picked, and All shows every stage again", async () => {
    const server = shop();
    const { user, address } = renderConsole(server, "/leads");
    await rows();

    await user.click(within(stageBar()).getByRole("button", { name: "Lost 2" }));

    await waitFor(async () => expect(await rows()).toHaveLength(2));
    expect((await rows()).map((r) => within(r).getByText(/^(Bo Park|Cy Young)$/).textContent)).toEqual(["Bo Park", "Cy Young"]);
    expect(server.calls.filter((c) => c.path === "/leads").at(-1)!.query.get("stage")).toBe("lost");
    expect(within(stageBar()).getByRole("button", { name: "Lost 2" })).toHaveAttribute("aria-pressed", "true");
    expect(address()).toBe("/leads?stage=lost");

    await user.click(within(stageBar()).getByRole("button", { name: "All 5" }));

    await waitFor(async () => expect(await rows()).toHaveLength(5));
    expect(address()).toBe("/leads");
  });

  it("searches once typing pauses, and keeps the search in the address", async () => {
    const server = shop();
    const { user, address } = renderConsole(server, "/leads");
    await rows();

    await user.type(screen.getByRole("searchbox", { name: "Search leads" }), "civic");

    await waitFor(() => expect(address()).toBe("/leads?q=civic"));
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect((await rows())[0]).toHaveTextContent("Tim Candy");
    // One request for the word, none for each key typed.
    expect(server.callsTo("GET /leads").map((c) => c.query.get("q"))).toEqual([null, "civic"]);
    // Counts follow the search.
    expect(within(stageBar()).getByRole("button", { name: "All 1" })).toBeInTheDocument();
  });

  it("opens with the search and stage of the address", async () => {
    const server = shop();
    renderConsole(server, "/leads?q=park&stage=lost");

    expect((await rows()).map((r) => r.textContent)).toEqual([expect.stringContaining("Bo Park")]);
    expect(screen.getByRole("searchbox", { name: "Search leads" })).toHaveValue("park");
    const [call] = server.callsTo("GET /leads");
    expect(call!.query.get("q")).toBe("park");
    expect(call!.query.get("stage")).toBe("lost");
  });

  it("adds the next page to the list with Load more", async () => {
    const many = Array.from({ length: 60 }, (_, i) => lead({ firstName: `Customer${i + 1}`, lastName: "Test" }));
    const server = shop(many);
    const { user } = renderConsole(server, "/leads");
    expect(await rows()).toHaveLength(50);
    expect(screen.getByText("Showing 50 of 60 leads")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Load more" }));

    await waitFor(async () => expect(await rows()).toHaveLength(60));
    expect((await rows())[50]).toHaveTextContent("Customer51 Test");
    expect(server.callsTo("GET /leads").map((c) => c.query.get("cursor"))).toEqual([null, "50"]);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("says so in words when nothing matches", async () => {
    const { user } = renderConsole(shop(), "/leads");
    await rows();

    await user.type(screen.getByRole("searchbox", { name: "Search leads" }), "zzz{Enter}");

    expect(await screen.findByText(/No leads match “zzz”\./)).toBeInTheDocument();
  });

  it("shows an error with Try again", async () => {
    // A refusal is not tried again by itself (a server error would be, twice, before it shows).
    const server = shop().once("GET /leads", () => problem(429, "too_many_requests", "Too many requests. Wait a moment."));
    const { user } = renderConsole(server, "/leads");

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests. Wait a moment.");
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await rows()).toHaveLength(5);
  });

  it("shows the board: a column per stage with its count and first leads, a lost lead with why", async () => {
    const server = shop();
    renderConsole(server, "/leads?view=board");

    const board = await screen.findByRole("region", { name: "Board" });
    const lost = await within(board).findByRole("region", { name: "Lost 2" });
    expect(within(board).getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual([
      "New 1",
      "Contacted 0",
      "Engaged 1",
      "Needs a person 0",
      "Booked 1",
      "Showed up 0",
      "Won 0",
      "Lost 2",
    ]);
    const cards = within(lost).getAllByRole("link", { name: /Park|Young/ });
    expect(cards[0]).toHaveTextContent("Opted out");
    expect(cards[1]).toHaveTextContent("No reply");
    expect(within(lost).getByRole("link", { name: "Show all Lost leads" })).toHaveAttribute("href", "/console/leads?stage=lost");
    expect(within(within(board).getByRole("region", { name: "Contacted 0" })).getByText("None right now.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Board" })).toHaveAttribute("aria-pressed", "true");
    // Each column asks for its own stage, a board's worth of leads.
    const columnCalls = server.callsTo("GET /leads");
    expect(new Set(columnCalls.map((c) => c.query.get("stage")))).toEqual(new Set(["new", "contacted", "engaged", "needs_staff", "booked", "showed", "won", "lost"]));
    expect(columnCalls.every((c) => c.query.get("limit") === "20")).toBe(true);
  });

  it("switches between the list and the board", async () => {
    const { user, address } = renderConsole(shop(), "/leads?q=o");
    await rows();

    await user.click(screen.getByRole("button", { name: "Board" }));

    expect(await screen.findByRole("region", { name: "Board" })).toBeInTheDocument();
    expect(address()).toBe("/leads?q=o&view=board");
    await user.click(screen.getByRole("button", { name: "List" }));
    expect(await screen.findByRole("list", { name: "Leads" })).toBeInTheDocument();
    expect(address()).toBe("/leads?q=o");
  });
});

describe("the pipeline's filters", () => {
  const march = [
    lead({ firstName: "Early", lastName: "Bird", createdAt: "2026-02-28T23:59:00Z" }),
    lead({ firstName: "First", lastName: "Day", createdAt: "2026-03-01T00:00:00Z" }),
    lead({ firstName: "Last", lastName: "Day", createdAt: "2026-03-10T23:59:00Z" }),
    lead({ firstName: "Too", lastName: "Late", createdAt: "2026-03-11T00:00:00Z" }),
  ];
  const lastCall = (server: FakeConsole) => server.callsTo("GET /leads").at(-1)!;

  it("filters by one of the shop's locations, in the address and the request", async () => {
    const server = shop(everyone);
    const { user, address } = renderConsole(server, "/leads");
    await rows();
    const location = await screen.findByLabelText("Location");
    await within(location).findByRole("option", { name: "Downtown" });
    expect(within(location).getAllByRole("option").map((o) => o.textContent)).toEqual(["All locations", "Northside", "Downtown"]);

    await user.selectOptions(location, "Downtown");

    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect((await rows())[0]).toHaveTextContent("Ana Lopez");
    expect(address()).toBe(`/leads?location=${DOWNTOWN.id}`);
    expect(lastCall(server).query.get("locationId")).toBe(DOWNTOWN.id);
    // Counts follow the filters.
    expect(within(stageBar()).getByRole("button", { name: "All 1" })).toBeInTheDocument();
  });

  it("filters by service once typing pauses", async () => {
    const server = shop();
    const { user, address } = renderConsole(server, "/leads");
    await rows();

    await user.type(screen.getByLabelText("Service"), "tint");

    await waitFor(() => expect(address()).toBe("/leads?service=tint"));
    await waitFor(async () => expect(await rows()).toHaveLength(3));
    // One request for the word, none for each key typed.
    expect(server.callsTo("GET /leads").map((c) => c.query.get("service"))).toEqual([null, "tint"]);
  });

  it("filters by the days the leads were created, both days included", async () => {
    const server = shop(march);
    const { user, address } = renderConsole(server, "/leads");
    expect(await rows()).toHaveLength(4);

    await user.type(screen.getByLabelText("Created from"), "2026-03-01");
    await waitFor(async () => expect(await rows()).toHaveLength(3));
    await user.type(screen.getByLabelText("Created to"), "2026-03-10");

    await waitFor(async () => expect(await rows()).toHaveLength(2));
    expect((await rows()).map((r) => within(r).getByText(/Day$/).textContent)).toEqual(["First Day", "Last Day"]);
    expect(address()).toBe("/leads?from=2026-03-01&to=2026-03-10");
    expect(Object.fromEntries(lastCall(server).query)).toEqual({ from: "2026-03-01", to: "2026-03-10" });
  });

  it("opens with the filters of the address, and Clear filters takes them all away (the search stays)", async () => {
    const server = shop(everyone);
    const { user, address } = renderConsole(server, `/leads?q=a&location=${DOWNTOWN.id}&service=detail&from=2026-03-01&to=2026-03-31`);

    expect((await rows()).map((r) => r.textContent)).toEqual([expect.stringContaining("Ana Lopez")]);
    expect(Object.fromEntries(server.callsTo("GET /leads")[0]!.query)).toEqual({
      q: "a",
      locationId: DOWNTOWN.id,
      service: "detail",
      from: "2026-03-01",
      to: "2026-03-31",
    });
    expect(screen.getByLabelText("Service")).toHaveValue("detail");
    expect(screen.getByLabelText("Created from")).toHaveValue("2026-03-01");
    expect(screen.getByLabelText("Created to")).toHaveValue("2026-03-31");
    expect(await screen.findByLabelText("Location")).toHaveValue(DOWNTOWN.id);
    expect(screen.getByRole("button", { name: "Filters (4 set)" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Clear filters" }));

    await waitFor(() => expect(address()).toBe("/leads?q=a"));
    await waitFor(async () => expect((await rows()).length).toBeGreaterThan(1));
    expect(Object.fromEntries(lastCall(server).query)).toEqual({ q: "a" });
    expect(screen.getByLabelText("Service")).toHaveValue("");
    expect(screen.getByLabelText("Created from")).toHaveValue("");
    expect(screen.getByLabelText("Location")).toHaveValue("");
    expect(screen.queryByRole("button", { name: "Clear filters" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Filters" })).toBeInTheDocument();
  });

  it("says so when To is before From, and asks the server for nothing", async () => {
    const server = shop(march);
    const { user, address } = renderConsole(server, "/leads?from=2026-03-10");
    await waitFor(async () => expect(await rows()).toHaveLength(2));
    const asked = server.callsTo("GET /leads").length;

    await user.type(screen.getByLabelText("Created to"), "2026-03-01");

    expect(await screen.findByRole("alert")).toHaveTextContent("“Created to” is before “Created from”.");
    expect(screen.getByLabelText("Created to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Created to")).toHaveAccessibleDescription(/is before/);
    expect(address()).toBe("/leads?from=2026-03-10&to=2026-03-01");
    expect(screen.queryByRole("list", { name: "Leads" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /leads")).toHaveLength(asked);

    // A later day puts the leads back.
    await user.clear(screen.getByLabelText("Created to"));
    await user.type(screen.getByLabelText("Created to"), "2026-03-12");
    await waitFor(async () => expect(await rows()).toHaveLength(2));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("asks for nothing when the address itself has To before From, on the board too", async () => {
    const server = shop(march);
    renderConsole(server, "/leads?view=board&from=2026-03-10&to=2026-03-01");

    expect(await screen.findByRole("alert")).toHaveTextContent("“Created to” is before “Created from”.");
    expect(screen.queryByRole("region", { name: "Board" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /leads")).toHaveLength(0);
  });

  it("narrows every column of the board, and Show all keeps the filters", async () => {
    const server = shop();
    renderConsole(server, "/leads?view=board&service=tint");

    const board = await screen.findByRole("region", { name: "Board" });
    const lost = await within(board).findByRole("region", { name: "Lost 2" });
    expect(within(within(board).getByRole("region", { name: "Booked 0" })).getByText("None match the filters.")).toBeInTheDocument();
    expect(server.callsTo("GET /leads").every((c) => c.query.get("service") === "tint")).toBe(true);
    expect(within(lost).getByRole("link", { name: "Show all Lost leads" })).toHaveAttribute("href", "/console/leads?service=tint&stage=lost");
  });

  it("keys the list and each column by every filter, so each set of filters is asked for and kept on its own", () => {
    const filters = { stage: "lost" as const, q: "park", locationId: DOWNTOWN.id, service: "tint", from: "2026-03-01", to: "2026-03-31" };
    const { stage: _, ...rest } = filters;
    expect(leadListKey(filters)).toEqual(["leads", "list", filters]);
    expect(boardColumnKey("booked", filters)).toEqual(["leads", "board", "booked", rest]);
    expect(leadListKey({})).toEqual(["leads", "list", { stage: null, q: null, locationId: null, service: null, from: null, to: null }]);
  });
});
