import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffProfile, UserView } from "../../api/types";
import { shortDay } from "../../format";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { DOWNTOWN, me, NORTHSIDE, TENANT_ID } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const UPTOWN = { id: "aaaaaaaa-0000-4000-8000-000000000003", name: "Uptown" };
const place = (l: { id: string; name: string }) => ({ ...l, timeZone: "America/Chicago", bays: 2 });

const colleague = (overrides: Partial<UserView> & Pick<UserView, "id" | "displayName" | "role">): UserView => ({
  email: `${overrides.displayName.split(" ")[0]!.toLowerCase()}@northside.example`,
  locationIds: [],
  createdAt: "2025-01-10T15:00:00Z",
  deactivatedAt: null,
  ...overrides,
});

const dana = colleague({ id: me.id, displayName: me.displayName, email: me.email, role: "manager", locationIds: [NORTHSIDE.id, DOWNTOWN.id] });
const olivia = colleague({ id: "44444444-4444-4444-8444-444444444444", displayName: "Olivia Grant", role: "owner" });
const marco = colleague({ id: "22222222-2222-4222-8222-222222222222", displayName: "Marco Silva", role: "front_desk", locationIds: [NORTHSIDE.id] });
// Works at Uptown too, which is not Dana's: only an owner changes her account.
const priya = colleague({ id: "33333333-3333-4333-8333-333333333333", displayName: "Priya Shah", role: "manager", locationIds: [DOWNTOWN.id, UPTOWN.id] });
const sam = colleague({ id: "55555555-5555-4555-8555-555555555555", displayName: "Sam Lee", role: "front_desk", locationIds: [DOWNTOWN.id], deactivatedAt: "2026-03-02T15:00:00Z" });

const everyone = [sam, priya, olivia, marco, dana];
/** Olivia signed in: an owner, at every location. */
const asOlivia: StaffProfile = { id: olivia.id, email: olivia.email, displayName: olivia.displayName, role: "owner", tenantId: TENANT_ID, locationIds: null };

/**
 * The console for `who`, with a server that keeps the colleagues as the real one does: active ones first, then
 * by name; a change answers the colleague as they now are, and shows in the next list. A manager's locations
 * are only theirs.
 */
function openPage(who: StaffProfile = me, path = "/users") {
  let stored = [...everyone];
  const sorted = () => [...stored].sort((a, b) => Number(!!a.deactivatedAt) - Number(!!b.deactivatedAt) || a.displayName.localeCompare(b.displayName));
  const replace = (id: string, change: (u: UserView) => UserView) => {
    stored = stored.map((u) => (u.id === id ? change(u) : u));
    return json(stored.find((u) => u.id === id));
  };
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: (who.role === "owner" ? [DOWNTOWN, NORTHSIDE, UPTOWN] : [DOWNTOWN, NORTHSIDE]).map(place) }))
    .on("GET /users", () => json({ users: sorted() }));
  for (const user of everyone) {
    server
      .on(`PUT /users/${user.id}`, ({ body }) =>
        replace(user.id, (u) => {
          const role = body.role ?? u.role;
          return { ...u, role, locationIds: role === "owner" ? [] : (body.locationIds ?? u.locationIds) };
        }),
      )
      .on(`POST /users/${user.id}/deactivate`, () => replace(user.id, (u) => ({ ...u, deactivatedAt: u.deactivatedAt ?? new Date().toISOString() })))
      .on(`POST /users/${user.id}/reactivate`, () => replace(user.id, (u) => ({ ...u, deactivatedAt: null })));
  }
  return { server, ...renderConsole(server, path) };
}

const list = () => screen.findByRole("list", { name: "Colleagues" });
const row = (name: string) => screen.getByRole("article", { name });
const names = () => within(screen.getByRole("list", { name: "Colleagues" })).getAllByRole("heading").map((h) => h.textContent);
const said = () => screen.getAllByRole("status").map((s) => s.textContent ?? "");

describe("colleagues", () => {
  it("is in the sections for a manager, and lists the colleagues with their roles and locations, active ones first", async () => {
    const { user, address } = openPage(me, "/inbox");

    await user.click(await screen.findByRole("link", { name: "Colleagues" }));

    await waitFor(() => expect(address()).toBe("/users"));
    expect(await screen.findByRole("heading", { name: "Colleagues", level: 1 })).toBeInTheDocument();
    await list();
    expect(names()).toEqual(["Dana Reyes", "Marco Silva", "Olivia Grant", "Priya Shah", "Sam Lee"]);

    const marcoRow = within(row("Marco Silva"));
    expect(marcoRow.getByText("marco@northside.example")).toBeInTheDocument();
    expect(marcoRow.getByText("Front desk")).toBeInTheDocument();
    expect(marcoRow.getByText("Northside")).toBeInTheDocument();
    expect(marcoRow.getByRole("button", { name: "Change Marco Silva" })).toBeInTheDocument();
    expect(marcoRow.getByRole("button", { name: "Switch off Marco Silva" })).toBeInTheDocument();
    expect(marcoRow.queryByText(/Switched off/)).not.toBeInTheDocument();

    // The signed-in manager's own row: theirs to see, not to change.
    const mine = within(row("Dana Reyes"));
    expect(mine.getByText("You")).toBeInTheDocument();
    expect(mine.getByText("Manager")).toBeInTheDocument();
    expect(mine.getByText("Downtown, Northside")).toBeInTheDocument();
    expect(mine.queryByRole("button")).not.toBeInTheDocument();

    const owner = within(row("Olivia Grant"));
    expect(owner.getByText("Owner")).toBeInTheDocument();
    expect(owner.getByText("Every location")).toBeInTheDocument();
    expect(owner.queryByRole("button")).not.toBeInTheDocument();
    expect(owner.getByText("An owner can change this account.")).toBeInTheDocument();
    expect(owner.queryByText("You")).not.toBeInTheDocument();

    // A location that isn't Dana's is counted, not named, and the account is an owner's to change.
    const elsewhere = within(row("Priya Shah"));
    expect(elsewhere.getByText("Downtown, 1 other location")).toBeInTheDocument();
    expect(elsewhere.queryByRole("button")).not.toBeInTheDocument();
    expect(elsewhere.getByText(/an owner can change this account/)).toBeInTheDocument();

    const off = within(row("Sam Lee"));
    expect(row("Sam Lee")).toHaveTextContent(`Switched off ${shortDay(sam.deactivatedAt!)}`);
    expect(off.getByRole("button", { name: "Switch on Sam Lee" })).toBeInTheDocument();
    expect(row("Sam Lee")).toHaveClass("colleague-off");
  });

  it("changes a colleague's locations, sending only them, and shows where they work now", async () => {
    const { user, server } = openPage();
    await list();

    const change = within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" });
    await user.click(change);

    const dialog = screen.getByRole("dialog", { name: "Change Marco Silva" });
    const role = within(within(dialog).getByRole("group", { name: "Role" }));
    // A manager can't make anyone an owner.
    expect(role.getAllByRole("radio").map((r) => r.parentElement!.textContent!.trim())).toEqual(["Manager", "Front desk"]);
    expect(role.getByRole("radio", { name: "Front desk" })).toBeChecked();
    expect(role.getByRole("radio", { name: "Front desk" })).toHaveFocus();
    expect(within(dialog).getByRole("group", { name: "Role" })).toHaveAccessibleDescription("Changing the role signs them out everywhere.");
    const places = within(within(dialog).getByRole("group", { name: "Locations" }));
    expect(places.getAllByRole("checkbox").map((c) => c.parentElement!.textContent!.trim())).toEqual(["Downtown", "Northside"]);
    expect(places.getByRole("checkbox", { name: "Northside" })).toBeChecked();
    expect(places.getByRole("checkbox", { name: "Downtown" })).not.toBeChecked();

    await user.click(places.getByRole("checkbox", { name: "Downtown" }));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved. Marco Silva works at Downtown, Northside.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`PUT /users/${marco.id}`).map((c) => c.body)).toEqual([{ role: null, locationIds: [DOWNTOWN.id, NORTHSIDE.id] }]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(within(row("Marco Silva")).getByText("Downtown, Northside")).toBeInTheDocument();
    expect(change).toHaveFocus();
    // The list is asked for again.
    await waitFor(() => expect(server.callsTo("GET /users").length).toBeGreaterThanOrEqual(2));
  });

  it("changes a role, and says it signed them out", async () => {
    const { user, server } = openPage();
    await list();

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" }));
    await user.click(screen.getByRole("radio", { name: "Manager" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved. Marco Silva is now a manager and was signed out everywhere.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`PUT /users/${marco.id}`)[0]!.body).toEqual({ role: "manager", locationIds: null });
    expect(within(row("Marco Silva")).getByText("Manager")).toBeInTheDocument();
  });

  it("leaves the colleague as they were when the change is cancelled", async () => {
    const { user, server } = openPage();
    await list();
    const change = within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" });

    await user.click(change);
    await user.click(screen.getByRole("checkbox", { name: "Downtown" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(change).toHaveFocus();
    expect(within(row("Marco Silva")).getByText("Northside")).toBeInTheDocument();
    expect(server.callsTo(`PUT /users/${marco.id}`)).toHaveLength(0);
  });

  it("asks for a location before sending anything", async () => {
    const { user, server } = openPage();
    await list();

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" }));
    const northside = screen.getByRole("checkbox", { name: "Northside" });
    await user.click(northside);
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(screen.getByRole("group", { name: "Locations" })).toHaveAccessibleDescription(/^Choose at least one location they work at\./);
    // The first of the locations, to choose one.
    expect(screen.getByRole("checkbox", { name: "Downtown" })).toHaveFocus();
    expect(screen.getByRole("dialog", { name: "Change Marco Silva" })).toBeInTheDocument();
    expect(server.callsTo(`PUT /users/${marco.id}`)).toHaveLength(0);
  });

  it("shows the server's reason for the locations under them, and changes nothing", async () => {
    const { user, server } = openPage();
    server.once(`PUT /users/${marco.id}`, () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { locationIds: ["One of these is not a location you can give."] } }),
    );
    await list();

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" }));
    await user.click(screen.getByRole("checkbox", { name: "Downtown" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    const places = screen.getByRole("group", { name: "Locations" });
    await waitFor(() => expect(places).toHaveAccessibleDescription(/^One of these is not a location you can give\./));
    expect(within(places).getByRole("checkbox", { name: "Downtown" })).toHaveAttribute("aria-invalid", "true");
    expect(within(places).getByRole("checkbox", { name: "Downtown" })).toHaveFocus();
    expect(screen.getByRole("dialog", { name: "Change Marco Silva" })).toBeInTheDocument();
    expect(within(row("Marco Silva")).getByText("Northside")).toBeInTheDocument();
    expect(said().some((s) => s.includes("Saved"))).toBe(false);
  });

  it("says in words when the server refuses the change", async () => {
    const { user, server } = openPage();
    server.once(`PUT /users/${marco.id}`, () =>
      problem(403, "not_your_colleague", "They work at a location that is not yours (or are an owner); an owner can change their account."),
    );
    await list();

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" }));
    await user.click(screen.getByRole("radio", { name: "Manager" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    const dialog = screen.getByRole("dialog", { name: "Change Marco Silva" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("They work at a location that isn't yours, or are an owner: only an owner can change their account.");
    expect(within(row("Marco Silva")).getByText("Front desk")).toBeInTheDocument();
    expect(said().some((s) => s.includes("Saved"))).toBe(false);
  });

  it("says so when the colleague is gone meanwhile, and puts the focus on the page once the dialog closes", async () => {
    const { user, server } = openPage();
    await list();
    // Moved to a location that isn't Dana's: not found for her any more.
    server.once(`PUT /users/${marco.id}`, () => new Response(null, { status: 404 }));
    server.on("GET /users", () => json({ users: [dana, olivia, priya, sam] }));

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Change Marco Silva" }));
    await user.click(screen.getByRole("radio", { name: "Manager" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent("This colleague isn't in your list any more.");
    await waitFor(() => expect(screen.queryByRole("article", { name: "Marco Silva" })).not.toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Colleagues", level: 1 })).toHaveFocus());
    expect(said().some((s) => s.includes("Saved"))).toBe(false);
  });

  it("lets an owner change everyone else, make an owner, and leaves an owner's locations out", async () => {
    const { user, server } = openPage(asOlivia);
    await list();

    expect(within(row("Olivia Grant")).getByText("You")).toBeInTheDocument();
    expect(within(row("Olivia Grant")).queryByRole("button")).not.toBeInTheDocument();
    expect(within(row("Dana Reyes")).getByRole("button", { name: "Change Dana Reyes" })).toBeInTheDocument();
    expect(within(row("Priya Shah")).getByText("Downtown, Uptown")).toBeInTheDocument();

    await user.click(within(row("Priya Shah")).getByRole("button", { name: "Change Priya Shah" }));
    const role = within(screen.getByRole("group", { name: "Role" }));
    expect(role.getAllByRole("radio")).toHaveLength(3);
    await user.click(role.getByRole("radio", { name: "Owner" }));
    expect(screen.queryByRole("group", { name: "Locations" })).not.toBeInTheDocument();
    expect(screen.getByText("An owner works at every location.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved. Priya Shah is now an owner and was signed out everywhere.")).toBeInTheDocument();
    expect(server.callsTo(`PUT /users/${priya.id}`)[0]!.body).toEqual({ role: "owner", locationIds: null });
    expect(within(row("Priya Shah")).getByText("Owner")).toBeInTheDocument();
    expect(within(row("Priya Shah")).getByText("Every location")).toBeInTheDocument();
  });

  it("switches a colleague off once the manager confirms, and shows them switched off", async () => {
    const { user, server } = openPage();
    await list();
    const switchOff = within(row("Marco Silva")).getByRole("button", { name: "Switch off Marco Silva" });

    await user.click(switchOff);
    const question = screen.getByRole("alertdialog", { name: "Switch off Marco Silva?" });
    expect(question).toHaveAccessibleDescription("They are signed out at once and cannot sign in until switched on again.");
    expect(within(question).getByRole("button", { name: "Keep them on" })).toHaveFocus();
    await user.click(within(question).getByRole("button", { name: "Keep them on" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(switchOff).toHaveFocus();
    expect(server.callsTo(`POST /users/${marco.id}/deactivate`)).toHaveLength(0);

    await user.click(switchOff);
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Switch off" }));

    expect(await screen.findByText("Switched off Marco Silva. They are signed out and can't sign in until switched on again.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`POST /users/${marco.id}/deactivate`)).toHaveLength(1);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(row("Marco Silva")).toHaveTextContent(`Switched off ${shortDay(new Date().toISOString())}`);
    expect(row("Marco Silva")).toHaveClass("colleague-off");
    // Among the switched-off colleagues now, with the focus on what brings them back.
    expect(names()).toEqual(["Dana Reyes", "Olivia Grant", "Priya Shah", "Marco Silva", "Sam Lee"]);
    await waitFor(() => expect(within(row("Marco Silva")).getByRole("button", { name: "Switch on Marco Silva" })).toHaveFocus());
  });

  it("keeps a colleague on when the server refuses to switch them off", async () => {
    const { user, server } = openPage();
    server.once(`POST /users/${marco.id}/deactivate`, () => problem(403, "not_yourself", "Ask another manager or an owner to change your own account."));
    await list();

    await user.click(within(row("Marco Silva")).getByRole("button", { name: "Switch off Marco Silva" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Switch off" }));

    expect(await within(screen.getByRole("alertdialog")).findByRole("alert")).toHaveTextContent("You can't change your own account. Ask another manager or an owner.");
    expect(within(row("Marco Silva")).queryByText(/Switched off/)).not.toBeInTheDocument();
    expect(said().some((s) => s.includes("Switched off"))).toBe(false);
  });

  it("switches a colleague on again", async () => {
    const { user, server } = openPage();
    await list();

    await user.click(within(row("Sam Lee")).getByRole("button", { name: "Switch on Sam Lee" }));

    expect(await screen.findByText("Switched on Sam Lee. They can sign in again with their password.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`POST /users/${sam.id}/reactivate`)).toHaveLength(1);
    expect(within(row("Sam Lee")).queryByText(/Switched off/)).not.toBeInTheDocument();
    expect(row("Sam Lee")).not.toHaveClass("colleague-off");
    expect(names()).toEqual(["Dana Reyes", "Marco Silva", "Olivia Grant", "Priya Shah", "Sam Lee"]);
    await waitFor(() => expect(within(row("Sam Lee")).getByRole("button", { name: "Switch off Sam Lee" })).toHaveFocus());
  });

  it("is not in the sections for the front desk", async () => {
    openPage({ ...me, role: "front_desk" }, "/inbox");
    await screen.findByRole("link", { name: "Appointments" });
    expect(screen.queryByRole("link", { name: "Colleagues" })).not.toBeInTheDocument();
  });

  it("tells the front desk who open the page that it isn't theirs, and asks the server for nothing", async () => {
    const { server } = openPage({ ...me, role: "front_desk" });

    expect(await screen.findByText("Only managers and owners manage colleagues.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Colleagues" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /users")).toHaveLength(0);
  });
});
