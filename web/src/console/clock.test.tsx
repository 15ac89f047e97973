import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { createConsoleApi } from "./api/client";
import { FakeConsole, json } from "./test/fakeConsole";
import { colleagues, me, message, summary, thread } from "./test/fixtures";
import { loadSections, renderConsole } from "./test/render";

// The tablet's clock may be wrong (and in the browser tests the server runs on a test clock days behind):
// ages are worked out on the server's clock, which every answer's `Date` header gives.

const DAY = 24 * 60 * 60_000;
/** The server's clock, three days behind this device's. */
const serverNow = () => Date.now() - 3 * DAY;
/** `minutes` ago by the server's clock. */
const serverMinutesAgo = (minutes: number) => new Date(serverNow() - minutes * 60_000).toISOString();

beforeAll(loadSections);

describe("the server's clock", () => {
  it("is the device's plus the offset from the latest answer's Date header, and the device's own without one", async () => {
    let date: string | null = null;
    const api = createConsoleApi(async () => new Response("{}", { headers: { "Content-Type": "application/json", ...(date ? { Date: date } : {}) } }));

    await api.client.GET("/api/console/me");
    expect(api.clock.offset()).toBe(0);

    date = new Date(serverNow()).toUTCString();
    await api.client.GET("/api/console/me");
    // The header is whole seconds: within a second either way.
    expect(Math.abs(api.clock.offset() + 3 * DAY)).toBeLessThan(1_000);
    expect(Math.abs(api.clock.now() - serverNow())).toBeLessThan(1_000);

    // An answer without the header keeps what was known.
    date = null;
    await api.client.GET("/api/console/me");
    expect(Math.abs(api.clock.offset() + 3 * DAY)).toBeLessThan(1_000);

    // The latest answer wins: a corrected clock shows at once.
    date = new Date().toUTCString();
    await api.client.GET("/api/console/me");
    expect(Math.abs(api.clock.offset())).toBeLessThan(1_000);
  });

  it("gives the waiting time and today's messages by the server's clock, not the tablet's", async () => {
    // 12 min 20 s: clear of a minute's edge, whatever the header's rounding to the second.
    const ana = summary({ customer: "Ana Lopez", waiting: "unanswered", waitingSince: serverMinutesAgo(12.33) });
    const tim = summary({ customer: "Tim Candy", waiting: "needs_staff", waitingSince: serverMinutesAgo(2 * 60 + 5.33) });
    const asked = serverMinutesAgo(20);
    const server = new FakeConsole()
      .dated(() => new Date(serverNow()))
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [tim, ana], needsStaffCount: 1 }))
      .on(`GET /conversations/${ana.id}`, () => json(thread(ana, { messages: [message({ role: "customer", text: "How much for tint?", at: asked })] })))
      .on("GET /staff", () => json({ staff: colleagues }));
    renderConsole(server, `/inbox/${ana.id}`);

    const list = await screen.findByRole("region", { name: "Inbox" });
    const [timRow, anaRow] = await within(list).findAllByRole("link");
    expect(timRow).toHaveTextContent("Needs a person · 2 h 5 min");
    expect(anaRow).toHaveTextContent("Waiting for a reply · 12 min");
    const heading = await screen.findByRole("heading", { name: "Ana Lopez", level: 2 });
    expect(heading.closest("header")).toHaveTextContent("Waiting for a reply · 12 min");
    // Today on the server: the time alone, though on the tablet's clock it was three days ago.
    const [first] = within(screen.getByRole("list", { name: "Messages" })).getAllByRole("listitem");
    expect(within(first!).getByText((_, e) => e?.tagName === "TIME")).toHaveTextContent(
      new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(new Date(asked)),
    );
  });

  it("asks for the agenda of the server's today at the shop, not the tablet's", async () => {
    const location = { id: crypto.randomUUID(), name: "Round Rock", timeZone: "America/Chicago", bays: 2 };
    const server = new FakeConsole()
      .dated(() => new Date(serverNow()))
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on("GET /locations", () => json({ locations: [location] }))
      .on("GET /agenda", ({ query }) => json({ location, days: [{ date: query.get("date"), opens: "09:00:00", closes: "17:00:00", note: null }], appointments: [] }));
    renderConsole(server, "/appointments");

    expect(await screen.findByText("No appointments this day.")).toBeInTheDocument();
    const asked = server.callsTo("GET /agenda").at(-1)!.query.get("date");
    const shopToday = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Chicago", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(serverNow()));
    expect(asked ?? shopToday).toBe(shopToday);
  });
});
