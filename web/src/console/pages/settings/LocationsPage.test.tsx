import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffProfile } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { DOWNTOWN, locationSettings, me, NORTHSIDE } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const owner: StaffProfile = { ...me, role: "owner", locationIds: null };
const frontDesk: StaffProfile = { ...me, role: "front_desk" };

function openPage(who: StaffProfile = me, path = "/settings/locations") {
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /me/notifications", () => json({ handoffEmail: false, handoffSms: false, appointmentEmail: false, appointmentSms: false, phone: null }))
    .on("GET /locations", () => json({ locations: [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: l === DOWNTOWN ? "America/Denver" : "America/Chicago", bays: 3 })) }))
    .on(`GET /locations/${NORTHSIDE.id}/settings`, () => json(locationSettings(NORTHSIDE)))
    .on(`GET /locations/${DOWNTOWN.id}/settings`, () => json(locationSettings(DOWNTOWN, { setupPending: true, timeZone: "America/Denver", smsNumber: null })));
  return { server, ...renderConsole(server, path) };
}

const card = (name: string) => within(screen.getByRole("article", { name }));
const settingsNav = () => within(screen.getByRole("navigation", { name: "Settings" }));
/** The page is its own chunk: its settings links are there once it is. */
const navReady = async () => within(await screen.findByRole("navigation", { name: "Settings" }));

describe("the locations list", () => {
  it("shows each location with its time zone, and which are still setting up", async () => {
    openPage();

    expect(await screen.findByRole("heading", { name: "Locations", level: 1 })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Locations" });
    expect(within(list).getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(["Northside", "Downtown"]);
    expect(card("Downtown").getByText("America/Denver")).toBeInTheDocument();
    expect(card("Northside").getByText("America/Chicago")).toBeInTheDocument();
    expect(await card("Downtown").findByText("Not live yet — setting up")).toBeInTheDocument();
    // Northside's settings came too: it is live, no badge.
    await waitFor(() => expect(card("Northside").queryByText("Not live yet — setting up")).not.toBeInTheDocument());
    expect(card("Downtown").getByRole("link", { name: "Downtown" })).toHaveAttribute("href", `/console/settings/locations/${DOWNTOWN.id}`);
  });

  it("opens a location's settings from its card", async () => {
    const { user, address } = openPage();

    await user.click(await screen.findByRole("link", { name: "Downtown" }));

    await waitFor(() => expect(address()).toBe(`/settings/locations/${DOWNTOWN.id}`));
    expect(await screen.findByRole("heading", { name: "Downtown", level: 1 })).toBeInTheDocument();
    // Still under Locations in the settings' own links.
    expect(settingsNav().getByRole("link", { name: "Locations" })).toHaveAttribute("aria-current", "page");
  });

  it("is in Settings for a manager, without ShopMonkey (an owner's)", async () => {
    const { user, address } = openPage(me, "/settings/notifications");

    await user.click((await navReady()).getByRole("link", { name: "Locations" }));

    await waitFor(() => expect(address()).toBe("/settings/locations"));
    expect(settingsNav().queryByRole("link", { name: "ShopMonkey" })).not.toBeInTheDocument();
    expect(await screen.findByRole("list", { name: "Locations" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Add a location from ShopMonkey" })).not.toBeInTheDocument();
  });

  it("gives an owner both, and the way to add a location", async () => {
    openPage(owner);

    expect((await navReady()).getByRole("link", { name: "Locations" })).toBeInTheDocument();
    expect(settingsNav().getByRole("link", { name: "ShopMonkey" })).toHaveAttribute("href", "/console/settings/shopmonkey");
    expect(await screen.findByRole("link", { name: "Add a location from ShopMonkey" })).toHaveAttribute("href", "/console/settings/shopmonkey");
  });

  it("is not in the front desk's settings, and says whose it is when opened anyway", async () => {
    const { server } = openPage(frontDesk);

    expect(await screen.findByText("Only managers and owners change a location's settings.")).toBeInTheDocument();
    expect(settingsNav().getByRole("link", { name: "Notifications" })).toBeInTheDocument();
    expect(settingsNav().getByRole("link", { name: "Security" })).toBeInTheDocument();
    expect(settingsNav().queryByRole("link", { name: "Locations" })).not.toBeInTheDocument();
    expect(settingsNav().queryByRole("link", { name: "ShopMonkey" })).not.toBeInTheDocument();
    expect(server.callsTo(`GET /locations/${NORTHSIDE.id}/settings`)).toHaveLength(0);
  });

  it("says so when the list can't be loaded, and tries again", async () => {
    const { user, server } = openPage();
    server.once("GET /locations", () => problem(403, "forbidden", "The locations can't be shown to you just now."));

    expect(await screen.findByRole("alert")).toHaveTextContent("The locations can't be shown to you just now.");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("list", { name: "Locations" })).toBeInTheDocument();
  });
});

describe("a location's page for the front desk", () => {
  it("says it is for managers and owners, asking nothing", async () => {
    const { server } = openPage(frontDesk, `/settings/locations/${NORTHSIDE.id}`);

    expect(await screen.findByText("Only managers and owners change a location's settings.")).toBeInTheDocument();
    expect(server.callsTo(`GET /locations/${NORTHSIDE.id}/settings`)).toHaveLength(0);
  });
});
