import type { StaffAppointment } from "../../api/types";
import { clockTime, localParts, shortDayName } from "./agendaTime";
import type { AgendaItem } from "./queries";
import { agendaStatusName, shopMonkeyBadge } from "./words";

/** "9:00 am–12:00 pm" (with the end's day when it ends on another). */
export function timeRange(item: AgendaItem): string {
  const start = localParts(item.appointment.local);
  const end = localParts(item.localEnd);
  return `${clockTime(start.minutes)}–${end.day === start.day ? "" : `${shortDayName(end.day)} `}${clockTime(end.minutes)}`;
}

export const customerName = (a: StaffAppointment) => a.customer?.trim() || "Unknown customer";

/** The write-back in the words of a block's name: "in ShopMonkey", "sending to ShopMonkey", "not in ShopMonkey". */
function syncForName(a: StaffAppointment): string | null {
  switch (a.syncState) {
    case "synced":
      return "in ShopMonkey";
    case "pending":
    case "syncing":
      return "sending to ShopMonkey";
    case "failed":
      return "not in ShopMonkey";
    default:
      return null;
  }
}

/** A block's accessible name: "9:00 am–12:00 pm, Ann Lee, Ceramic tint, booked, in ShopMonkey". */
export function blockName(item: AgendaItem): string {
  const a = item.appointment;
  return [timeRange(item), customerName(a), a.service, agendaStatusName[a.status].toLowerCase(), syncForName(a)].filter(Boolean).join(", ");
}

export function StatusChip({ appointment }: { appointment: StaffAppointment }) {
  return <span className={`chip appt-chip appt-chip-${appointment.status}`}>{agendaStatusName[appointment.status]}</span>;
}

/** ✓ when ShopMonkey has it, "Sending to ShopMonkey…" while it goes, "Not in ShopMonkey" (the error on hover) when it failed. */
export function SyncBadge({ appointment }: { appointment: StaffAppointment }) {
  const words = shopMonkeyBadge(appointment);
  if (!words) return null;
  if (appointment.syncState === "synced")
    return (
      <span className="sync-badge sync-badge-synced" title={words}>
        <span aria-hidden="true">✓</span>
        <span className="sr-only">{words}</span>
      </span>
    );
  return (
    <span
      className={`sync-badge sync-badge-${appointment.syncState}`}
      title={appointment.syncState === "failed" ? (appointment.syncError ?? "The write-back failed") : undefined}
    >
      {words}
    </span>
  );
}
