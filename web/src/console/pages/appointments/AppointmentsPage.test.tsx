import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { StaffAppointment } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { FakeEventSource } from "../../test/fakeEventSource";
import { consoleEvent, DOWNTOWN, me, NORTHSIDE, staffAppointment } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";
import type { Agenda, AgendaDay, AgendaItem, LocationSummary, Slot } from "./queries";

const northside: LocationSummary = { ...NORTHSIDE, timeZone: "America/Chicago", bays: 3 };
const downtown: LocationSummary = { ...DOWNTOWN, timeZone: "America/Chicago", bays: 2 };

/** An appointment of the agenda at the shop's wall-clock `from`–`to` of `day` (Chicago is UTC−6 in November). */
function item(day: string, from: string, to: string, lane: number | null, overrides: Partial<StaffAppointment> = {}): AgendaItem {
  const utc = (time: string) => new Date(Date.parse(`${day}T${time}:00Z`) + 6 * 3_600_000).toISOString().replace(".000", "");
  return {
    appointment: staffAppointment({ start: utc(from), end: utc(to), local: `${day}T${from}:00`, ...overrides }),
    lane,
    localEnd: `${day}T${to}:00`,
  };
}

const open = (date: string, note: string | null = null): AgendaDay => ({ date, opens: "08:00:00", closes: "17:00:00", note });
const closed = (date: string, note: string | null = null): AgendaDay => ({ date, opens: null, closes: null, note });

const ann = item("2026-11-28", "09:00", "12:00", 0, { customer: "Ann Lee", service: "Ceramic Window Tint" });
const bo = item("2026-11-28", "10:00", "11:00", 1, {
  customer: "Bo Diaz",
  service: "Full Interior Detail",
  status: "rescheduled",
  syncState: "failed",
  syncError: "ShopMonkey said 401",
  syncAttempts: 3,
});
const cy = item("2026-11-28", "13:00", "14:00", 2, { customer: "Cy Park", service: "Paint Protection Film", syncState: "pending", shopMonkeyAppointmentId: null });
const dee = item("2026-11-28", "11:00", "12:00", null, { customer: "Dee Fox", service: "Ceramic Window Tint", status: "cancelled" });

const agendaOf = (days: AgendaDay[], appointments: AgendaItem[], location = northside): Agenda => ({ location, days, appointments });

/** A signed-in manager on the console, the server's clock at `now`, answering the agenda with `answer`. */
function agendaServer(answer: (query: URLSearchParams) => Agenda, { locations = [northside], now = "2026-11-28T14:00:00Z" } = {}) {
  const server = new FakeConsole()
    .dated(() => new Date(now))
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations }))
    .on("GET /agenda", ({ query }) => json(answer(query)));
  return server;
}

const saturday = () => agendaOf([open("2026-11-28")], [ann, bo, cy, dee]);
const annName = "9:00 am–12:00 pm, Ann Lee, Ceramic Window Tint, booked, in ShopMonkey";
const boName = "10:00 am–11:00 am, Bo Diaz, Full Interior Detail, moved, not in ShopMonkey";

beforeAll(loadSections);

describe("the agenda", () => {
  it("shows a day's bays as lanes, each appointment a block where it runs, the cancelled ones below", async () => {
    const server = agendaServer(saturday);
    renderConsole(server, "/appointments?date=2026-11-28");

    const lanes = await screen.findByRole("group", { name: "Bays, Saturday, November 28, 2026" });
    expect(screen.getByRole("heading", { level: 2, name: "Saturday, November 28, 2026 · Today" })).toBeInTheDocument();
    const query = server.callsTo("GET /agenda")[0]!.query;
    expect(Object.fromEntries(query)).toEqual({ locationId: northside.id, date: "2026-11-28", days: "1" });

    // Three bays, as the location has; the axis from 8 am (opening) in rows of 5 minutes.
    expect(lanes.parentElement).toHaveTextContent("Bay 1Bay 2Bay 3");
    const blocks = within(lanes).getAllByRole("button");
    expect(blocks.map((b) => b.getAttribute("aria-label"))).toEqual([
      annName,
      boName,
      "1:00 pm–2:00 pm, Cy Park, Paint Protection Film, booked, sending to ShopMonkey",
    ]);
    expect(blocks[0]).toHaveStyle({ gridColumn: "2", gridRow: "13 / 49" });
    expect(blocks[1]).toHaveStyle({ gridColumn: "3", gridRow: "25 / 37" });
    expect(blocks[2]).toHaveStyle({ gridColumn: "4" });
    expect(blocks[0]).toHaveTextContent("Ann Lee");
    expect(blocks[0]).toHaveTextContent("Booked");
    expect(blocks[1]).toHaveTextContent("Moved");
    expect(within(blocks[1]!).getByText("Not in ShopMonkey")).toHaveAttribute("title", "ShopMonkey said 401");
    expect(blocks[2]).toHaveTextContent("Sending to ShopMonkey…");

    const cancelled = screen.getByRole("region", { name: "Cancelled" });
    expect(within(cancelled).getByRole("button", { name: "11:00 am–12:00 pm, Dee Fox, Ceramic Window Tint, cancelled, in ShopMonkey" })).toHaveClass(
      "agenda-block-cancelled",
    );
    expect(screen.getByText("Open 8:00 am–5:00 pm")).toBeInTheDocument();
  });

  it("draws as many lanes as the appointments take, and says when the shop is closed", async () => {
    const server = agendaServer(() =>
      agendaOf([closed("2026-11-26", "Thanksgiving")], [item("2026-11-26", "07:30", "09:00", 3, { customer: "Early Bird" })]),
    );
    renderConsole(server, "/appointments?date=2026-11-26");

    const lanes = await screen.findByRole("group", { name: /^Bays/ });
    expect(lanes.parentElement).toHaveTextContent("Bay 1Bay 2Bay 3Bay 4");
    expect(screen.getByText("Closed").parentElement).toHaveTextContent("Closed · Thanksgiving");
    // The axis runs 7 am (the early one) to 6 pm (a closed day's end).
    const block = within(lanes).getByRole("button", { name: /Early Bird/ });
    expect(block).toHaveStyle({ gridColumn: "5", gridRow: "7 / 25" });
  });

  it("shows a week from its Monday, a column a day, the closed days marked, and opens a day", async () => {
    const week = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"];
    const server = agendaServer((query) =>
      query.get("days") === "7"
        ? agendaOf(
            week.map((d) => (d === "2026-11-29" ? closed(d) : d === "2026-11-26" ? closed(d, "Thanksgiving") : open(d))),
            [item("2026-11-24", "15:00", "16:00", 0, { customer: "Tue Later" }), item("2026-11-24", "09:00", "10:00", 0, { customer: "Tue Early" }), ann, dee],
          )
        : saturday(),
    );
    const { user, address } = renderConsole(server, "/appointments?view=week&date=2026-11-26");

    const tuesday = await screen.findByRole("region", { name: "Tue, Nov 24" });
    expect(Object.fromEntries(server.callsTo("GET /agenda")[0]!.query)).toEqual({ locationId: northside.id, date: "2026-11-23", days: "7" });
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent(/Nov 23\s*–\s*29, 2026/);
    expect(screen.getByRole("button", { name: "Week" })).toHaveAttribute("aria-pressed", "true");
    expect(within(tuesday).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Tue, Nov 24: open the day",
      expect.stringContaining("Tue Early"),
      expect.stringContaining("Tue Later"),
    ]);
    expect(screen.getByRole("region", { name: "Thu, Nov 26" })).toHaveTextContent("Closed · Thanksgiving");
    expect(screen.getByRole("region", { name: "Sun, Nov 29" })).toHaveTextContent("ClosedNo appointments.");
    const saturdayColumn = screen.getByRole("region", { name: "Sat, Nov 28" });
    expect(within(saturdayColumn).getByRole("button", { name: annName })).toBeInTheDocument();
    expect(within(saturdayColumn).getByRole("button", { name: /Dee Fox, .*cancelled/ })).toBeInTheDocument();
    // The server's today (Nov 28 at the shop) is marked.
    expect(within(saturdayColumn).getByRole("button", { name: /open the day/ })).toHaveAttribute("aria-current", "date");

    await user.click(within(saturdayColumn).getByRole("button", { name: /open the day/ }));
    await screen.findByRole("group", { name: "Bays, Saturday, November 28, 2026" });
    expect(address()).toBe("/appointments?date=2026-11-28");
  });

  it("keeps the location, the day and the view in the address, and asks for what it says", async () => {
    const server = agendaServer((query) => agendaOf([open(query.get("date")!)], [], query.get("locationId") === downtown.id ? downtown : northside), {
      locations: [downtown, northside],
    });
    const { user, address } = renderConsole(server, `/appointments?location=${northside.id}&date=2026-11-28`);

    const picker = await screen.findByRole("combobox", { name: "Location" });
    expect(picker).toHaveValue(northside.id);
    await screen.findByText("No appointments this day.");
    const asked = () => Object.fromEntries(server.callsTo("GET /agenda").at(-1)!.query);
    expect(asked()).toEqual({ locationId: northside.id, date: "2026-11-28", days: "1" });

    await user.selectOptions(picker, "Downtown");
    expect(address()).toBe(`/appointments?location=${downtown.id}&date=2026-11-28`);
    await screen.findByRole("group", { name: /^Bays/ });
    expect(asked()).toEqual({ locationId: downtown.id, date: "2026-11-28", days: "1" });

    await user.click(screen.getByRole("button", { name: "Next day" }));
    expect(address()).toBe(`/appointments?location=${downtown.id}&date=2026-11-29`);
    await screen.findByRole("heading", { level: 2, name: "Sunday, November 29, 2026" });
    expect(asked()).toMatchObject({ date: "2026-11-29" });

    await user.click(screen.getByRole("button", { name: "Week" }));
    expect(address()).toBe(`/appointments?location=${downtown.id}&date=2026-11-29&view=week`);
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    expect(address()).toBe(`/appointments?location=${downtown.id}&date=2026-11-22&view=week`);
    expect(asked()).toEqual({ locationId: downtown.id, date: "2026-11-16", days: "7" });

    // Today is the shop's (the server's clock: Nov 28, 8 am in Chicago), and the address drops the day.
    await user.click(screen.getByRole("button", { name: "Today" }));
    expect(address()).toBe(`/appointments?location=${downtown.id}&view=week`);
    expect(asked()).toEqual({ locationId: downtown.id, date: "2026-11-23", days: "7" });
  });

  it("without a location or a day, shows the first location's today, and no picker for a single location", async () => {
    const server = agendaServer(saturday, { now: "2026-11-29T03:00:00Z" }); // 9 pm on the 28th in Chicago
    renderConsole(server, "/appointments");

    await screen.findByRole("group", { name: /^Bays/ });
    expect(Object.fromEntries(server.callsTo("GET /agenda")[0]!.query)).toEqual({ locationId: northside.id, date: "2026-11-28", days: "1" });
    expect(screen.queryByRole("combobox", { name: "Location" })).not.toBeInTheDocument();
    expect(screen.getByText("Northside")).toBeInTheDocument();
  });

  describe("with the live stream", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("asks for the agenda again when an appointment changed", async () => {
      FakeEventSource.install();
      const server = agendaServer(saturday);
      renderConsole(server, "/appointments?date=2026-11-28");
      await screen.findByRole("button", { name: annName });
      await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
      const source = FakeEventSource.latest;
      source.open();

      const event = consoleEvent("appointment.changed", { appointmentId: ann.appointment.id, leadId: ann.appointment.leadId });
      source.send(event.type, event, String(event.id));
      await waitFor(() => expect(server.callsTo("GET /agenda")).toHaveLength(2));
    });
  });
});

describe("an appointment's details", () => {
  it("open from its block, link to the lead, and mark it completed once it has started", async () => {
    let now = ann;
    const server = agendaServer(() => agendaOf([open("2026-11-28")], [now, bo]), { now: "2026-11-28T19:00:00Z" }).on(
      `POST /appointments/${ann.appointment.id}/outcome`,
      ({ body }) => {
        now = { ...ann, appointment: { ...ann.appointment, status: body.status } };
        return json(now.appointment);
      },
    );
    const { user } = renderConsole(server, "/appointments?date=2026-11-28");

    await user.click(await screen.findByRole("button", { name: annName }));
    const dialog = screen.getByRole("dialog", { name: "Ann Lee" });
    expect(dialog).toHaveFocus();
    expect(within(dialog).getByRole("link", { name: "Ann Lee" })).toHaveAttribute("href", `/console/leads/${ann.appointment.leadId}`);
    expect(dialog).toHaveTextContent("ServiceCeramic Window Tint");
    expect(dialog).toHaveTextContent("WhenSat, Nov 28, 9:00 am–12:00 pm");
    expect(dialog).toHaveTextContent("Bay1");
    expect(dialog).toHaveTextContent("ShopMonkeyIn ShopMonkey");
    expect(within(dialog).queryByRole("button", { name: "Retry sending to ShopMonkey" })).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Mark completed" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Marked completed.");
    expect(within(dialog).getByRole("status")).toHaveFocus();
    expect(server.callsTo(`POST /appointments/${ann.appointment.id}/outcome`).map((c) => c.body)).toEqual([{ status: "completed" }]);
    expect(dialog).toHaveTextContent("StatusDone");
    expect(within(dialog).queryByRole("button", { name: "Mark completed" })).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "No-show" })).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    // The focus goes back to the block that opened it.
    await waitFor(() => expect(screen.getByRole("button", { name: /Ann Lee, Ceramic Window Tint, done/ })).toHaveFocus());
  });

  it("offers no outcome before the start, and sending to ShopMonkey again only when it failed", async () => {
    let boNow = bo;
    const server = agendaServer(() => agendaOf([open("2026-11-28")], [ann, boNow])).on(`POST /appointments/${bo.appointment.id}/sync`, () => {
      boNow = { ...bo, appointment: { ...bo.appointment, syncState: "pending", syncError: null } };
      return json(boNow.appointment);
    });
    const { user } = renderConsole(server, "/appointments?date=2026-11-28");

    await user.click(await screen.findByRole("button", { name: annName }));
    let dialog = screen.getByRole("dialog", { name: "Ann Lee" });
    expect(within(dialog).queryByRole("button", { name: "Mark completed" })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "No-show" })).not.toBeInTheDocument();
    expect(dialog).toHaveTextContent("Completed and no-show can be marked once it has started.");
    expect(within(dialog).queryByRole("button", { name: "Retry sending to ShopMonkey" })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Close" }));

    await user.click(screen.getByRole("button", { name: boName }));
    dialog = screen.getByRole("dialog", { name: "Bo Diaz" });
    expect(dialog).toHaveTextContent("ShopMonkeyNot in ShopMonkey: ShopMonkey said 401 (3 tries)");
    await user.click(within(dialog).getByRole("button", { name: "Retry sending to ShopMonkey" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Sending to ShopMonkey again.");
    expect(server.callsTo(`POST /appointments/${bo.appointment.id}/sync`)).toHaveLength(1);
    expect(within(dialog).queryByRole("button", { name: "Retry sending to ShopMonkey" })).not.toBeInTheDocument();
  });

  it("moves it to a free time of the same service, offering the nearest ones when the time was taken", async () => {
    const slot = (start: string, local: string, label: string): Slot => ({ start, end: start, local, label });
    const monday = slot("2026-11-30T15:00:00Z", "2026-11-30T09:00:00", "Mon Nov 30, 9:00 am");
    const tuesday = slot("2026-12-01T19:00:00Z", "2026-12-01T13:00:00", "Tue Dec 1, 1:00 pm");
    const instead = slot("2026-11-30T17:00:00Z", "2026-11-30T11:00:00", "Mon Nov 30, 11:00 am");
    // Once moved to Monday, Ann is no longer on Saturday's agenda.
    let moved = false;
    const server = agendaServer(() => agendaOf([open("2026-11-28")], moved ? [bo] : [ann, bo]))
      .on("GET /services", () =>
        json({
          services: [
            { id: "5e000000-0000-4000-8000-000000000001", name: "Ceramic Window Tint", durationMinutes: 180, price: "$399.00" },
            { id: "5e000000-0000-4000-8000-000000000002", name: "Full Interior Detail", durationMinutes: 60, price: "$149.00" },
          ],
        }),
      )
      .on(`GET /leads/${ann.appointment.leadId}/slots`, () =>
        json({ service: { id: "x", name: "Ceramic Window Tint", durationMinutes: 180, price: "$399.00" }, timeZone: "America/Chicago", slots: [monday, tuesday] }),
      )
      .once(`POST /appointments/${ann.appointment.id}/reschedule`, () =>
        problem(409, "slot_taken", "That time was just taken.", { alternatives: [instead] }),
      )
      .on(`POST /appointments/${ann.appointment.id}/reschedule`, ({ body }) => {
        moved = true;
        return json({ id: ann.appointment.id, serviceId: "5e000000-0000-4000-8000-000000000001", start: body.start, end: "2026-11-30T20:00:00Z", local: "2026-11-30T11:00:00", label: instead.label, status: "rescheduled" });
      });
    const { user } = renderConsole(server, "/appointments?date=2026-11-28");

    await user.click(await screen.findByRole("button", { name: annName }));
    const dialog = screen.getByRole("dialog", { name: "Ann Lee" });
    await user.click(within(dialog).getByRole("button", { name: "Move" }));
    await user.click(await within(dialog).findByRole("radio", { name: "Mon Nov 30, 9:00 am" }));
    expect(server.callsTo("GET /services")[0]!.query.get("locationId")).toBe(northside.id);
    expect(Object.fromEntries(server.callsTo(`GET /leads/${ann.appointment.leadId}/slots`)[0]!.query)).toEqual({
      serviceId: "5e000000-0000-4000-8000-000000000001",
      from: "2026-11-28",
      to: "2026-12-04",
    });
    expect(within(dialog).getByRole("group", { name: "Tuesday, December 1, 2026" })).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Move to Mon Nov 30, 9:00 am" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("That time was just taken.");
    await user.click(within(dialog).getByRole("radio", { name: "Mon Nov 30, 11:00 am" }));
    await user.click(within(dialog).getByRole("button", { name: "Move to Mon Nov 30, 11:00 am" }));

    expect(await within(dialog).findByRole("status")).toHaveTextContent("Moved to Mon Nov 30, 11:00 am.");
    expect(server.callsTo(`POST /appointments/${ann.appointment.id}/reschedule`).map((c) => c.body)).toEqual([
      { start: monday.start },
      { start: instead.start },
    ]);
    await waitFor(() => expect(screen.queryByRole("button", { name: annName })).not.toBeInTheDocument());
    expect(dialog).toHaveTextContent("WhenMon, Nov 30, 11:00 am–2:00 pm");
    expect(dialog).toHaveTextContent("StatusMoved");
  });

  it("cancels only once asked, saying the customer hears of it", async () => {
    let annNow = ann;
    const server = agendaServer(() => agendaOf([open("2026-11-28")], [annNow])).on(`POST /appointments/${ann.appointment.id}/cancel`, () => {
      annNow = { ...ann, lane: null, appointment: { ...ann.appointment, status: "cancelled" } };
      return json({ id: ann.appointment.id, serviceId: "s", start: ann.appointment.start, end: ann.appointment.end, local: ann.appointment.local, label: "Sat Nov 28, 9:00 am", status: "cancelled" });
    });
    const { user } = renderConsole(server, "/appointments?date=2026-11-28");

    await user.click(await screen.findByRole("button", { name: annName }));
    const dialog = screen.getByRole("dialog", { name: "Ann Lee" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel appointment" }));
    await user.click(within(dialog).getByRole("button", { name: "Keep it" }));
    expect(within(dialog).getByRole("button", { name: "Cancel appointment" })).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Cancel appointment" }));
    const question = within(dialog).getByRole("alertdialog");
    expect(question).toHaveTextContent("The customer gets a cancellation text/email.");
    expect(within(question).getByRole("button", { name: "Keep it" })).toHaveFocus();
    expect(server.callsTo(`POST /appointments/${ann.appointment.id}/cancel`)).toHaveLength(0);

    await user.click(within(question).getByRole("button", { name: "Cancel appointment" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Cancelled.");
    expect(server.callsTo(`POST /appointments/${ann.appointment.id}/cancel`)).toHaveLength(1);
    expect(dialog).toHaveTextContent("StatusCancelled");
    expect(within(dialog).queryByRole("button", { name: "Move" })).not.toBeInTheDocument();
    // The agenda asked again lists it with the cancelled ones.
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    const block = await within(screen.getByRole("region", { name: "Cancelled" })).findByRole("button", { name: /Ann Lee, .*cancelled/ });
    await waitFor(() => expect(block).toHaveFocus());
  });
});
