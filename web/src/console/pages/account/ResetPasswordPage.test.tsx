import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeConsole, noContent, problem } from "../../test/fakeConsole";
import { renderConsole } from "../../test/render";

const TOKEN = "MTExMTExMTExMTExNDExMTgxMTExMTExMTExMTExMTEu";
const newPassword = () => screen.getByLabelText("New password");
const again = () => screen.getByLabelText("Type the new password again");

async function choose(user: ReturnType<typeof renderConsole>["user"], password: string, confirm = password) {
  await user.type(await screen.findByLabelText("New password"), password);
  await user.type(again(), confirm);
  await user.click(screen.getByRole("button", { name: "Save the new password" }));
}

describe("a new password from the emailed link", () => {
  it("sends the link's token with the new password, then says to sign in with it", async () => {
    const server = new FakeConsole().on("POST /auth/reset-password", noContent);
    const { user, address } = renderConsole(server, `/reset-password/${TOKEN}`);

    expect(await screen.findByRole("heading", { name: "Choose a new password" })).toBeInTheDocument();
    expect(newPassword()).toHaveAttribute("autocomplete", "new-password");
    expect(newPassword()).toHaveAccessibleDescription(/^At least 12 characters\./);
    await choose(user, "tinted windows in the rain");

    expect(await screen.findByText("Your password is changed. Sign in with it.")).toHaveAttribute("role", "status");
    expect(screen.getByRole("heading", { name: "Password changed" })).toHaveFocus();
    expect(server.callsTo("POST /auth/reset-password").map((c) => c.body)).toEqual([{ token: TOKEN, password: "tinted windows in the rain" }]);

    await user.click(screen.getByRole("link", { name: "Sign in" }));
    await waitFor(() => expect(address()).toBe("/sign-in"));
  });

  it("checks the length and that both are the same before sending", async () => {
    const server = new FakeConsole();
    const { user } = renderConsole(server, `/reset-password/${TOKEN}`);

    await choose(user, "short");
    expect(newPassword()).toHaveAccessibleDescription(/^Use at least 12 characters\./);
    expect(newPassword()).toHaveAttribute("aria-invalid", "true");
    expect(newPassword()).toHaveFocus();

    await user.clear(newPassword());
    await user.clear(again());
    await choose(user, "tinted windows in the rain", "tinted windows in the sun");
    expect(again()).toHaveAccessibleDescription("The two passwords are not the same. Type it again.");
    expect(again()).toHaveFocus();
    expect(server.calls).toHaveLength(0);
  });

  it("shows the server's reasons under the password", async () => {
    const server = new FakeConsole().on("POST /auth/reset-password", () =>
      problem(400, "invalid", "One or more validation errors occurred.", {
        errors: { password: ["This password is too common; choose another.", "It must not contain your email address."] },
      }),
    );
    const { user } = renderConsole(server, `/reset-password/${TOKEN}`);

    await choose(user, "dana@northside.example1");

    await waitFor(() =>
      expect(newPassword()).toHaveAccessibleDescription(/^This password is too common; choose another\. It must not contain your email address\./),
    );
    expect(newPassword()).toHaveFocus();
    expect(again()).toHaveValue("");
    expect(screen.queryByText("Your password is changed. Sign in with it.")).not.toBeInTheDocument();
  });

  it("says when the link is spent, in the server's words, with a way to a new one", async () => {
    const server = new FakeConsole().on("POST /auth/reset-password", () =>
      problem(400, "reset_link_invalid", "This reset link has expired or has been used; ask for a new one from the sign-in page."),
    );
    const { user, address } = renderConsole(server, `/reset-password/${TOKEN}`);

    await choose(user, "tinted windows in the rain");

    expect(await screen.findByRole("alert")).toHaveTextContent("This reset link has expired or has been used; ask for a new one from the sign-in page.");
    expect(screen.queryByLabelText("New password")).not.toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Email me a new link" }));
    await waitFor(() => expect(address()).toBe("/forgot-password"));
    expect(await screen.findByRole("heading", { name: "Forgot your password?" })).toBeInTheDocument();
  });
});
