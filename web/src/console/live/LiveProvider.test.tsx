import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleEvent, ConversationSummary, ThreadMessage } from "../api/types";
import { FakeConsole, json, noContent, unauthorized } from "../test/fakeConsole";
import { FakeEventSource } from "../test/fakeEventSource";
import { colleagues, consoleEvent, me, message, minutesAgo, summary, thread } from "../test/fixtures";
import { loadSections, renderConsole } from "../test/render";
import { COALESCE_MS, REOPEN_MS } from "./LiveProvider";

const ana = summary({ customer: "Ana Lopez", lastMessage: { role: "assistant", channel: "web", text: "Ceramic tint is $399.", at: minutesAgo(12), author: null } });
const tim = summary({ customer: "Tim Candy", waiting: "needs_staff", waitingSince: minutesAgo(1), needsStaffReason: "Asked for a person" });

const shopLocation = { id: crypto.randomUUID(), name: "Round Rock", timeZone: "America/Chicago", bays: 2 };

/** A signed-in manager's shop; the test changes what the server holds (`data`), then tells the stream. */
function shop(conversations: ConversationSummary[]) {
  const data = { conversations, needsStaffCount: 0, messages: new Map<string, ThreadMessage[]>() };
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: data.conversations, needsStaffCount: data.needsStaffCount }))
    .on("GET /staff", () => json({ staff: colleagues }))
    .on("GET /locations", () => json({ locations: [shopLocation] }))
    .on("GET /agenda", () => json({ location: shopLocation, days: [{ date: "2026-11-28", opens: "09:00:00", closes: "15:00:00", note: null }], appointments: [] }));
  for (const c of [ana, tim])
    server.on(`GET /conversations/${c.id}`, () => json(thread(c, data.messages.has(c.id) ? { messages: data.messages.get(c.id)! } : {})));
  return { server, data };
}

/** The console's one stream, once it asked for it, answered by the server. */
async function connect() {
  await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
  const source = FakeEventSource.latest;
  source.open();
  return source;
}

const push = (source: FakeEventSource, event: ConsoleEvent) => source.send(event.type, event, String(event.id));

/** Real time passing, inside act: the coalescing timer fires and what it starts settles. */
const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

class FakeNotification {
  static permission: NotificationPermission = "default";
  static answer: NotificationPermission = "granted";
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => (FakeNotification.permission = FakeNotification.answer));
  onclick: ((event: Event) => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

beforeAll(loadSections);

beforeEach(() => {
  FakeEventSource.install();
  FakeNotification.permission = "default";
  FakeNotification.answer = "granted";
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe("the live stream", () => {
  it("opens one stream for the signed-in console", async () => {
    const { server } = shop([ana]);
    const { user } = renderConsole(server, "/inbox");
    await connect();
    await user.click(await screen.findByRole("link", { name: "Appointments" }));
    await user.click(screen.getByRole("link", { name: /^Inbox/ }));
    await screen.findByText("Ana Lopez");
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest.url).toBe("/api/console/events");
  });

  it("shows a new conversation in the inbox as soon as the stream tells of it", async () => {
    const { server, data } = shop([ana]);
    renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    const source = await connect();

    data.conversations = [tim, ana];
    data.needsStaffCount = 1;
    push(source, consoleEvent("message.created", { conversationId: tim.id, leadId: tim.leadId, role: "customer" }));

    expect(await screen.findByText("Tim Candy")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Inbox, 1 needs a person" })).toBeInTheDocument();
    // The tab's count and the list are one query: one request.
    expect(server.callsTo("GET /conversations")).toHaveLength(2);
  });

  it("shows a new message in the open thread", async () => {
    const { server, data } = shop([ana]);
    renderConsole(server, `/inbox/${ana.id}`);
    await screen.findByRole("heading", { name: "Ana Lopez", level: 2 });
    const source = await connect();

    data.messages.set(ana.id, [message({ role: "customer", text: "How much is ceramic tint?" }), message({ role: "customer", text: "Is Saturday free?" })]);
    push(source, consoleEvent("message.created", { conversationId: ana.id, leadId: ana.leadId, role: "customer" }));

    const thread = screen.getByRole("list", { name: "Messages" });
    expect(await within(thread).findByText("Is Saturday free?")).toBeInTheDocument();
    expect(await screen.findByText("New message from Ana Lopez: Is Saturday free?")).toHaveAttribute("role", "status");
  });

  it("asks again once for a burst of events, not once per event", async () => {
    const { server } = shop([ana]);
    renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    const source = await connect();

    for (let i = 0; i < 20; i++) push(source, consoleEvent("conversation.updated", { conversationId: ana.id }));

    await waitFor(() => expect(server.callsTo("GET /conversations")).toHaveLength(2));
    await pause(COALESCE_MS * 3);
    expect(server.callsTo("GET /conversations")).toHaveLength(2);
  });

  it("refreshes the appointments when one changed", async () => {
    const { server } = shop([ana]);
    renderConsole(server, "/appointments?date=2026-11-28");
    await screen.findByText("No appointments this day.");
    const source = await connect();
    push(source, consoleEvent("appointment.changed", { appointmentId: crypto.randomUUID(), leadId: ana.leadId }));
    await waitFor(() => expect(server.callsTo("GET /agenda")).toHaveLength(2));
  });

  it("on reset, asks again for everything on screen", async () => {
    const { server } = shop([ana]);
    renderConsole(server, `/inbox/${ana.id}`);
    await screen.findByRole("heading", { name: "Ana Lopez", level: 2 });
    const source = await connect();
    const before = (route: string) => server.callsTo(route).length;
    const counts = ["GET /me", "GET /conversations", `GET /conversations/${ana.id}`, "GET /staff"].map((r) => [r, before(r)] as const);

    source.send("reset", null, "500");

    for (const [route, count] of counts) await waitFor(() => expect(server.callsTo(route)).toHaveLength(count + 1));
  });

  it("ignores ready and ping", async () => {
    const { server } = shop([ana]);
    renderConsole(server, `/inbox/${ana.id}`);
    await screen.findByRole("heading", { name: "Ana Lopez", level: 2 });
    const source = await connect();
    const calls = server.calls.length;

    source.send("ping", null);
    source.send("ready", null, "120");
    source.send("ping", null);
    await pause(COALESCE_MS * 3);

    expect(server.calls).toHaveLength(calls);
  });

  it("asks for nothing again on presence, which is not a change of anything shown in lists", async () => {
    const { server } = shop([ana]);
    renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    const source = await connect();
    const calls = server.calls.length;

    push(source, consoleEvent("presence", { conversationId: ana.id, leadId: ana.leadId, userId: colleagues[1]!.id, presence: "typing" }));
    await pause(COALESCE_MS * 3);

    expect(server.calls).toHaveLength(calls);
  });

  it("shows a quiet dot while live, and Reconnecting… while the connection is down", async () => {
    const { server } = shop([ana]);
    renderConsole(server, "/inbox");
    const banner = await screen.findByRole("banner");
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    expect(within(banner).queryByText("Reconnecting…")).not.toBeInTheDocument();

    const source = FakeEventSource.latest;
    source.open();
    const on = within(banner).getByText("Live updates on");
    expect(on.closest('[role="status"]')).not.toBeNull();

    source.drop();
    expect(within(banner).getByText("Reconnecting…")).toBeVisible();
    expect(within(banner).getByText("Reconnecting…").closest('[role="status"]')).not.toBeNull();
    expect(within(banner).queryByText("Live updates on")).not.toBeInTheDocument();

    // The browser reconnected by itself (the same EventSource, resuming with Last-Event-ID).
    source.open();
    expect(within(banner).queryByText("Reconnecting…")).not.toBeInTheDocument();
    expect(within(banner).getByText("Live updates on")).toBeInTheDocument();
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("polls only once a minute while live, and every 15 seconds again while the stream is down", async () => {
    vi.useFakeTimers();
    const { server } = shop([ana]);
    renderConsole(server, "/inbox", { fakeTimers: true });
    await screen.findByText("Ana Lopez");
    const source = await connect();
    const polls = () => server.callsTo("GET /conversations").length;

    await act(() => vi.advanceTimersByTimeAsync(31_000));
    expect(polls()).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(31_000));
    expect(polls()).toBe(2);

    source.drop();
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(polls()).toBe(3);
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(polls()).toBe(4);
  });

  describe("ends", () => {
    it("when staff sign out", async () => {
      const { server } = shop([ana]);
      server.on("POST /auth/logout", noContent);
      const { user, address } = renderConsole(server, "/inbox");
      const source = await connect();
      await user.click(within(screen.getByRole("banner")).getByRole("button", { name: "Sign out" }));
      await waitFor(() => expect(address()).toBe("/sign-in"));
      expect(source.closed).toBe(true);
    });

    it("when the console goes away", async () => {
      const { server } = shop([ana]);
      const { unmount } = renderConsole(server, "/inbox");
      const source = await connect();
      unmount();
      expect(source.closed).toBe(true);
    });

    it("when the server refuses it because the session ended: the sign-in page shows, and it is not opened again", async () => {
      vi.useFakeTimers();
      const { server } = shop([ana]);
      const { address } = renderConsole(server, "/inbox", { fakeTimers: true });
      await screen.findByText("Ana Lopez");
      const source = await connect();

      server.on("GET /me", unauthorized);
      source.refuse();

      await waitFor(() => expect(address()).toBe("/sign-in?next=%2Finbox"));
      expect(source.closed).toBe(true);
      await act(() => vi.advanceTimersByTimeAsync(REOPEN_MS.at(-1)! * 3));
      expect(FakeEventSource.instances).toHaveLength(1);
    });
  });

  it("opens a refused stream again after a pause, from where it was, while the session lasts", async () => {
    vi.useFakeTimers();
    const { server } = shop([ana]);
    renderConsole(server, "/inbox", { fakeTimers: true });
    await screen.findByText("Ana Lopez");
    const source = await connect();
    const last = consoleEvent("conversation.updated", { conversationId: ana.id });
    push(source, last);

    // A 502 while the server restarts: the browser gives up on that EventSource.
    source.refuse();
    expect(screen.getByText("Reconnecting…")).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(REOPEN_MS[0]! - 1));
    expect(FakeEventSource.instances).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest.url).toBe(`/api/console/events?lastEventId=${last.id}`);
    // It asked whether the session was still there (it was: no sign-in page).
    expect(server.callsTo("GET /me")).toHaveLength(2);

    FakeEventSource.latest.open(String(last.id));
    expect(screen.queryByText("Reconnecting…")).not.toBeInTheDocument();
  });
});

describe("an appointment someone else booked, moved or cancelled", () => {
  const changed = (change: "booked" | "moved" | "cancelled" | null, userId: string | null = null) =>
    consoleEvent("appointment.changed", { appointmentId: "b0000000-0000-4000-8000-000000000001", leadId: tim.leadId, change, userId });

  it("shows a desktop alert while the console is out of sight, which opens the agenda; never for one's own change or a sync", async () => {
    FakeNotification.permission = "granted";
    vi.stubGlobal("Notification", FakeNotification);
    localStorage.setItem("lo.console.desktopAlerts", "on");
    vi.spyOn(window, "focus").mockImplementation(() => {});
    const { server } = shop([ana]);
    const { address } = renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    const source = await connect();
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");

    push(source, changed("booked", me.id));
    push(source, changed(null));
    await pause(COALESCE_MS * 3);
    expect(FakeNotification.shown).toHaveLength(0);

    push(source, changed("moved"));
    await waitFor(() => expect(FakeNotification.shown).toHaveLength(1));
    const [alert] = FakeNotification.shown;
    expect(alert!.title).toBe("An appointment was moved");
    expect(alert!.options).toEqual({ body: "Open the agenda to see it.", tag: "appointment-b0000000-0000-4000-8000-000000000001" });

    act(() => alert!.onclick!(new Event("click")));
    expect(address()).toBe("/appointments");
  });
});

describe("the Appointments tab", () => {
  it("counts the appointments someone else changed until the agenda is opened", async () => {
    const { server } = shop([ana]);
    const { user } = renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    const source = await connect();

    push(source, consoleEvent("appointment.changed", { appointmentId: "b0000000-0000-4000-8000-000000000002", change: "booked" }));
    push(source, consoleEvent("appointment.changed", { appointmentId: "b0000000-0000-4000-8000-000000000003", change: "cancelled" }));
    push(source, consoleEvent("appointment.changed", { appointmentId: "b0000000-0000-4000-8000-000000000004", change: "moved", userId: me.id }));

    const tab = await screen.findByRole("link", { name: "Appointments, 2 appointments changed" });
    // The same appointment changed again is still one appointment that changed.
    push(source, consoleEvent("appointment.changed", { appointmentId: "b0000000-0000-4000-8000-000000000002", change: "moved" }));
    await pause(COALESCE_MS * 3);
    expect(tab).toHaveAccessibleName("Appointments, 2 appointments changed");
    await user.click(tab);
    expect(await screen.findByRole("link", { name: "Appointments" })).toBeInTheDocument();
  });
});

describe("a customer who needs a person", () => {
  const needsStaff = () => consoleEvent("conversation.needs_staff", { conversationId: tim.id, leadId: tim.leadId });

  function withNotifications(permission: NotificationPermission) {
    FakeNotification.permission = permission;
    vi.stubGlobal("Notification", FakeNotification);
  }

  function hidden() {
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
  }

  it("is announced, and with desktop alerts on while the console is out of sight, an alert opens their conversation", async () => {
    withNotifications("granted");
    localStorage.setItem("lo.console.desktopAlerts", "on");
    const focus = vi.spyOn(window, "focus").mockImplementation(() => {});
    const { server, data } = shop([ana]);
    const { address } = renderConsole(server, "/inbox");
    await screen.findByText("Ana Lopez");
    expect(within(screen.getByRole("banner")).getByRole("button", { name: "Turn off desktop alerts" })).toBeInTheDocument();
    const source = await connect();

    hidden();
    data.conversations = [tim, ana];
    push(source, needsStaff());

    expect(await screen.findByText("A customer needs a person.")).toHaveAttribute("role", "status");
    expect(FakeNotification.shown).toHaveLength(1);
    const [alert] = FakeNotification.shown;
    expect(alert!.title).toBe("A customer needs a person");
    expect(alert!.options).toEqual({ body: "Open the inbox to answer them.", tag: tim.id });

    act(() => alert!.onclick!(new Event("click")));

    expect(focus).toHaveBeenCalled();
    expect(alert!.closed).toBe(true);
    expect(address()).toBe(`/inbox/${tim.id}`);
    expect(await screen.findByRole("heading", { name: "Tim Candy", level: 2 })).toBeInTheDocument();
  });

  it("is announced again each time, but shows no alert while the console is in view", async () => {
    withNotifications("granted");
    localStorage.setItem("lo.console.desktopAlerts", "on");
    const { server } = shop([ana]);
    renderConsole(server, "/inbox");
    const source = await connect();

    push(source, needsStaff());
    const said = await screen.findByText("A customer needs a person.");
    push(source, needsStaff());
    await waitFor(() => expect(said.textContent).toBe("A customer needs a person.\u00a0"));
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it("shows no alert when staff have not turned them on, or for an old event replayed on resume", async () => {
    withNotifications("granted");
    hidden();
    const { server } = shop([ana]);
    renderConsole(server, "/inbox");
    const source = await connect();

    push(source, needsStaff());
    await screen.findByText("A customer needs a person.");
    expect(FakeNotification.shown).toHaveLength(0);

    localStorage.setItem("lo.console.desktopAlerts", "on");
    push(source, { ...needsStaff(), at: minutesAgo(30) });
    await pause(COALESCE_MS * 3);
    expect(FakeNotification.shown).toHaveLength(0);
    push(source, needsStaff());
    await waitFor(() => expect(FakeNotification.shown).toHaveLength(1));
  });

  it("desktop alerts are turned on by asking the browser, and off again; the choice is remembered", async () => {
    withNotifications("default");
    const { server } = shop([ana]);
    const { user } = renderConsole(server, "/inbox");
    const banner = await screen.findByRole("banner");

    await user.click(within(banner).getByRole("button", { name: "Turn on desktop alerts" }));

    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(await within(banner).findByRole("button", { name: "Turn off desktop alerts" })).toBeInTheDocument();
    expect(localStorage.getItem("lo.console.desktopAlerts")).toBe("on");

    await user.click(within(banner).getByRole("button", { name: "Turn off desktop alerts" }));
    expect(within(banner).getByRole("button", { name: "Turn on desktop alerts" })).toBeInTheDocument();
    expect(localStorage.getItem("lo.console.desktopAlerts")).toBe("off");
  });

  it("says so when the browser blocks alerts, and offers nothing where it has none", async () => {
    withNotifications("default");
    FakeNotification.answer = "denied";
    const { server } = shop([ana]);
    const { user, unmount } = renderConsole(server, "/inbox");
    const banner = await screen.findByRole("banner");
    await user.click(within(banner).getByRole("button", { name: "Turn on desktop alerts" }));
    expect(await within(banner).findByText("Desktop alerts blocked by the browser")).toBeInTheDocument();
    expect(within(banner).queryByRole("button", { name: /desktop alerts/ })).not.toBeInTheDocument();
    unmount();

    vi.unstubAllGlobals();
    FakeEventSource.install();
    renderConsole(shop([ana]).server, "/inbox");
    await screen.findByText("Ana Lopez");
    expect(screen.queryByRole("button", { name: /desktop alerts/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/Desktop alerts/)).not.toBeInTheDocument();
  });
});
