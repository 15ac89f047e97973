import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffAppointment } from "../../api/types";
import { FakeConsole, json } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

function appointment(overrides: Partial<StaffAppointment>): StaffAppointment {
  return {
    id: crypto.randomUUID(),
    leadId: crypto.randomUUID(),
    customer: "Tim Candy",
    service: "Ceramic Window Tint",
    start: "2026-11-28T15:00:00Z",
    end: "2026-11-28T18:00:00Z",
    local: "2026-11-28T09:00:00",
    status: "booked",
    shopMonkeyAppointmentId: "sm_1",
    syncState: "synced",
    syncError: null,
    syncAttempts: 1,
    nextSyncAt: null,
    notices: null,
    ...overrides,
  };
}

describe("appointments", () => {
  it("lists the appointments from today, soonest first, and says which ShopMonkey did not get", async () => {
    const server = new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on("GET /appointments", () =>
        json([
          appointment({ customer: "Ana Lopez", service: "Full Interior Detail", start: "2026-11-29T16:00:00Z", local: "2026-11-29T10:00:00" }),
          appointment({ customer: "Tim Candy", syncState: "failed", syncError: "ShopMonkey said 401" }),
        ]),
      );
    const { user } = renderConsole(server, "/inbox");

    await user.click(await screen.findByRole("link", { name: "Appointments" }));

    const items = within(await screen.findByRole("list")).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Tim Candy · Ceramic Window Tint");
    expect(items[0]).toHaveTextContent("Booked · Not in ShopMonkey: ShopMonkey said 401");
    expect(items[1]).toHaveTextContent("Ana Lopez · Full Interior Detail");
    const from = server.callsTo("GET /appointments")[0]!.query.get("from")!;
    expect(new Date(from).getHours()).toBe(0);
  });
});
