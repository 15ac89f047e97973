import { screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditView, StaffProfile, UserView } from "../../api/types";
import { fullTime, shopTime } from "../../format";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { DOWNTOWN, lead, leadDetail, me, minutesAgo, NORTHSIDE } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";

const tim = lead({ firstName: "Tim", lastName: "Candy" });
const ana = lead({ firstName: "Ana", lastName: "Lopez" });

const MARCO = "22222222-2222-4222-8222-222222222222";
const colleague = (id: string, displayName: string, role: UserView["role"]): UserView => ({
  id,
  displayName,
  role,
  email: `${displayName.split(" ")[0]!.toLowerCase()}@northside.example`,
  locationIds: [NORTHSIDE.id],
  createdAt: "2025-01-10T15:00:00Z",
  deactivatedAt: null,
});
const users = [colleague(me.id, me.displayName, "manager"), colleague(MARCO, "Marco Silva", "manager")];

let seq = 0;
function entry(overrides: Partial<AuditView> & Pick<AuditView, "action" | "actorType">): AuditView {
  return {
    id: ++seq,
    at: minutesAgo(seq),
    actorId: null,
    actorName: null,
    subjectType: null,
    subjectId: null,
    leadId: null,
    locationId: NORTHSIDE.id,
    details: null,
    ...overrides,
  };
}

const movedFrom = "2026-11-28T15:00:00Z";
const movedTo = "2026-11-29T16:30:00Z";

// Newest first, as the server keeps them.
const tookOver = entry({ action: "conversation.taken_over", actorType: "staff", actorId: me.id, actorName: "Dana Reyes", subjectType: "conversation", leadId: tim.id });
const handoff = entry({ action: "handoff.raised", actorType: "assistant", subjectType: "conversation", leadId: tim.id, details: { reason: "reschedule" } });
const roleChanged = entry({
  action: "user.role_changed",
  actorType: "staff",
  actorId: me.id,
  actorName: "Dana Reyes",
  subjectType: "user",
  subjectId: MARCO,
  locationId: null,
  details: { from: "front_desk", to: "manager" },
});
const stopped = entry({ action: "cadence.stopped", actorType: "system", subjectType: "lead", subjectId: ana.id, leadId: ana.id, details: { from: "active", to: "stopped", reason: "no_reply" } });
const optedOut = entry({ action: "consent.opted_out", actorType: "customer", actorId: ana.id, leadId: ana.id, details: { channel: "sms", source: "sms_keyword", status: "opted_out" } });
const moved = entry({ action: "appointment.moved", actorType: "staff", actorId: me.id, actorName: "Dana Reyes", subjectType: "appointment", leadId: tim.id, details: { from: movedFrom, to: movedTo } });
const bounced = entry({ action: "consent.opted_out", actorType: "provider", leadId: ana.id, details: { channel: "email", source: "hard_bounce", status: "opted_out" } });
const failedSignIn = entry({ action: "staff.sign_in_failed", actorType: "staff", subjectType: "user", subjectId: MARCO, locationId: null, details: { deactivated: false, ip: "203.0.113.7" } });
const unknown = entry({ action: "integration.something_new", actorType: "operator", locationId: null });

const everything = [tookOver, handoff, roleChanged, stopped, optedOut, moved, bounced, failedSignIn, unknown];

/**
 * GET /audit as the server reads it: actorType, action (one exactly, or a subject's with a trailing dot),
 * leadId, from (at or after) and to (before), newest first, `pageSize` a page. The cursor is an offset here;
 * the console passes it back untouched, as it must the real one.
 */
function serveAudit(server: FakeConsole, entries: AuditView[], pageSize = 100) {
  return server.on("GET /audit", ({ query }) => {
    const actorType = query.get("actorType");
    const action = query.get("action");
    const leadId = query.get("leadId");
    const [from, to] = [query.get("from"), query.get("to")];
    const found = entries.filter(
      (e) =>
        (!actorType || e.actorType === actorType) &&
        (!action || (action.endsWith(".") ? e.action.startsWith(action) : e.action === action)) &&
        (!leadId || e.leadId === leadId) &&
        (!from || Date.parse(e.at) >= Date.parse(from)) &&
        (!to || Date.parse(e.at) < Date.parse(to)),
    );
    const start = Number(query.get("cursor") ?? 0);
    const limit = Number(query.get("limit") ?? pageSize);
    return json({ entries: found.slice(start, start + limit), nextCursor: start + limit < found.length ? String(start + limit) : null });
  });
}

function openPage(path = "/activity", { who = me, entries = everything, pageSize = 100 }: { who?: StaffProfile; entries?: AuditView[]; pageSize?: number } = {}) {
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 })) }))
    .on("GET /users", () => json({ users }))
    .on(`GET /leads/${tim.id}`, () => json(leadDetail(tim)));
  serveAudit(server, entries, pageSize);
  return { server, ...renderConsole(server, path) };
}

const table = () => screen.findByRole("table", { name: "Activity, newest first" });
/** The table's first row with a cell that says `text` (the Who and What menus say some of it too). */
const row = (text: string) => within(screen.getByRole("table")).getAllByText(text)[0]!.closest("tr")!;
const cells = (tr: HTMLElement) => within(tr).getAllByRole("cell").map((c) => c.textContent);
const asked = (server: FakeConsole) => server.callsTo("GET /audit").at(-1)!.query;

beforeAll(loadSections);

describe("the activity log", () => {
  it("is in the sections for a manager, after Colleagues, and lists who did what in words", async () => {
    const { user, address, server } = openPage("/inbox");
    const nav = await screen.findByRole("navigation", { name: "Sections" });
    const links = within(nav).getAllByRole("link").map((l) => l.textContent);
    expect(links.indexOf("Activity")).toBe(links.indexOf("Colleagues") + 1);

    await user.click(within(nav).getByRole("link", { name: "Activity" }));

    await waitFor(() => expect(address()).toBe("/activity"));
    expect(await screen.findByRole("heading", { name: "Activity", level: 1 })).toBeInTheDocument();
    await table();
    expect(within(await table()).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["When", "Who", "What", "Details", "Lead"]);
    expect(screen.getAllByRole("row")).toHaveLength(everything.length + 1);

    // A colleague by name; the lead linked so the manager can read the story.
    const took = row("Took the conversation over");
    expect(cells(took)).toEqual(["Dana Reyes", "Took the conversation over", "", "Open lead"]);
    expect(within(took).getByRole("link", { name: "Open lead" })).toHaveAttribute("href", `/console/leads/${tim.id}`);
    const when = within(took).getByRole("rowheader");
    const time = when.querySelector("time")!;
    expect(time).toHaveAttribute("dateTime", tookOver.at);
    expect(time).toHaveAttribute("title", fullTime(tookOver.at));
    expect(when).toHaveTextContent(shopTime(tookOver.at));

    expect(cells(row("Asked for a person"))[0]).toBe("Assistant");
    expect(row("Asked for a person")).toHaveTextContent("Wants to move their appointment");

    // The colleague changed is named from the colleagues' list; no lead, no link.
    const role = row("Changed a colleague's role");
    await waitFor(() => expect(role).toHaveTextContent("Marco Silva: From Front desk to Manager"));
    expect(within(role).queryByRole("link")).not.toBeInTheDocument();

    expect(cells(row("Stopped follow-ups")).slice(0, 3)).toEqual(["Automatic", "Stopped follow-ups", expect.stringContaining("No reply")]);
    const customer = row("Customer");
    expect(cells(customer).slice(0, 2)).toEqual(["Customer", "Opted out"]);
    expect(customer).toHaveTextContent("Texts · By texting a keyword");
    expect(row("Moved an appointment")).toHaveTextContent(`From ${shopTime(movedFrom)} to ${shopTime(movedTo)}`);
    const provider = row("Messaging provider");
    expect(provider).toHaveTextContent("Emails · The email bounced");
    expect(cells(row("Failed sign-in")).slice(0, 3)).toEqual(["Someone", "Failed sign-in", expect.stringContaining("As Marco Silva")]);
    // An action this console doesn't know yet: its code, as it is.
    expect(cells(row("integration.something_new")).slice(0, 2)).toEqual(["Operator", "integration.something_new"]);

    // Everything recorded, for the rest.
    const raw = within(row("Stopped follow-ups")).getByText("Everything recorded").closest("details")!;
    expect(raw).not.toHaveAttribute("open");
    expect(raw.querySelector("pre")).toHaveTextContent('"reason": "no_reply"');
    expect(within(took).queryByText("Everything recorded")).not.toBeInTheDocument();

    expect(screen.getByText("9 entries shown")).toHaveAttribute("role", "status");
    // Everything, the first page: no filters, no cursor.
    expect([...asked(server).keys()]).toEqual([]);
  });

  it("asks for one kind of actor when Who is chosen, and keeps it in the address", async () => {
    const { user, server, address } = openPage();
    await table();

    await user.selectOptions(screen.getByLabelText("Who"), "The assistant");

    await waitFor(() => expect(asked(server).get("actorType")).toBe("assistant"));
    expect(address()).toBe("/activity?actorType=assistant");
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(2));
    expect(cells(row("Asked for a person"))[0]).toBe("Assistant");
    expect(screen.getByLabelText("Who")).toHaveValue("assistant");
  });

  it("asks for a subject's actions by their prefix when What is chosen", async () => {
    const { user, server } = openPage();
    await table();

    await user.selectOptions(screen.getByLabelText("What"), "Appointments");

    await waitFor(() => expect(asked(server).get("action")).toBe("appointment."));
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(2));
    expect(row("Moved an appointment")).toBeInTheDocument();
  });

  it("sends the days as instants at local midnight, the To day counted whole", async () => {
    const { user, server, address } = openPage();
    await table();

    await user.type(screen.getByLabelText("From"), "2026-03-01");
    await user.type(screen.getByLabelText("To"), "2026-03-10");

    await waitFor(() => expect(asked(server).get("to")).toBe(new Date(2026, 2, 11).toISOString()));
    expect(asked(server).get("from")).toBe(new Date(2026, 2, 1).toISOString());
    expect(address()).toBe("/activity?from=2026-03-01&to=2026-03-10");
    // Nothing of the fixtures is that old.
    expect(await screen.findByText("Nothing recorded for these filters.")).toBeInTheDocument();
  });

  it("says a To before the From is wrong, and asks nothing for it", async () => {
    const { user, server } = openPage("/activity?from=2026-03-10");
    await table();
    const before = server.callsTo("GET /audit").length;

    await user.type(screen.getByLabelText("To"), "2026-03-01");

    expect(await screen.findByRole("alert")).toHaveTextContent("“To” is before “From”. Pick a later day, or clear one of them.");
    expect(screen.getByLabelText("To")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("link", { name: "Download CSV" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /audit").slice(before).filter((c) => c.query.get("to"))).toHaveLength(0);
  });

  it("adds the next page with Show more, asking with the cursor", async () => {
    const { user, server } = openPage("/activity", { pageSize: 4 });
    await table();
    expect(screen.getAllByRole("row")).toHaveLength(5);
    expect(screen.getByText("4 entries shown, more below")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Show more" }));

    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(9));
    await user.click(screen.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(10));
    expect(server.callsTo("GET /audit").map((c) => c.query.get("cursor"))).toEqual([null, "4", "8"]);
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();
    expect(screen.getByText("9 entries shown")).toBeInTheDocument();
  });

  it("offers the same filters as a CSV file", async () => {
    const { user } = openPage(`/activity?leadId=${tim.id}`);
    await table();

    await user.selectOptions(screen.getByLabelText("Who"), "A colleague");
    await user.selectOptions(screen.getByLabelText("What"), "Appointments");
    await user.type(screen.getByLabelText("From"), "2026-03-01");

    const link = screen.getByRole("link", { name: "Download CSV" });
    expect(link).toHaveAttribute("download");
    expect(link).toHaveAccessibleDescription("Every entry under these filters, for a spreadsheet");
    const href = new URL(link.getAttribute("href")!, window.location.origin);
    expect(href.pathname).toBe("/api/console/audit");
    expect(Object.fromEntries(href.searchParams)).toEqual({
      actorType: "staff",
      action: "appointment.",
      from: new Date(2026, 2, 1).toISOString(),
      leadId: tim.id,
      format: "csv",
    });
  });

  it("narrows to one lead from the address, names it, and shows everything again", async () => {
    const { user, server, address } = openPage(`/activity?leadId=${tim.id}&actorType=staff`);
    await table();

    expect(asked(server).get("leadId")).toBe(tim.id);
    const only = (await screen.findByText("Tim Candy")).closest("p")!;
    expect(only).toHaveTextContent(/^Only Tim Candy/);
    expect(within(only).getByRole("link", { name: "Tim Candy" })).toHaveAttribute("href", `/console/leads/${tim.id}`);
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(3));

    await user.click(within(only).getByRole("button", { name: "Show everything" }));

    await waitFor(() => expect(address()).toBe("/activity"));
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(everything.length + 1));
    expect(asked(server).get("leadId")).toBeNull();
    expect(asked(server).get("actorType")).toBeNull();
    expect(screen.queryByRole("button", { name: "Show everything" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Activity", level: 1 })).toHaveFocus();
  });

  it("shows a refused request's reason in words", async () => {
    const { server } = openPage("/activity?actorType=operator");
    server.once("GET /audit", () => problem(400, "bad_actor_type", "actorType must be one of: staff, operator, system, assistant, customer, provider."));

    expect(await screen.findByRole("alert")).toHaveTextContent("The activity log doesn't know that “Who”. Choose one from the list.");
    // A choice from the address that the menu doesn't offer is still shown, to be seen and undone.
    expect(screen.getByLabelText("Who")).toHaveValue("operator");
  });

  it("says when nothing was recorded under the filters", async () => {
    openPage("/activity?action=saved_reply.");
    expect(await screen.findByText("Nothing recorded for these filters.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("is not in the sections for the front desk, and tells them it isn't theirs if they open it", async () => {
    const frontDesk: StaffProfile = { ...me, role: "front_desk" };
    openPage("/inbox", { who: frontDesk });
    await screen.findByRole("link", { name: "Appointments" });
    expect(screen.queryByRole("link", { name: "Activity" })).not.toBeInTheDocument();
  });

  it("asks the server nothing for the front desk", async () => {
    const { server } = openPage("/activity", { who: { ...me, role: "front_desk" } });

    expect(await screen.findByText("Only managers and owners see the activity log.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Download CSV" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /audit")).toHaveLength(0);
  });
});
