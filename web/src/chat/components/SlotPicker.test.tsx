import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Appointment, ServiceSummary } from "../types";
import { FakeServer, json, problem } from "../test/fakeServer";
import { appointment, BOOKABLE_UNTIL, detail, SHOP_TODAY, slot, slotsView, tint } from "../test/fixtures";
import { SlotPicker } from "./SlotPicker";

// Tue Nov 24 … Mon Nov 30: free times on Wednesday and Saturday only.
const firstWeek = [slot("2026-11-25T09:00:00"), slot("2026-11-25T13:30:00"), slot("2026-11-28T09:00:00"), slot("2026-11-28T10:00:00")];
const secondWeek = [slot("2026-12-02T08:00:00"), slot("2026-12-05T11:15:00")];

function serverWithSlots() {
  return new FakeServer().on("GET /slots", (call) => {
    const from = call.query.get("from")!;
    const to = call.query.get("to")!;
    const service = call.query.get("serviceId") === detail.id ? detail : tint;
    return json(slotsView(service, [...firstWeek, ...secondWeek].filter((s) => s.local.slice(0, 10) >= from && s.local.slice(0, 10) <= to)));
  });
}

function renderPicker(server: FakeServer, props: { moving?: Appointment | null; serviceId?: string | null; services?: ServiceSummary[]; day?: string | null } = {}) {
  const onDone = vi.fn<(a: Appointment | null) => void>();
  const onClose = vi.fn();
  const onExpired = vi.fn();
  render(
    <SlotPicker
      api={server.api()}
      services={props.services ?? [tint, detail]}
      serviceId={props.serviceId === undefined ? tint.id : props.serviceId}
      day={props.day ?? null}
      today={SHOP_TODAY}
      lastDay={BOOKABLE_UNTIL}
      moving={props.moving ?? null}
      onDone={onDone}
      onClose={onClose}
      onExpired={onExpired}
    />,
  );
  return { onDone, onClose, onExpired, user: userEvent.setup() };
}

const dayGroup = () => screen.getByRole("group", { name: "Day" });
const dayRadios = () => within(dayGroup()).getAllByRole("radio");
const timeGroup = () => screen.getByRole("group", { name: /^Times on / });
const timeNames = () => within(timeGroup()).getAllByRole("radio").map((r) => r.closest("label")!.textContent);

describe("SlotPicker", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("starts on the day the assistant offered: that day chosen in the first week, or a window from it when later", async () => {
    const server = serverWithSlots();
    renderPicker(server, { day: "2026-11-28" });
    expect(await screen.findByRole("group", { name: "Times on Saturday, November 28" })).toBeInTheDocument();
    expect(Object.fromEntries(server.callsTo("GET /slots")[0]!.query)).toMatchObject({ from: "2026-11-24", to: "2026-11-30" });
  });

  it("opens a week from the offered day when it lies beyond the first week", async () => {
    const server = serverWithSlots();
    renderPicker(server, { day: "2026-12-05" });
    expect(await screen.findByRole("group", { name: "Times on Saturday, December 5" })).toBeInTheDocument();
    expect(Object.fromEntries(server.callsTo("GET /slots")[0]!.query)).toMatchObject({ from: "2026-12-05", to: BOOKABLE_UNTIL });
    expect(timeNames()).toEqual(["11:15 AM"]);
  });

  it("loads a week of free times from today for the chosen service and opens on the first day with times", async () => {
    const server = serverWithSlots();
    renderPicker(server);
    expect(screen.getByRole("heading", { name: "Pick a time" })).toHaveFocus();
    expect(screen.getByRole("status")).toHaveTextContent("Looking up free times…");

    expect(await screen.findByRole("group", { name: "Times on Wednesday, November 25" })).toBeInTheDocument();
    const [call] = server.callsTo("GET /slots");
    expect(Object.fromEntries(call!.query)).toEqual({ serviceId: tint.id, from: "2026-11-24", to: "2026-11-30" });
    expect(screen.getByRole("combobox", { name: "Service" })).toHaveValue(tint.id);
    expect(screen.getByText("$349 · about 3 h")).toBeInTheDocument();

    const days = dayRadios();
    expect(days).toHaveLength(7);
    expect(days.map((d) => d.closest("label")!.textContent)).toEqual([
      "TueNov 24, no free times",
      "WedNov 25, 2 free times",
      "ThuNov 26, no free times",
      "FriNov 27, no free times",
      "SatNov 28, 2 free times",
      "SunNov 29, no free times",
      "MonNov 30, no free times",
    ]);
    expect(days.map((d) => (d as HTMLInputElement).disabled)).toEqual([true, false, true, true, false, true, true]);
    expect(screen.getByRole("radio", { name: /Wed.*Nov 25/ })).toBeChecked();
    expect(timeNames()).toEqual(["9:00 AM", "1:30 PM"]);
    expect(screen.getByRole("button", { name: "Choose a time" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "← Earlier days" })).toBeDisabled();
  });

  it("opens on the service it was given, and loads again when the service changes", async () => {
    const server = serverWithSlots();
    const { user } = renderPicker(server, { serviceId: detail.id });
    await screen.findByRole("group", { name: /^Times on / });
    expect(screen.getByRole("combobox", { name: "Service" })).toHaveValue(detail.id);
    expect(screen.getByText("$199 · about 45 min")).toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: "Service" }), "Ceramic Window Tint — $349");
    await waitFor(() => expect(server.callsTo("GET /slots").map((c) => c.query.get("serviceId"))).toEqual([detail.id, tint.id]));
  });

  it("shows the times of the day the customer picks, in the shop's wall clock", async () => {
    const server = serverWithSlots();
    const { user } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });
    await user.click(screen.getByRole("radio", { name: /Sat.*Nov 28/ }));
    expect(screen.getByRole("group", { name: "Times on Saturday, November 28" })).toBeInTheDocument();
    expect(timeNames()).toEqual(["9:00 AM", "10:00 AM"]);
  });

  it("labels times by the shop's clock whatever the phone's time zone", async () => {
    vi.stubEnv("TZ", "Asia/Tokyo");
    // 9:00 AM in Chicago is 15:00 UTC, which is midnight in Tokyo: the labels must not follow the phone.
    expect(new Date(slot("2026-11-28T09:00:00").start).getHours()).toBe(0);
    const server = serverWithSlots();
    const { user } = renderPicker(server);
    await screen.findByRole("group", { name: "Times on Wednesday, November 25" });
    await user.click(screen.getByRole("radio", { name: /Sat.*Nov 28/ }));
    expect(timeNames()).toEqual(["9:00 AM", "10:00 AM"]);
    await user.click(screen.getByRole("radio", { name: "9:00 AM" }));
    expect(screen.getByRole("button", { name: "Book Saturday, November 28 at 9:00 AM" })).toBeEnabled();
  });

  it("books the chosen time and hands back the appointment", async () => {
    const booked = appointment();
    const server = serverWithSlots().on("POST /appointments", () => json(booked, 201));
    const { user, onDone } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });
    await user.click(screen.getByRole("radio", { name: /Sat.*Nov 28/ }));
    await user.click(screen.getByRole("radio", { name: "9:00 AM" }));
    expect(screen.getByRole("radio", { name: "9:00 AM" })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Book Saturday, November 28 at 9:00 AM" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(booked));
    expect(server.callsTo("POST /appointments").map((c) => c.body)).toEqual([{ serviceId: tint.id, start: "2026-11-28T15:00:00Z" }]);
  });

  it("says so when someone just took the time, and loads the free times again", async () => {
    const server = serverWithSlots().once("POST /appointments", () => problem(409, "slot_taken", "That time is no longer free."));
    const { user, onDone } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });
    await user.click(screen.getByRole("radio", { name: "1:30 PM" }));
    await user.click(screen.getByRole("button", { name: "Book Wednesday, November 25 at 1:30 PM" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Sorry, someone just took that time. Please pick another.");
    await waitFor(() => expect(server.callsTo("GET /slots")).toHaveLength(2));
    expect(screen.getByRole("button", { name: "Choose a time" })).toBeDisabled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it("hands back no appointment when the customer turned out to have one already", async () => {
    const server = serverWithSlots().on("POST /appointments", () => problem(409, "already_booked", "You already have an appointment."));
    const { user, onDone } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });
    await user.click(screen.getByRole("radio", { name: "9:00 AM" }));
    await user.click(screen.getByRole("button", { name: /^Book / }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(null));
  });

  it("shows the server's reason, or a connection message, when booking fails otherwise", async () => {
    const server = serverWithSlots()
      .once("POST /appointments", () => problem(400, "outside_hours", "That time is outside the shop's hours."))
      .once("POST /appointments", () => Promise.reject(new TypeError("Failed to fetch")));
    const { user } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });
    await user.click(screen.getByRole("radio", { name: "9:00 AM" }));
    await user.click(screen.getByRole("button", { name: /^Book / }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That time is outside the shop's hours.");
    await user.click(screen.getByRole("button", { name: /^Book / }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Connection lost. Check your connection and try again."));
  });

  it("moves a week at a time, up to the last bookable day", async () => {
    const server = serverWithSlots();
    const { user } = renderPicker(server);
    await screen.findByRole("group", { name: /^Times on / });

    await user.click(screen.getByRole("button", { name: "Later days →" }));
    await screen.findByRole("group", { name: "Times on Wednesday, December 2" });
    expect(Object.fromEntries(server.callsTo("GET /slots")[1]!.query)).toMatchObject({ from: "2026-12-01", to: "2026-12-07" });
    expect(dayRadios()).toHaveLength(7);
    expect(screen.getByRole("radio", { name: /Tue.*Dec 1,/ })).toBeDisabled();
    expect(screen.getByRole("button", { name: "← Earlier days" })).toBeEnabled();

    // Only Dec 8 is left before bookableUntil.
    await user.click(screen.getByRole("button", { name: "Later days →" }));
    await screen.findByText("No free times these days. Try later days, or call the shop.");
    expect(Object.fromEntries(server.callsTo("GET /slots")[2]!.query)).toMatchObject({ from: "2026-12-08", to: BOOKABLE_UNTIL });
    expect(dayRadios().map((d) => d.closest("label")!.textContent)).toEqual(["TueDec 8, no free times"]);
    expect(screen.getByRole("button", { name: "Later days →" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "← Earlier days" }));
    await screen.findByRole("group", { name: "Times on Wednesday, December 2" });
    expect(Object.fromEntries(server.callsTo("GET /slots")[3]!.query)).toMatchObject({ from: "2026-12-01", to: "2026-12-07" });
  });

  it("moves an appointment instead of booking a new one", async () => {
    const moving = appointment({ serviceId: detail.id });
    const moved = appointment({ serviceId: detail.id, status: "rescheduled", local: "2026-11-25T09:00:00", start: "2026-11-25T15:00:00Z" });
    const server = serverWithSlots().on(`POST /appointments/${moving.id}/reschedule`, () => json(moved));
    const { user, onDone } = renderPicker(server, { moving, serviceId: tint.id });
    expect(screen.getByRole("heading", { name: "Pick a new time" })).toBeInTheDocument();
    await screen.findByRole("group", { name: /^Times on / });
    expect(server.callsTo("GET /slots")[0]!.query.get("serviceId")).toBe(detail.id);
    expect(screen.queryByRole("combobox", { name: "Service" })).not.toBeInTheDocument();
    expect(screen.getByText("Full Interior Detail")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "9:00 AM" }));
    await user.click(screen.getByRole("button", { name: "Move to Wednesday, November 25 at 9:00 AM" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(moved));
    expect(server.callsTo(`POST /appointments/${moving.id}/reschedule`).map((c) => c.body)).toEqual([{ start: "2026-11-25T15:00:00Z" }]);
    expect(server.callsTo("POST /appointments")).toHaveLength(0);
  });

  it("offers to try again when the free times do not load", async () => {
    const server = serverWithSlots().once("GET /slots", () => Promise.reject(new TypeError("Failed to fetch")));
    const { user } = renderPicker(server);
    expect(await screen.findByRole("alert")).toHaveTextContent("We couldn't load the free times. Check your connection and try again.");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("group", { name: "Times on Wednesday, November 25" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(server.callsTo("GET /slots")).toHaveLength(2);
  });

  it("shows the server's reason when it refuses the free times", async () => {
    const server = serverWithSlots().once("GET /slots", () => problem(400, "bad_range", "That range is too long."));
    renderPicker(server);
    expect(await screen.findByRole("alert")).toHaveTextContent("That range is too long.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("reports an expired link", async () => {
    const server = serverWithSlots().once("GET /slots", () => problem(401, null, "The link has expired."));
    const { onExpired } = renderPicker(server);
    await waitFor(() => expect(onExpired).toHaveBeenCalledTimes(1));
  });

  it("closes", async () => {
    const { user, onClose } = renderPicker(serverWithSlots());
    await screen.findByRole("group", { name: /^Times on / });
    // "Close" plus " the time picker" for screen readers (jsdom's name computation drops the space).
    await user.click(screen.getByRole("button", { name: /^Close ?the time picker$/ }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("says to call when the shop has nothing bookable", async () => {
    const server = new FakeServer();
    const { user, onClose } = renderPicker(server, { services: [], serviceId: null });
    expect(screen.getByText("Online booking isn't available for this shop. Please call to book.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalled();
    expect(server.calls).toHaveLength(0);
  });
});
