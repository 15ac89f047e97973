import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { InvitationView, StaffProfile, UserView } from "../../api/types";
import { shortDay } from "../../format";
import { FakeConsole, json, noContent, problem } from "../../test/fakeConsole";
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

const DAY = 24 * 60 * 60_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** An invitation waiting to be accepted: sent `sentDaysAgo` days ago for a week. */
const invitation = (overrides: Partial<InvitationView> & Pick<InvitationView, "id" | "email">, sentDaysAgo = 2): InvitationView => ({
  role: "front_desk",
  locationIds: [NORTHSIDE.id],
  sentAt: daysFromNow(-sentDaysAgo),
  expiresAt: daysFromNow(7 - sentDaysAgo),
  invitedBy: "Dana Reyes",
  expired: sentDaysAgo >= 7,
  ...overrides,
});
const jo = invitation({ id: "99999999-0000-4000-8000-000000000001", email: "jo@northside.example" });
const lee = invitation({ id: "99999999-0000-4000-8000-000000000002", email: "lee@northside.example", role: "manager", locationIds: [DOWNTOWN.id], invitedBy: "Olivia Grant" }, 9);

/**
 * The console for `who`, with a server that keeps the colleagues as the real one does: active ones first, then
 * by name; a change answers the colleague as they now are, and shows in the next list. A manager's locations
 * are only theirs. Invitations are kept newest first: a new one to an address replaces the one it had, and one
 * sent again has a new week.
 */
function openPage(who: StaffProfile = me, path = "/users", invitations: InvitationView[] = []) {
  let stored = [...everyone];
  let pending = [...invitations];
  const sorted = () => [...stored].sort((a, b) => Number(!!a.deactivatedAt) - Number(!!b.deactivatedAt) || a.displayName.localeCompare(b.displayName));
  const replace = (id: string, change: (u: UserView) => UserView) => {
    stored = stored.map((u) => (u.id === id ? change(u) : u));
    return json(stored.find((u) => u.id === id));
  };
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: (who.role === "owner" ? [DOWNTOWN, NORTHSIDE, UPTOWN] : [DOWNTOWN, NORTHSIDE]).map(place) }))
    .on("GET /users", () => json({ users: sorted(), invitations: pending }))
    .on("POST /users/invitations", ({ body }) => {
      if (body.role === "owner" && who.role !== "owner") return problem(403, "owner_only", "Only an owner can invite an owner.");
      if (body.role !== "owner" && !body.locationIds?.length)
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { locationIds: ["Choose at least one location they will work at."] } });
      const sent = invitation({
        id: `99999999-0000-4000-8000-${String(pending.length + 10).padStart(12, "0")}`,
        email: body.email.toLowerCase(),
        role: body.role,
        locationIds: body.role === "owner" ? [] : body.locationIds,
        invitedBy: who.displayName,
      }, 0);
      pending = [sent, ...pending.filter((i) => i.email !== sent.email)];
      return json(sent, 201);
    });
  for (const open of invitations) {
    server
      .on(`POST /users/invitations/${open.id}/resend`, () => {
        pending = pending.map((i) => (i.id === open.id ? { ...i, sentAt: daysFromNow(0), expiresAt: daysFromNow(7), expired: false } : i));
        return json(pending.find((i) => i.id === open.id));
      })
      .on(`DELETE /users/invitations/${open.id}`, () => {
        pending = pending.filter((i) => i.id !== open.id);
        return noContent();
      });
  }
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
const invited = () => screen.findByRole("list", { name: "Invited — waiting for them to accept" });
const invitationRow = (email: string) => screen.getByRole("article", { name: email });

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

describe("inviting colleagues", () => {
  it("invites an address as front desk at the manager's locations, and lists it as waiting", async () => {
    const { user, server } = openPage();
    await list();
    const opener = screen.getByRole("button", { name: "Invite a colleague" });

    await user.click(opener);

    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));
    expect(screen.getByRole("dialog")).toHaveAccessibleDescription("We email them a link to choose their name and password. The link works for a week.");
    const email = dialog.getByLabelText("Their email address");
    expect(email).toHaveFocus();
    expect(email).toHaveAttribute("type", "email");
    // A manager can't invite an owner.
    const role = within(dialog.getByRole("group", { name: "Role" }));
    expect(role.getAllByRole("radio").map((r) => r.parentElement!.textContent!.trim())).toEqual(["Front desk", "Manager"]);
    expect(role.getByRole("radio", { name: "Front desk" })).toBeChecked();
    const places = within(dialog.getByRole("group", { name: "Locations" }));
    expect(places.getAllByRole("checkbox").map((c) => c.parentElement!.textContent!.trim())).toEqual(["Downtown", "Northside"]);

    await user.type(email, "Jo@Northside.example");
    await user.click(places.getByRole("checkbox", { name: "Northside" }));
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    expect(await screen.findByText(`Invited jo@northside.example. The link we emailed them works until ${shortDay(daysFromNow(7))}.`)).toHaveAttribute(
      "role",
      "status",
    );
    expect(server.callsTo("POST /users/invitations").map((c) => c.body)).toEqual([
      { email: "Jo@Northside.example", role: "front_desk", locationIds: [NORTHSIDE.id] },
    ]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    await invited();
    const row = invitationRow("jo@northside.example");
    expect(within(row).getByText("Front desk")).toBeInTheDocument();
    expect(within(row).getByText("Northside")).toBeInTheDocument();
    expect(row).toHaveTextContent(`Sent ${shortDay(daysFromNow(0))} by Dana Reyes. Expires ${shortDay(daysFromNow(7))}.`);
    await waitFor(() => expect(server.callsTo("GET /users").length).toBeGreaterThanOrEqual(2));
  });

  it("lets an owner invite an owner, without locations", async () => {
    const { user, server } = openPage(asOlivia);
    await list();

    await user.click(screen.getByRole("button", { name: "Invite a colleague" }));
    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));
    const role = within(dialog.getByRole("group", { name: "Role" }));
    expect(role.getAllByRole("radio").map((r) => r.parentElement!.textContent!.trim())).toEqual(["Front desk", "Manager", "Owner"]);
    await user.type(dialog.getByLabelText("Their email address"), "sam.partner@northside.example");
    await user.click(role.getByRole("radio", { name: "Owner" }));

    expect(dialog.queryByRole("group", { name: "Locations" })).not.toBeInTheDocument();
    expect(dialog.getByText("An owner works at every location and can change anyone's account.")).toBeInTheDocument();
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    await screen.findByText(/^Invited sam\.partner@northside\.example\./);
    expect(server.callsTo("POST /users/invitations")[0]!.body).toEqual({ email: "sam.partner@northside.example", role: "owner", locationIds: [] });
    expect(within(invitationRow("sam.partner@northside.example")).getByText("Every location")).toBeInTheDocument();
  });

  it("asks for an address and a location before sending anything", async () => {
    const { user, server } = openPage();
    await list();
    await user.click(screen.getByRole("button", { name: "Invite a colleague" }));
    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));

    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    const email = dialog.getByLabelText("Their email address");
    expect(email).toHaveAccessibleDescription(/^Enter their email address\./);
    expect(email).toHaveFocus();
    expect(dialog.getByRole("group", { name: "Locations" })).toHaveAccessibleDescription("Choose at least one location they will work at.");

    await user.type(email, "not an address");
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));
    expect(email).toHaveAccessibleDescription(/^That is not an email address\./);
    expect(server.callsTo("POST /users/invitations")).toHaveLength(0);
  });

  it("shows the server's reasons under the address and the locations", async () => {
    const { user, server } = openPage();
    server.once("POST /users/invitations", () =>
      problem(400, "invalid", "One or more validation errors occurred.", {
        errors: { email: ["That is not an email address."], locationIds: ["One of these is not a location you can give."] },
      }),
    );
    await list();
    await user.click(screen.getByRole("button", { name: "Invite a colleague" }));
    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));

    await user.type(dialog.getByLabelText("Their email address"), "jo@northside");
    await user.click(dialog.getByRole("checkbox", { name: "Downtown" }));
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    const email = dialog.getByLabelText("Their email address");
    await waitFor(() => expect(email).toHaveAccessibleDescription(/^That is not an email address\./));
    expect(email).toHaveFocus();
    expect(dialog.getByRole("group", { name: "Locations" })).toHaveAccessibleDescription("One of these is not a location you can give.");
    expect(dialog.getByRole("checkbox", { name: "Downtown" })).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("list", { name: "Invited — waiting for them to accept" })).not.toBeInTheDocument();
  });

  it("says in the server's words that the address has an account already", async () => {
    const { user, server } = openPage();
    server.once("POST /users/invitations", () =>
      problem(409, "already_a_colleague", "This address already has a Lead Orchestrator account; they sign in with it (an address belongs to one shop's console)."),
    );
    await list();
    await user.click(screen.getByRole("button", { name: "Invite a colleague" }));
    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));

    await user.type(dialog.getByLabelText("Their email address"), "marco@northside.example");
    await user.click(dialog.getByRole("checkbox", { name: "Northside" }));
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    await waitFor(() => expect(dialog.getByLabelText("Their email address")).toHaveAccessibleDescription(/^This address already has a Lead Orchestrator account;/));
    expect(screen.getByRole("dialog", { name: "Invite a colleague" })).toBeInTheDocument();
  });

  it("shows an owner-only refusal in the server's words", async () => {
    const { user, server } = openPage(asOlivia);
    // Made a manager meanwhile, elsewhere: the server has the last word.
    server.once("POST /users/invitations", () => problem(403, "owner_only", "Only an owner can invite an owner."));
    await list();
    await user.click(screen.getByRole("button", { name: "Invite a colleague" }));
    const dialog = within(screen.getByRole("dialog", { name: "Invite a colleague" }));

    await user.type(dialog.getByLabelText("Their email address"), "sam.partner@northside.example");
    await user.click(dialog.getByRole("radio", { name: "Owner" }));
    await user.click(dialog.getByRole("button", { name: "Send the invitation" }));

    expect(await dialog.findByRole("alert")).toHaveTextContent("Only an owner can invite an owner.");
  });

  it("lists the invitations waiting, when and by whom they were sent, and which have expired", async () => {
    openPage(me, "/users", [jo, lee]);

    const waiting = await invited();
    expect(within(waiting).getAllByRole("heading").map((h) => h.textContent)).toEqual(["jo@northside.example", "lee@northside.example"]);
    const joRow = within(invitationRow("jo@northside.example"));
    expect(joRow.getByText("Front desk")).toBeInTheDocument();
    expect(joRow.getByText("Northside")).toBeInTheDocument();
    expect(invitationRow("jo@northside.example")).toHaveTextContent(`Sent ${shortDay(jo.sentAt)} by Dana Reyes. Expires ${shortDay(jo.expiresAt)}.`);
    expect(joRow.queryByText("Expired")).not.toBeInTheDocument();
    const leeRow = within(invitationRow("lee@northside.example"));
    expect(leeRow.getByText("Manager")).toBeInTheDocument();
    expect(leeRow.getByText("Downtown")).toBeInTheDocument();
    expect(leeRow.getByText("Expired")).toBeInTheDocument();
    expect(invitationRow("lee@northside.example")).toHaveTextContent(`Sent ${shortDay(lee.sentAt)} by Olivia Grant. Expired: send it again to give them a new link.`);
    expect(leeRow.getByRole("button", { name: "Send the invitation to lee@northside.example again" })).toBeInTheDocument();
    expect(leeRow.getByRole("button", { name: "Withdraw the invitation to lee@northside.example" })).toBeInTheDocument();
  });

  it("sends an expired invitation again, with a new week", async () => {
    const { user, server } = openPage(me, "/users", [jo, lee]);
    await invited();
    const again = within(invitationRow("lee@northside.example")).getByRole("button", { name: "Send the invitation to lee@northside.example again" });

    await user.click(again);

    expect(
      await screen.findByText(`Sent the invitation to lee@northside.example again. The new link works until ${shortDay(daysFromNow(7))}; the old one no longer works.`),
    ).toHaveAttribute("role", "status");
    expect(server.callsTo(`POST /users/invitations/${lee.id}/resend`)).toHaveLength(1);
    expect(within(invitationRow("lee@northside.example")).queryByText("Expired")).not.toBeInTheDocument();
    expect(invitationRow("lee@northside.example")).toHaveTextContent(`Expires ${shortDay(daysFromNow(7))}.`);
    expect(again).toHaveFocus();
  });

  it("says so when an invitation was accepted or withdrawn meanwhile", async () => {
    const { user, server } = openPage(me, "/users", [jo]);
    server.once(`POST /users/invitations/${jo.id}/resend`, () => new Response(null, { status: 404 }));
    await invited();

    await user.click(screen.getByRole("button", { name: "Send the invitation to jo@northside.example again" }));

    expect(await within(invitationRow("jo@northside.example")).findByRole("alert")).toHaveTextContent(
      "This invitation isn't waiting any more: it was accepted or withdrawn.",
    );
  });

  it("withdraws an invitation once the manager confirms", async () => {
    const { user, server } = openPage(me, "/users", [jo, lee]);
    await invited();
    const withdraw = within(invitationRow("jo@northside.example")).getByRole("button", { name: "Withdraw the invitation to jo@northside.example" });

    await user.click(withdraw);
    const question = screen.getByRole("alertdialog", { name: "Withdraw the invitation to jo@northside.example?" });
    expect(question).toHaveAccessibleDescription("The link we emailed them stops working. You can invite them again later.");
    expect(within(question).getByRole("button", { name: "Keep it" })).toHaveFocus();
    await user.click(within(question).getByRole("button", { name: "Keep it" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(withdraw).toHaveFocus();
    expect(server.callsTo(`DELETE /users/invitations/${jo.id}`)).toHaveLength(0);

    await user.click(withdraw);
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Withdraw" }));

    expect(await screen.findByText("Withdrew the invitation to jo@northside.example. The link we emailed them no longer works.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`DELETE /users/invitations/${jo.id}`)).toHaveLength(1);
    expect(screen.queryByRole("article", { name: "jo@northside.example" })).not.toBeInTheDocument();
    expect(invitationRow("lee@northside.example")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Colleagues", level: 1 })).toHaveFocus());
  });
});
