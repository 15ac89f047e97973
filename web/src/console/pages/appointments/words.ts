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

/** The agenda's status chip: short, as it fits on a block. */
export const agendaStatusName: Record<StaffAppointment["status"], string> = {
  booked: "Booked",
  rescheduled: "Moved",
  cancelled: "Cancelled",
  completed: "Done",
  no_show: "No-show",
};

/** The agenda's write-back badge, in a few words; null when no write-back was wanted. */
export function shopMonkeyBadge(a: StaffAppointment): string | null {
  switch (a.syncState) {
    case "synced":
      return "In ShopMonkey";
    case "pending":
    case "syncing":
      return "Sending to ShopMonkey…";
    case "failed":
      return "Not in ShopMonkey";
    default:
      return null;
  }
}
