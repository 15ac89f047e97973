import { act, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeConsole, json, noContent, problem, unauthorized } from "../../test/fakeConsole";
import { me, summary, thread } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

/** A shop whose inbox has one conversation; the session starts signed out unless `signedIn`. */
function shop({ signedIn = false } = {}) {
  const tim = summary({ customer: "Tim Candy" });
  const server = new FakeConsole();
  if (!signedIn) server.once("GET /me", unauthorized);
  server
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [tim], needsStaffCount: 0 }))
    .on(`GET /conversations/${tim.id}`, () => json(thread(tim)))
    .on("GET /staff", () => json({ staff: [] }));
  return { server, tim };
}

async function signIn(user: ReturnType<typeof renderConsole>["user"], password = "correct horse battery") {
  await user.type(screen.getByLabelText("Email"), "dana@northside.example");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("signing in", () => {
  it("sends someone without a session to the sign-in page, then on to the inbox", async () => {
    const { server } = shop();
    server.on("POST /auth/login", noContent);
    const { user, address } = renderConsole(server, "/");

    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    await signIn(user);

    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(screen.getByText("Dana Reyes")).toBeInTheDocument();
    expect(address()).toBe("/inbox");
    const [login] = server.callsTo("POST /auth/login");
    expect(login!.body).toEqual({ email: "dana@northside.example", password: "correct horse battery" });
    // The server takes changes as JSON only; the strict cookie and Sec-Fetch-Site (the browser's) do the rest.
    expect(login!.headers.get("Content-Type")).toBe("application/json");
  });

  it("says a wrong password in the server's words, clears it and puts the cursor back", async () => {
    const { server } = shop();
    server.on("POST /auth/login", () => problem(401, "wrong_credentials", "Wrong email or password."));
    const { user } = renderConsole(server, "/sign-in");

    await signIn(user, "wrong");

    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.getByLabelText("Password")).toHaveFocus();
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    // The sign-in's own 401 is an answer, not an ended session: nobody asked who is signed in.
    expect(server.callsTo("GET /me")).toHaveLength(0);
  });

  it("holds the button while the server holds the address up, for as long as Retry-After says", async () => {
    vi.useFakeTimers();
    const { server } = shop();
    server.on("POST /auth/login", () =>
      problem(429, "sign_in_held_up", "Too many wrong passwords for this address; please wait a moment and try again.", {}, { "Retry-After": "30" }),
    );
    const { user } = renderConsole(server, "/sign-in", { fakeTimers: true });

    await signIn(user, "wrong again");

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many wrong passwords for this address. Try again in 30 seconds.");
    expect(screen.getByRole("button", { name: /Sign in \(wait 30 s\)/ })).toBeDisabled();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });
});

describe("two-factor sign-in", () => {
  // The sign-in page itself does not ask who is signed in (the fake's first GET /me would say nobody).
  const askForCode = () =>
    problem(401, "two_factor_required", "Enter the six-digit code from your authenticator app (or one of your recovery codes).");

  it("asks for the code from the authenticator app after the right password, and signs in with the three", async () => {
    const { server } = shop({ signedIn: true });
    server.once("POST /auth/login", askForCode).on("POST /auth/login", noContent);
    const { user, address } = renderConsole(server, "/sign-in");

    await signIn(user);

    const code = await screen.findByLabelText("Code from your authenticator app");
    expect(screen.getByText("Enter the six-digit code from your authenticator app (or one of your recovery codes).")).toBeInTheDocument();
    expect(screen.getByText("dana@northside.example")).toBeInTheDocument();
    expect(code).toHaveFocus();
    // The phone's number pad, and the code the phone offers from a text or the app.
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    // Not an ended session: nobody asked who is signed in.
    expect(server.callsTo("GET /me")).toHaveLength(0);

    await user.type(code, "123 456");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(address()).toBe("/inbox");
    expect(server.callsTo("POST /auth/login").map((c) => c.body)).toEqual([
      { email: "dana@northside.example", password: "correct horse battery" },
      { email: "dana@northside.example", password: "correct horse battery", code: "123456" },
    ]);
  });

  it("says a wrong code in the server's words and keeps the code step; too few digits are not sent", async () => {
    const { server } = shop({ signedIn: true });
    server
      .once("POST /auth/login", askForCode)
      .once("POST /auth/login", () => problem(401, "wrong_code", "That code is not right (or has been used); try the newest one."))
      .on("POST /auth/login", noContent);
    const { user } = renderConsole(server, "/sign-in");
    await signIn(user);
    const code = await screen.findByLabelText("Code from your authenticator app");

    await user.type(code, "1234");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Type the six digits your authenticator app shows.");
    expect(code).toHaveAccessibleDescription(/^Type the six digits your authenticator app shows\./);
    expect(server.callsTo("POST /auth/login")).toHaveLength(1);

    await user.clear(code);
    await user.type(code, "000000");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("That code is not right (or has been used); try the newest one.")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("That code is not right (or has been used); try the newest one.");
    expect(screen.getByLabelText("Code from your authenticator app")).toHaveValue("");
    expect(screen.getByLabelText("Code from your authenticator app")).toHaveFocus();
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();

    await user.type(screen.getByLabelText("Code from your authenticator app"), "654321");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(server.callsTo("POST /auth/login").at(-1)!.body).toEqual({ email: "dana@northside.example", password: "correct horse battery", code: "654321" });
  });

  it("takes a recovery code instead of the app's", async () => {
    const { server } = shop({ signedIn: true });
    server.once("POST /auth/login", askForCode).on("POST /auth/login", noContent);
    const { user } = renderConsole(server, "/sign-in");
    await signIn(user);
    await screen.findByLabelText("Code from your authenticator app");

    await user.click(screen.getByRole("button", { name: "Use a recovery code instead" }));

    const recovery = screen.getByLabelText("Recovery code");
    expect(recovery).toHaveFocus();
    expect(recovery).toHaveAccessibleDescription(/Each works once\./);
    await user.type(recovery, "  7QH2-K9XD ");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(server.callsTo("POST /auth/login").at(-1)!.body).toEqual({
      email: "dana@northside.example",
      password: "correct horse battery",
      recoveryCode: "7QH2-K9XD",
    });
  });

  it("starts again with the password for someone else", async () => {
    const { server } = shop({ signedIn: true });
    server.once("POST /auth/login", askForCode);
    const { user } = renderConsole(server, "/sign-in");
    await signIn(user);
    await screen.findByLabelText("Code from your authenticator app");

    await user.click(screen.getByRole("button", { name: "Not you? Start again" }));

    expect(screen.getByLabelText("Email")).toHaveValue("dana@northside.example");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.queryByLabelText("Code from your authenticator app")).not.toBeInTheDocument();
  });
});

describe("an ended session", () => {
  it("shows the sign-in page where the user was, and returns there (filters and all) after signing in", async () => {
    const { server, tim } = shop({ signedIn: true });
    server.once(`POST /conversations/${tim.id}/takeover`, unauthorized);
    server.on("POST /auth/login", noContent);
    const { user, address } = renderConsole(server, `/inbox/${tim.id}?status=done`);

    await user.click(await screen.findByRole("button", { name: "Take over" }));

    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByText("Your session ended. Sign in to pick up where you left off.")).toBeInTheDocument();
    expect(address()).toBe(`/sign-in?next=${encodeURIComponent(`/inbox/${tim.id}?status=done`)}`);

    await signIn(user);

    expect(await screen.findByRole("heading", { name: "Tim Candy", level: 2 })).toBeInTheDocument();
    expect(address()).toBe(`/inbox/${tim.id}?status=done`);
    expect(screen.getByLabelText("Status")).toHaveValue("done");
  });

  it("never sends the user off the console after signing in", async () => {
    // The sign-in page itself does not ask who is signed in; the answer after signing in is the profile.
    const { server } = shop({ signedIn: true });
    server.on("POST /auth/login", noContent);
    const { user, address } = renderConsole(server, `/sign-in?next=${encodeURIComponent("//evil.example/phish")}`);

    await signIn(user);

    expect(await screen.findByRole("heading", { name: "Inbox" })).toBeInTheDocument();
    expect(address()).toBe("/inbox");
  });
});

describe("signing out", () => {
  it("ends the session on the server and shows the sign-in page", async () => {
    const { server } = shop({ signedIn: true });
    server.on("POST /auth/logout", noContent);
    const { user } = renderConsole(server, "/inbox");

    const banner = await screen.findByRole("banner");
    await user.click(within(banner).getByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(server.callsTo("POST /auth/logout")).toHaveLength(1);
    expect(screen.queryByText("Tim Candy")).not.toBeInTheDocument();
  });
});
