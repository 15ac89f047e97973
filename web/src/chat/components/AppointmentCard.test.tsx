import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { appointment, location } from "../test/fixtures";
import { AppointmentCard } from "./AppointmentCard";

const CAL = "/api/chat/lead/appointments/c0ffee00/calendar.ics?access_token=tok";

function renderCard(overrides: { onCancel?: () => Promise<void>; focusOnShow?: boolean } = {}) {
  const onReschedule = vi.fn();
  const onCancel = vi.fn(overrides.onCancel ?? (() => Promise.resolve()));
  render(
    <AppointmentCard
      appointment={appointment()}
      serviceName="Ceramic Window Tint"
      location={location}
      calendarUrl={CAL}
      focusOnShow={overrides.focusOnShow ?? false}
      onReschedule={onReschedule}
      onCancel={onCancel}
    />,
  );
  return { onReschedule, onCancel, card: screen.getByRole("region", { name: "You're booked" }) };
}

describe("AppointmentCard", () => {
  it("shows the service, the shop's wall-clock time, the address and the calendar link", () => {
    const { card } = renderCard();
    expect(within(card).getByText("Ceramic Window Tint")).toBeInTheDocument();
    expect(within(card).getByText("Saturday, November 28 at 9:00 AM")).toBeInTheDocument();
    expect(within(card).getByText(`${location.name}, ${location.address}`)).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Add to calendar" })).toHaveAttribute("href", CAL);
    expect(within(card).getByRole("button", { name: "Reschedule" })).toBeEnabled();
    expect(within(card).getByRole("button", { name: "Cancel" })).toBeEnabled();
  });

  it("moves the focus to the card when it was just booked", () => {
    renderCard({ focusOnShow: true });
    expect(screen.getByRole("heading", { name: "You're booked" })).toHaveFocus();
  });

  it("leaves the focus alone otherwise", () => {
    renderCard();
    expect(screen.getByRole("heading", { name: "You're booked" })).not.toHaveFocus();
  });

  it("Reschedule asks for a new time", async () => {
    const { onReschedule } = renderCard();
    await userEvent.click(screen.getByRole("button", { name: "Reschedule" }));
    expect(onReschedule).toHaveBeenCalledTimes(1);
  });

  it("Cancel asks first; Keep it backs out without cancelling", async () => {
    const user = userEvent.setup();
    const { onCancel } = renderCard();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    const confirm = screen.getByRole("group", { name: "Cancel the appointment?" });
    expect(confirm).toHaveTextContent("Cancel your appointment on Saturday, November 28 at 9:00 AM?");
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
    await user.click(within(confirm).getByRole("button", { name: "Keep it" }));
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.queryByRole("group", { name: "Cancel the appointment?" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
  });

  it('"Yes, cancel it" cancels, showing progress while it runs', async () => {
    const user = userEvent.setup();
    let finish!: () => void;
    const { onCancel } = renderCard({ onCancel: () => new Promise<void>((resolve) => (finish = resolve)) });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(screen.getByRole("button", { name: "Yes, cancel it" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Cancelling…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Keep it" })).toBeDisabled();
    finish();
    expect(await screen.findByRole("button", { name: "Cancel" })).toBeEnabled();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says so when cancelling fails", async () => {
    const user = userEvent.setup();
    renderCard({ onCancel: () => Promise.reject(new Error("offline")) });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(screen.getByRole("button", { name: "Yes, cancel it" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("We couldn't cancel it just now. Please try again, or call the shop.");
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
  });
});
