import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffProfile, TwoFactorState } from "../../api/types";
import { FakeConsole, json, noContent, problem } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const PASSWORD = "correct horse battery";
const off: TwoFactorState = { enabled: false, allowed: true, recoveryCodesLeft: 0 };
const on: TwoFactorState = { enabled: true, allowed: true, recoveryCodesLeft: 7 };
const setup = {
  sharedKey: "jbsw y3dp ehpk 3pxp",
  authenticatorUri: "otpauth://totp/Lead%20Orchestrator:dana%40northside.example?secret=JBSWY3DPEHPK3PXP&issuer=Lead%20Orchestrator&digits=6",
};
const codes = (n: number) => Array.from({ length: 10 }, (_, i) => `${n}q${i}h2-k9xd`);
const wrongPassword = () => problem(403, "wrong_password", "The password is not right.");

/**
 * The console for `who` on the security page, with a server that keeps two-factor sign-in as the real one does: a
 * set-up key is confirmed by the code 123456; turning it off and new recovery codes need the password.
 */
function openPage(state: TwoFactorState = off, who: StaffProfile = me, path = "/settings/security") {
  let current = state;
  let made = 0;
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /me/notifications", () => json({ handoffEmail: false, handoffSms: false, appointmentEmail: false, appointmentSms: false, phone: null }))
    .on("GET /auth/two-factor", () => json(current))
    .on("POST /auth/two-factor/setup", () => json(setup))
    .on("POST /auth/two-factor/enable", ({ body }) => {
      if (body.code !== "123456")
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { code: ["That code is not right; type the six digits the app shows now."] } });
      current = { ...current, enabled: true, recoveryCodesLeft: 10 };
      return json({ codes: codes(++made) });
    })
    .on("POST /auth/two-factor/disable", ({ body }) => {
      if (body.password !== PASSWORD) return wrongPassword();
      current = { ...current, enabled: false, recoveryCodesLeft: 0 };
      return noContent();
    })
    .on("POST /auth/two-factor/recovery-codes", ({ body }) => {
      if (body.password !== PASSWORD) return wrongPassword();
      current = { ...current, recoveryCodesLeft: 10 };
      return json({ codes: codes(++made) });
    })
    .on("POST /auth/password", ({ body }) => (body.currentPassword === PASSWORD ? noContent() : problem(403, "wrong_password", "The current password is not right.")));
  return { server, ...renderConsole(server, path) };
}

const twoFactor = () => within(screen.getByRole("region", { name: "Two-factor sign-in" }));
const password = () => within(screen.getByRole("region", { name: "Password" }));
/** The page is its own chunk: there once its heading is. */
const ready = () => screen.findByRole("heading", { name: "Security", level: 1 });

describe("security settings", () => {
  it("is beside Notifications under Settings", async () => {
    const { user, address } = openPage(off, me, "/settings/notifications");

    const settings = within(await screen.findByRole("navigation", { name: "Settings" }));
    await user.click(settings.getByRole("link", { name: "Security" }));

    await waitFor(() => expect(address()).toBe("/settings/security"));
    expect(await screen.findByRole("heading", { name: "Security", level: 1 })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Settings" })).getByRole("link", { name: "Security" })).toHaveAttribute("aria-current", "page");
    // The sections' Settings is the current one on either page.
    expect(screen.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  });

  it("turns two-factor sign-in on: the key as a link and to type, a code from the app, then the recovery codes once", async () => {
    const { user, server } = openPage();
    await ready();

    await user.click(await twoFactor().findByRole("button", { name: "Turn on" }));

    expect(await twoFactor().findByRole("heading", { name: "Set up your authenticator app" })).toHaveFocus();
    expect(twoFactor().getByRole("link", { name: "Open in your authenticator app" })).toHaveAttribute("href", setup.authenticatorUri);
    const key = twoFactor().getByText("jbsw y3dp ehpk 3pxp");
    expect(key.tagName).toBe("CODE");
    await user.click(twoFactor().getByRole("button", { name: "Copy the key" }));
    expect(await navigator.clipboard.readText()).toBe("jbswy3dpehpk3pxp");

    const code = twoFactor().getByLabelText("Code from the app");
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await user.type(code, "123456");
    await user.click(twoFactor().getByRole("button", { name: "Confirm and turn on" }));

    const list = await twoFactor().findByRole("list", { name: "Recovery codes" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(codes(1));
    expect(twoFactor().getByRole("heading", { name: "Your recovery codes" })).toHaveFocus();
    expect(twoFactor().getByText("Keep these somewhere safe; each works once.")).toBeInTheDocument();
    expect(server.callsTo("POST /auth/two-factor/enable").map((c) => c.body)).toEqual([{ code: "123456" }]);

    await user.click(twoFactor().getByRole("button", { name: "Copy" }));
    expect(await twoFactor().findByText("Copied the 10 codes.")).toHaveAttribute("role", "status");
    expect(await navigator.clipboard.readText()).toBe(codes(1).join("\n"));

    await user.click(twoFactor().getByRole("button", { name: "I've kept them" }));
    expect(twoFactor().queryByRole("list", { name: "Recovery codes" })).not.toBeInTheDocument();
    expect(twoFactor().getByText("On.")).toBeInTheDocument();
    expect(twoFactor().getByText("10 recovery codes left")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Two-factor sign-in" })).toHaveFocus();
  });

  it("shows a wrong code under its field and stays off", async () => {
    const { user, server } = openPage();
    await ready();
    await user.click(await twoFactor().findByRole("button", { name: "Turn on" }));
    const code = await twoFactor().findByLabelText("Code from the app");

    await user.type(code, "12");
    await user.click(twoFactor().getByRole("button", { name: "Confirm and turn on" }));
    expect(code).toHaveAccessibleDescription(/^Type the six digits the app shows\./);
    expect(server.callsTo("POST /auth/two-factor/enable")).toHaveLength(0);

    await user.clear(code);
    await user.type(code, "654321");
    await user.click(twoFactor().getByRole("button", { name: "Confirm and turn on" }));

    await waitFor(() => expect(code).toHaveAccessibleDescription(/^That code is not right; type the six digits the app shows now\./));
    expect(code).toHaveAttribute("aria-invalid", "true");
    expect(code).toHaveValue("");
    expect(code).toHaveFocus();
    expect(twoFactor().queryByRole("list", { name: "Recovery codes" })).not.toBeInTheDocument();

    await user.click(twoFactor().getByRole("button", { name: "Cancel" }));
    expect(twoFactor().getByText("Off.")).toBeInTheDocument();
  });

  it("turns it off with the password, saying a wrong one under the field", async () => {
    const { user, server } = openPage(on);
    await ready();

    expect(await twoFactor().findByText("7 recovery codes left")).toBeInTheDocument();
    await user.click(twoFactor().getByRole("button", { name: "Turn off" }));

    const dialog = screen.getByRole("dialog", { name: "Turn off two-factor sign-in?" });
    const box = within(dialog).getByLabelText("Your password");
    expect(box).toHaveFocus();
    expect(box).toHaveAttribute("autocomplete", "current-password");
    await user.type(box, "not it");
    await user.click(within(dialog).getByRole("button", { name: "Turn off" }));

    await waitFor(() => expect(box).toHaveAccessibleDescription("The password is not right."));
    expect(box).toHaveValue("");
    expect(box).toHaveFocus();
    expect(twoFactor().getByText("On.")).toBeInTheDocument();

    await user.type(box, PASSWORD);
    await user.click(within(dialog).getByRole("button", { name: "Turn off" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(twoFactor().getByText("Off.")).toBeInTheDocument();
    expect(twoFactor().getByRole("button", { name: "Turn on" })).toBeInTheDocument();
    expect(twoFactor().getByText("Two-factor sign-in is off. Signing in asks for your password only.")).toHaveAttribute("role", "status");
    expect(server.callsTo("POST /auth/two-factor/disable").map((c) => c.body)).toEqual([{ password: "not it" }, { password: PASSWORD }]);
    await waitFor(() => expect(screen.getByRole("heading", { name: "Two-factor sign-in" })).toHaveFocus());
  });

  it("keeps it on when the colleague thinks better of it", async () => {
    const { user, server } = openPage(on);
    await ready();
    await user.click(await twoFactor().findByRole("button", { name: "Turn off" }));

    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Keep it on" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(twoFactor().getByRole("button", { name: "Turn off" })).toHaveFocus();
    expect(server.callsTo("POST /auth/two-factor/disable")).toHaveLength(0);
  });

  it("makes new recovery codes with the password, and shows them once", async () => {
    const { user, server } = openPage(on);
    await ready();
    await user.click(await twoFactor().findByRole("button", { name: "New recovery codes" }));

    const dialog = screen.getByRole("dialog", { name: "New recovery codes" });
    await user.type(within(dialog).getByLabelText("Your password"), PASSWORD);
    await user.click(within(dialog).getByRole("button", { name: "Make new codes" }));

    const list = await twoFactor().findByRole("list", { name: "Recovery codes" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(10);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(server.callsTo("POST /auth/two-factor/recovery-codes").map((c) => c.body)).toEqual([{ password: PASSWORD }]);
    await user.click(twoFactor().getByRole("button", { name: "I've kept them" }));
    expect(twoFactor().getByText("10 recovery codes left")).toBeInTheDocument();
  });

  it("tells the front desk two-factor sign-in is for owners and managers", async () => {
    const { server } = openPage({ enabled: false, allowed: false, recoveryCodesLeft: 0 }, { ...me, role: "front_desk" });
    await ready();

    expect(await twoFactor().findByText(/^Two-factor sign-in is for owners and managers/)).toBeInTheDocument();
    expect(twoFactor().queryByRole("button")).not.toBeInTheDocument();
    expect(server.callsTo("POST /auth/two-factor/setup")).toHaveLength(0);
    // Their password is theirs to change all the same.
    expect(password().getByRole("button", { name: "Change password" })).toBeInTheDocument();
  });
});

describe("changing the password", () => {
  const fill = async (user: ReturnType<typeof renderConsole>["user"], current: string, next: string, again = next) => {
    await user.type(await password().findByLabelText("Current password"), current);
    await user.type(password().getByLabelText("New password"), next);
    await user.type(password().getByLabelText("Type the new password again"), again);
    await user.click(password().getByRole("button", { name: "Change password" }));
  };

  it("sends the current and the new password, and says it is changed", async () => {
    const { user, server } = openPage();
    await ready();

    await fill(user, PASSWORD, "tinted windows in the rain");

    expect(await password().findByText("Your password is changed.")).toBeInTheDocument();
    expect(server.callsTo("POST /auth/password").map((c) => c.body)).toEqual([{ currentPassword: PASSWORD, newPassword: "tinted windows in the rain" }]);
    expect(password().getByLabelText("Current password")).toHaveValue("");
    expect(password().getByLabelText("New password")).toHaveValue("");
  });

  it("says a wrong current password under its field", async () => {
    const { user } = openPage();
    await ready();

    await fill(user, "not it", "tinted windows in the rain");

    const current = password().getByLabelText("Current password");
    await waitFor(() => expect(current).toHaveAccessibleDescription("The current password is not right."));
    expect(current).toHaveFocus();
    expect(password().queryByText("Your password is changed.")).not.toBeInTheDocument();
  });

  it("shows the server's reasons for the new password under it", async () => {
    const { user, server } = openPage();
    await ready();
    server.once("POST /auth/password", () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { newPassword: ["Choose a password you have not been using."] } }),
    );

    await fill(user, PASSWORD, PASSWORD);

    const next = password().getByLabelText("New password");
    await waitFor(() => expect(next).toHaveAccessibleDescription(/^Choose a password you have not been using\./));
    expect(next).toHaveFocus();
  });

  it("checks the new password's length and that it is typed the same twice before sending", async () => {
    const { user, server } = openPage();
    await ready();

    await fill(user, PASSWORD, "tinted windows", "tinted window");

    expect(password().getByLabelText("Type the new password again")).toHaveAccessibleDescription("The two passwords are not the same. Type it again.");
    expect(server.callsTo("POST /auth/password")).toHaveLength(0);
  });
});
