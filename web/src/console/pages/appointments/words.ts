import type { StaffAppointment } from "../../api/types";

// An appointment in words, the same on the appointments page and on a lead's page.

export const appointmentStatusName: Record<StaffAppointment["status"], string> = {
  booked: "Booked",
  rescheduled: "Rescheduled",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "No-show",
};

/** Whether ShopMonkey has the appointment; null when there is nothing to say (no write-back was wanted). */
export function shopMonkeySync(a: StaffAppointment): string | null {
  switch (a.syncState) {
    case "synced":
      return "In ShopMonkey";
    case "pending":
    case "syncing":
      return "Being added to ShopMonkey";
    case "failed":
      return `Not in ShopMonkey: ${a.syncError ?? "the write-back failed"}`;
    default:
      return null;
  }
}
