import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeConsole, problem } from "../../test/fakeConsole";
import { renderConsole } from "../../test/render";

const accepted = () => new Response(null, { status: 202 });
const confirmation = "If that address has an account, we have emailed it a link to choose a new password. The link works for two hours.";

describe("a forgotten password", () => {
  it("is a link from the sign-in page, which takes the address typed there along", async () => {
    const server = new FakeConsole().on("POST /auth/forgot-password", accepted);
    const { user, address } = renderConsole(server, "/sign-in");

    await user.type(screen.getByLabelText("Email"), "dana@northside.example");
    await user.click(screen.getByRole("link", { name: "Forgot your password?" }));

    expect(await screen.findByRole("heading", { name: "Forgot your password?" })).toBeInTheDocument();
    expect(address()).toBe("/forgot-password");
    expect(screen.getByLabelText("Email")).toHaveValue("dana@northside.example");
  });

  it("emails a link, says so whatever the address, and leads back to sign in", async () => {
    const server = new FakeConsole().on("POST /auth/forgot-password", accepted);
    const { user, address } = renderConsole(server, "/forgot-password");

    await user.type(await screen.findByLabelText("Email"), "  marco@northside.example ");
    await user.click(screen.getByRole("button", { name: "Email me a link" }));

    expect(await screen.findByText(confirmation)).toHaveAttribute("role", "status");
    expect(screen.getByRole("heading", { name: "Check your email" })).toHaveFocus();
    expect(server.callsTo("POST /auth/forgot-password").map((c) => c.body)).toEqual([{ email: "marco@northside.example" }]);
    // Nobody is signed in here: no profile, no inbox.
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /auth/forgot-password"]);

    await user.click(screen.getByRole("link", { name: "Back to sign in" }));
    await waitFor(() => expect(address()).toBe("/sign-in"));
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("asks for the address before sending anything", async () => {
    const server = new FakeConsole();
    const { user } = renderConsole(server, "/forgot-password");

    await user.click(await screen.findByRole("button", { name: "Email me a link" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Type the email address you sign in with.");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Type the email address you sign in with.");
    expect(server.calls).toHaveLength(0);
  });

  it("says in the server's words when it won't send one now", async () => {
    const server = new FakeConsole().on("POST /auth/forgot-password", () =>
      problem(429, "too_many_requests", "Too many requests; please wait a moment and try again.", {}, { "Retry-After": "60" }),
    );
    const { user } = renderConsole(server, "/forgot-password");

    await user.type(await screen.findByLabelText("Email"), "dana@northside.example");
    await user.click(screen.getByRole("button", { name: "Email me a link" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests; please wait a moment and try again.");
    expect(screen.queryByText(confirmation)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Email me a link" })).toBeEnabled();
  });
});
