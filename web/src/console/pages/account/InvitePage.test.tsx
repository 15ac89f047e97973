import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { InvitationPreview, StaffProfile } from "../../api/types";
import { shopTime } from "../../format";
import { FakeConsole, json, noContent, problem } from "../../test/fakeConsole";
import { DOWNTOWN, NORTHSIDE, TENANT_ID } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const TOKEN = "k2VbW9xq1tY7nR3pL0sA8dF6gH4jZ5cX";
const preview: InvitationPreview = {
  email: "priya@northside.example",
  shopName: "Northside Tint",
  role: "manager",
  locationNames: [DOWNTOWN.name, NORTHSIDE.name],
  expiresAt: "2026-03-09T15:00:00Z",
};
/** Who the new colleague is once the invitation is accepted. */
const priya: StaffProfile = {
  id: "33333333-3333-4333-8333-333333333333",
  email: preview.email,
  displayName: "Priya Shah",
  role: "manager",
  tenantId: TENANT_ID,
  locationIds: [DOWNTOWN.id, NORTHSIDE.id],
};

/** Nobody signed in; the link's invitation as `answer` says, and the console behind it for whoever accepts. */
function openInvitation(answer: () => Response = () => json(preview)) {
  const server = new FakeConsole()
    .on(`GET /auth/invitations/${TOKEN}`, answer)
    .on("POST /auth/accept-invitation", noContent)
    .on("GET /me", () => json(priya))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /staff", () => json({ staff: [] }));
  return { server, ...renderConsole(server, `/invite/${TOKEN}`) };
}

const nameBox = () => screen.getByLabelText("Your name (as colleagues see it)");
const passwordBox = () => screen.getByLabelText("Password");
const again = () => screen.getByLabelText("Type the password again");

async function fillIn(user: ReturnType<typeof renderConsole>["user"], name: string, password: string, confirm = password) {
  if (name) await user.type(nameBox(), name);
  await user.type(passwordBox(), password);
  await user.type(again(), confirm);
  await user.click(screen.getByRole("button", { name: "Join Northside Tint" }));
}

describe("an invitation", () => {
  it("shows whose console, the role and the locations, and the address it is for", async () => {
    openInvitation();

    expect(await screen.findByRole("heading", { name: "Join Northside Tint", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Manager")).toBeInTheDocument();
    expect(screen.getByText("Downtown, Northside")).toBeInTheDocument();
    expect(screen.getByText(/^A manager answers customers/)).toBeInTheDocument();
    expect(screen.getByText(shopTime(preview.expiresAt))).toBeInTheDocument();
    const email = screen.getByLabelText("Email");
    expect(email).toHaveValue("priya@northside.example");
    expect(email).toHaveAttribute("readonly");
    expect(nameBox()).toHaveAttribute("autocomplete", "name");
    expect(passwordBox()).toHaveAttribute("autocomplete", "new-password");
  });

  it("says an owner works at every location", async () => {
    openInvitation(() => json({ ...preview, role: "owner", locationNames: [] }));
    expect(await screen.findByText("Every location")).toBeInTheDocument();
    expect(screen.getByText("Owner")).toBeInTheDocument();
  });

  it("makes the account, signs in and opens the inbox as the new colleague", async () => {
    const { user, server, address } = openInvitation();
    await screen.findByRole("heading", { name: "Join Northside Tint" });

    await fillIn(user, "  Priya Shah ", "tinted windows in the rain");

    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(address()).toBe("/inbox");
    expect(within(screen.getByRole("banner")).getByText("Priya Shah")).toBeInTheDocument();
    expect(server.callsTo("POST /auth/accept-invitation").map((c) => c.body)).toEqual([
      { token: TOKEN, password: "tinted windows in the rain", displayName: "Priya Shah" },
    ]);
    // The profile is asked for after accepting (the session is new), not before.
    const order = server.calls.map((c) => `${c.method} ${c.path}`);
    expect(order.indexOf("GET /me")).toBeGreaterThan(order.indexOf("POST /auth/accept-invitation"));
  });

  it("asks for a name and a long enough password, typed twice, before sending", async () => {
    const { user, server } = openInvitation();
    await screen.findByRole("heading", { name: "Join Northside Tint" });

    await fillIn(user, "", "short", "shorter");

    expect(nameBox()).toHaveAccessibleDescription("Type your name as colleagues will see it.");
    expect(nameBox()).toHaveFocus();
    expect(passwordBox()).toHaveAccessibleDescription(/^Use at least 12 characters\./);
    expect(again()).toHaveAccessibleDescription("The two passwords are not the same. Type it again.");
    expect(server.callsTo("POST /auth/accept-invitation")).toHaveLength(0);
  });

  it("shows the server's reasons under the password and the name", async () => {
    const { user, server } = openInvitation();
    server.once("POST /auth/accept-invitation", () =>
      problem(400, "invalid", "One or more validation errors occurred.", {
        errors: { password: ["This password is too common; choose another."], displayName: ["Enter your name as colleagues will see it."] },
      }),
    );
    await screen.findByRole("heading", { name: "Join Northside Tint" });

    await fillIn(user, "P", "password1234567");

    await waitFor(() => expect(passwordBox()).toHaveAccessibleDescription(/^This password is too common; choose another\./));
    expect(nameBox()).toHaveAccessibleDescription("Enter your name as colleagues will see it.");
    expect(nameBox()).toHaveFocus();
    expect(again()).toHaveValue("");
    expect(server.callsTo("GET /me")).toHaveLength(0);
  });

  it("says so in the server's words when the invitation has expired", async () => {
    const { server } = openInvitation(() => problem(410, "invitation_expired", "This invitation has expired; ask whoever invited you to send it again."));

    expect(await screen.findByRole("alert")).toHaveTextContent("This invitation has expired; ask whoever invited you to send it again.");
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Sign in" })).not.toBeInTheDocument();
    // Refused once is refused: not asked again.
    expect(server.callsTo(`GET /auth/invitations/${TOKEN}`)).toHaveLength(1);
  });

  it("says so when the link is unknown", async () => {
    openInvitation(() => problem(404, "invitation_not_found", "This invitation link is not one we know. Check that the whole link was copied, or ask for a new invitation."));
    expect(await screen.findByRole("alert")).toHaveTextContent("This invitation link is not one we know.");
  });

  it("offers to sign in when the invitation has been used", async () => {
    const { user, address } = openInvitation(() => problem(410, "invitation_used", "This invitation has been used; sign in with its address."));

    expect(await screen.findByRole("alert")).toHaveTextContent("This invitation has been used; sign in with its address.");
    await user.click(screen.getByRole("link", { name: "Sign in" }));

    await waitFor(() => expect(address()).toBe("/sign-in"));
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("offers to sign in when the address has an account already, and when the link was used meanwhile", async () => {
    const { user, server } = openInvitation();
    server
      .once("POST /auth/accept-invitation", () =>
        problem(409, "already_a_colleague", "This address already has a Lead Orchestrator account; they sign in with it (an address belongs to one shop's console)."),
      )
      .once("POST /auth/accept-invitation", () => problem(410, "invitation_used", "This invitation has been used; sign in with its address."));
    await screen.findByRole("heading", { name: "Join Northside Tint" });

    await fillIn(user, "Priya Shah", "tinted windows in the rain");
    expect(await screen.findByRole("alert")).toHaveTextContent("This address already has a Lead Orchestrator account;");
    expect(screen.getByRole("link", { name: "Sign in instead" })).toHaveAttribute("href", "/console/sign-in");

    await user.click(screen.getByRole("button", { name: "Join Northside Tint" }));
    expect(await screen.findByText("This invitation has been used; sign in with its address.")).toBeInTheDocument();
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
  });
});
