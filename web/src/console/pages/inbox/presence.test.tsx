import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PresenceState, Viewer } from "../../api/types";
import { FakeConsole, json, noContent } from "../../test/fakeConsole";
import { FakeEventSource } from "../../test/fakeEventSource";
import { colleagues, consoleEvent, me, message, summary, thread } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";
import { HEARTBEAT_MS, TYPING_EVERY_MS, TYPING_FOR_MS, VIEWER_FOR_MS } from "./presence";

const tim = summary({ customer: "Tim Candy" });
const ana = summary({ customer: "Ana Lopez" });
const marco = colleagues[1]!;
const priya = colleagues[2]!;

/**
 * A signed-in manager (Dana) at Tim's thread, with `viewers` there already by the server's word, and the
 * live stream connected. `fakeTimers`: the test moves the clock itself.
 */
async function open(viewers: Viewer[] | (() => Viewer[]) = [], { fakeTimers = false, path = `/inbox/${tim.id}` } = {}) {
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [tim, ana], needsStaffCount: 0 }))
    .on("GET /staff", () => json({ staff: colleagues }));
  for (const c of [tim, ana]) {
    server
      .on(`GET /conversations/${c.id}`, () => json(thread(c)))
      .on(`GET /conversations/${c.id}/presence`, () => json({ viewers: c !== tim ? [] : typeof viewers === "function" ? viewers() : viewers }))
      .on(`POST /conversations/${c.id}/presence`, () => noContent());
  }
  const view = renderConsole(server, path, { fakeTimers });
  await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
  const source = FakeEventSource.latest;
  source.open();
  return { server, source, ...view };
}

/** What Dana said of her presence in `conversationId`, in order. */
const said = (server: FakeConsole, conversationId = tim.id) => server.callsTo(`POST /conversations/${conversationId}/presence`).map((c) => c.body.state);

/** A colleague's presence as the live stream tells it. */
function presence(userId: string, state: PresenceState, conversationId = tim.id) {
  return consoleEvent("presence", { conversationId, leadId: tim.leadId, userId, presence: state });
}

const push = (source: FakeEventSource, event: ReturnType<typeof presence>) => source.send("presence", event, String(event.id));

/** The line under the customer's name in the thread's header. */
const presenceLine = async () => {
  const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
  return within(heading.closest("header")!).getByRole("status");
};

const later = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const box = () => screen.getByRole("textbox", { name: /Reply to Tim Candy|Note for staff/ });

beforeAll(loadSections);

beforeEach(() => FakeEventSource.install());

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("presence in a thread", () => {
  it("says viewing as the thread opens, and left (outliving the page) when it closes or another opens", async () => {
    const { server, user } = await open();
    await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    await waitFor(() => expect(said(server)).toEqual(["viewing"]));
    expect(server.callsTo(`POST /conversations/${tim.id}/presence`)[0]!.keepalive).toBe(false);

    await user.click(screen.getByRole("link", { name: /Ana Lopez/ }));

    await screen.findByRole("heading", { name: "Ana Lopez", level: 2 });
    await waitFor(() => expect(said(server, ana.id)).toEqual(["viewing"]));
    expect(said(server)).toEqual(["viewing", "left"]);
    expect(server.callsTo(`POST /conversations/${tim.id}/presence`)[1]!.keepalive).toBe(true);

    await user.click(screen.getByRole("link", { name: "← All conversations" }));
    await waitFor(() => expect(said(server, ana.id)).toEqual(["viewing", "left"]));
  });

  it("says viewing again every 30 seconds while the page is in sight, and at once when it comes back", async () => {
    vi.useFakeTimers();
    const { server } = await open([], { fakeTimers: true });
    await waitFor(() => expect(said(server)).toEqual(["viewing"]));

    await later(HEARTBEAT_MS);
    expect(said(server)).toEqual(["viewing", "viewing"]);

    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    document.dispatchEvent(new Event("visibilitychange"));
    await later(HEARTBEAT_MS * 3);
    expect(said(server)).toEqual(["viewing", "viewing"]);

    visibility.mockReturnValue("visible");
    document.dispatchEvent(new Event("visibilitychange"));
    await waitFor(() => expect(said(server)).toEqual(["viewing", "viewing", "viewing"]));
  });

  it("shows the colleagues the server says are there, to screen readers too", async () => {
    await open([
      { userId: marco.id, name: marco.name, state: "viewing", at: new Date().toISOString() },
      { userId: priya.id, name: priya.name, state: "viewing", at: new Date().toISOString() },
    ]);

    const line = await presenceLine();
    await waitFor(() => expect(line).toHaveTextContent("Marco Silva and Priya Shah are viewing"));
  });

  it("shows a colleague typing from the stream, warns in the composer, and lets it lapse", async () => {
    vi.useFakeTimers();
    const { source } = await open([], { fakeTimers: true });
    const line = await presenceLine();
    expect(line).toBeEmptyDOMElement();

    push(source, presence(priya.id, "typing"));

    expect(line).toHaveTextContent("Priya Shah is typing…");
    const warning = screen.getByText("Priya Shah is typing a reply — check before you send.");
    expect(box()).toHaveAccessibleDescription("Priya Shah is typing a reply — check before you send.");
    expect(warning).not.toHaveAttribute("role");

    // Typing lasts 8 seconds after the last word of it; then she is only viewing.
    await later(TYPING_FOR_MS - 1);
    expect(line).toHaveTextContent("Priya Shah is typing…");
    await later(1);
    expect(line).toHaveTextContent("Priya Shah is viewing");
    expect(screen.queryByText(/is typing a reply/)).not.toBeInTheDocument();

    // Not heard from for 75 seconds: gone.
    await later(VIEWER_FOR_MS - TYPING_FOR_MS);
    expect(line).toBeEmptyDOMElement();
  });

  it("keeps a colleague who says they are still there, and forgets one who left", async () => {
    vi.useFakeTimers();
    const { source } = await open([{ userId: marco.id, name: marco.name, state: "viewing", at: new Date().toISOString() }], { fakeTimers: true });
    const line = await presenceLine();
    await waitFor(() => expect(line).toHaveTextContent("Marco Silva is viewing"));

    await later(HEARTBEAT_MS);
    push(source, presence(marco.id, "viewing"));
    push(source, presence(priya.id, "viewing"));
    await later(VIEWER_FOR_MS - 1000);
    expect(line).toHaveTextContent("Marco Silva and Priya Shah are viewing");

    push(source, presence(priya.id, "left"));
    expect(line).toHaveTextContent(/^Marco Silva is viewing$/);
  });

  it("asks the server again who is there when the stream missed what happened (a reset)", async () => {
    vi.useFakeTimers();
    let there: Viewer[] = [{ userId: marco.id, name: marco.name, state: "viewing", at: new Date().toISOString() }];
    const { source, server } = await open(() => there, { fakeTimers: true });
    const line = await presenceLine();
    await waitFor(() => expect(line).toHaveTextContent("Marco Silva is viewing"));

    await later(10_000);
    there = [];
    source.send("reset", null, "900");
    await later(1_000);

    expect(server.callsTo(`GET /conversations/${tim.id}/presence`)).toHaveLength(2);
    expect(line).toBeEmptyDOMElement();
  });

  it("ignores my own presence, and other conversations'", async () => {
    const { source } = await open();
    const line = await presenceLine();

    push(source, presence(me.id, "typing"));
    push(source, presence(marco.id, "typing", ana.id));

    expect(line).toBeEmptyDOMElement();
    expect(screen.queryByText(/is typing a reply/)).not.toBeInTheDocument();
  });

  it("says typing at most every 4 seconds while staff type a reply, and stops when it is sent", async () => {
    vi.useFakeTimers();
    const { server, user } = await open([], { fakeTimers: true });
    server.on(`POST /conversations/${tim.id}/replies`, (call) => json(message({ role: "staff", text: call.body.text, author: me.displayName }), 201));
    await screen.findByRole("heading", { name: "Tim Candy", level: 2 });
    await waitFor(() => expect(said(server)).toEqual(["viewing"]));

    await user.type(box(), "Hi Tim");
    expect(said(server)).toEqual(["viewing", "typing"]);
    await later(TYPING_EVERY_MS - 100);
    await user.type(box(), ", Saturday");
    expect(said(server)).toEqual(["viewing", "typing"]);
    await later(100);
    await user.type(box(), " works.");
    expect(said(server)).toEqual(["viewing", "typing", "typing"]);

    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(said(server)).toEqual(["viewing", "typing", "typing", "viewing"]));

    // A note is for colleagues, not an answer to the customer.
    await later(TYPING_FOR_MS);
    await user.click(screen.getByRole("radio", { name: "Note" }));
    await user.type(box(), "Called him too.");
    expect(said(server)).toEqual(["viewing", "typing", "typing", "viewing"]);
  });
});
