import { screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { LeadDetail } from "../../api/types";
import { FakeConsole, json, problem, serveLead } from "../../test/fakeConsole";
import { lead, leadDetail, me, NORTHSIDE, staffAppointment } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";
import type { Slot } from "./queries";

const ann = lead({ firstName: "Ann", lastName: "Lee", locationId: NORTHSIDE.id, stage: "engaged" });
const tint = { id: "5e000000-0000-4000-8000-000000000001", name: "Ceramic Window Tint", durationMinutes: 180, price: "$399.00" };
const detail = { id: "5e000000-0000-4000-8000-000000000002", name: "Full Interior Detail", durationMinutes: 90, price: "$149.00" };

const slot = (start: string, local: string, label: string): Slot => ({ start, end: start, local, label });
// Fourteen days from Nov 27: the first three open, the rest folded.
const friday = slot("2026-11-27T21:00:00Z", "2026-11-27T15:00:00", "Fri Nov 27, 3:00 pm");
const saturday = slot("2026-11-28T15:00:00Z", "2026-11-28T09:00:00", "Sat Nov 28, 9:00 am");
const monday = slot("2026-11-30T15:00:00Z", "2026-11-30T09:00:00", "Mon Nov 30, 9:00 am");
const later = slot("2026-12-08T15:00:00Z", "2026-12-08T09:00:00", "Tue Dec 8, 9:00 am");
const instead = slot("2026-11-28T18:00:00Z", "2026-11-28T12:00:00", "Sat Nov 28, 12:00 pm");

/** A manager on Ann's page (the server's clock: Nov 27, 9 am at the shop), with the booking's routes. */
function open(page: LeadDetail = leadDetail(ann)) {
  const server = new FakeConsole()
    .dated(() => new Date("2026-11-27T15:00:00Z"))
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: [{ ...NORTHSIDE, timeZone: "America/Chicago", bays: 2 }] }))
    .on("GET /services", () => json({ services: [tint, detail] }))
    .on(`GET /leads/${ann.id}/slots`, ({ query }) =>
      json({ service: tint, timeZone: "America/Chicago", slots: query.get("serviceId") === tint.id ? [friday, saturday, monday, later] : [] }),
    );
  serveLead(server, page);
  return { server, ...renderConsole(server, `/leads/${ann.id}`) };
}

beforeAll(loadSections);

describe("booking for a lead", () => {
  it("books a service into a free time, offering the nearest ones when the time was taken", async () => {
    const { server, user } = open();
    const section = await screen.findByRole("region", { name: "Appointments" });
    await user.click(within(section).getByRole("button", { name: "Book an appointment" }));

    const dialog = screen.getByRole("dialog", { name: "Book an appointment for Ann Lee" });
    const service = await within(dialog).findByRole("combobox", { name: "Service" });
    expect(server.callsTo("GET /services")[0]!.query.get("locationId")).toBe(NORTHSIDE.id);
    expect(within(service).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Choose a service",
      "Ceramic Window Tint · 3 h · $399.00",
      "Full Interior Detail · 1 h 30 min · $149.00",
    ]);
    await user.selectOptions(service, tint.id);

    const picker = await within(dialog).findByRole("group", { name: "Free times, Fri, Nov 27 to Thu, Dec 10" });
    expect(Object.fromEntries(server.callsTo(`GET /leads/${ann.id}/slots`)[0]!.query)).toEqual({ serviceId: tint.id, from: "2026-11-27", to: "2026-12-10" });
    const days = picker.querySelectorAll("details");
    expect([...days].map((d) => d.open)).toEqual([true, true, true, false]);
    expect(days[3]).toHaveTextContent("Tue, Dec 8 · 1 time");

    server
      .once(`POST /leads/${ann.id}/appointments`, () => problem(409, "slot_taken", "That time was just taken.", { alternatives: [instead] }))
      .once(`POST /leads/${ann.id}/appointments`, ({ body }) =>
        json({ id: "a4400000-0000-4000-8000-000000000099", serviceId: body.serviceId, start: body.start, end: "2026-11-28T21:00:00Z", local: instead.local, label: instead.label, status: "booked" }, 201),
      );
    await user.click(within(dialog).getByRole("radio", { name: "Sat Nov 28, 9:00 am" }));
    expect(dialog).toHaveTextContent("Book Ceramic Window Tint for Ann Lee on Sat Nov 28, 9:00 am? The customer gets a confirmation.");
    await user.click(within(dialog).getByRole("button", { name: "Book Sat Nov 28, 9:00 am" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("That time was just taken.");
    const others = within(dialog).getByRole("group", { name: "Other free times" });
    expect(within(others).getAllByRole("radio").map((r) => r.getAttribute("aria-label"))).toEqual(["Sat Nov 28, 12:00 pm"]);

    // Booked: the lead's page is asked for again, and shows it.
    const booked = leadDetail(ann, { appointments: [staffAppointment({ leadId: ann.id, local: instead.local, start: instead.start })] });
    server.on(`GET /leads/${ann.id}`, () => json(booked));
    const leadCalls = server.callsTo(`GET /leads/${ann.id}`).length;
    await user.click(within(others).getByRole("radio", { name: "Sat Nov 28, 12:00 pm" }));
    await user.click(within(dialog).getByRole("button", { name: "Book Sat Nov 28, 12:00 pm" }));

    const said = await within(section).findByRole("status");
    expect(said).toHaveTextContent("Booked Ceramic Window Tint for Sat Nov 28, 12:00 pm. The customer gets a confirmation.");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(server.callsTo(`POST /leads/${ann.id}/appointments`).map((c) => c.body)).toEqual([
      { serviceId: tint.id, start: saturday.start },
      { serviceId: tint.id, start: instead.start },
    ]);
    await waitFor(() => expect(server.callsTo(`GET /leads/${ann.id}`).length).toBeGreaterThan(leadCalls));
    await waitFor(() => expect(within(section).queryByRole("button", { name: "Book an appointment" })).not.toBeInTheDocument());
    expect(said).toHaveFocus();
  });

  it("says why a booking was refused, in the server's words", async () => {
    const { server, user } = open();
    server.on(`POST /leads/${ann.id}/appointments`, () => problem(400, "too_soon", "Bookings need two hours' notice."));
    const section = await screen.findByRole("region", { name: "Appointments" });
    await user.click(within(section).getByRole("button", { name: "Book an appointment" }));
    const dialog = screen.getByRole("dialog");
    await user.selectOptions(await within(dialog).findByRole("combobox", { name: "Service" }), tint.id);
    await user.click(await within(dialog).findByRole("radio", { name: "Fri Nov 27, 3:00 pm" }));
    await user.click(within(dialog).getByRole("button", { name: "Book Fri Nov 27, 3:00 pm" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Bookings need two hours' notice.");

    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Service" }), detail.id);
    expect(await within(dialog).findByText(/No free times for Full Interior Detail/)).toBeInTheDocument();

    // Booked meanwhile (the customer, on the chat page): the dialog closes and the page says so.
    server.on(`POST /leads/${ann.id}/appointments`, () => problem(409, "already_booked", "Ann already has an appointment.", { alternatives: [] }));
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Service" }), tint.id);
    await user.click(await within(dialog).findByRole("radio", { name: "Sat Nov 28, 9:00 am" }));
    await user.click(within(dialog).getByRole("button", { name: "Book Sat Nov 28, 9:00 am" }));
    expect(await within(section).findByRole("status")).toHaveTextContent("Ann already has an appointment.");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("is not offered while the lead has an appointment booked", async () => {
    open(leadDetail(ann, { appointments: [staffAppointment({ leadId: ann.id, status: "rescheduled" })] }));
    const section = await screen.findByRole("region", { name: "Appointments" });
    expect(within(section).getByRole("listitem")).toHaveTextContent("Rescheduled");
    expect(within(section).queryByRole("button", { name: "Book an appointment" })).not.toBeInTheDocument();
  });
});
