// Dates and times as the shop's wall clock shows them. The API sends local times ("2026-11-28T09:00:00")
// in the shop's zone; they are formatted as given, never converted to the phone's zone.

function parts(local: string) {
  const [date = "", time = "00:00"] = local.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0));
}

const utc = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
const weekday = utc({ weekday: "short" });
const monthDay = utc({ month: "short", day: "numeric" });
const long = utc({ weekday: "long", month: "long", day: "numeric" });
const clock = utc({ hour: "numeric", minute: "2-digit", hour12: true });

/** "2026-11-28" of a local date-time. */
export const dayOf = (local: string) => local.slice(0, 10);

/** "Sat" and "Nov 28". */
export function dayLabel(day: string) {
  const date = parts(day);
  return { weekday: weekday.format(date), date: monthDay.format(date) };
}

/** "9:00 AM". */
export const timeLabel = (local: string) => clock.format(parts(local));

/** "Saturday, November 28 at 9:00 AM". */
export const longLabel = (local: string) => `${long.format(parts(local))} at ${timeLabel(local)}`;

/** "Saturday, November 28". */
export const longDay = (day: string) => long.format(parts(day));

/** A yyyy-MM-dd date moved by whole days. */
export function addDays(day: string, days: number) {
  const date = parts(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "about 3 h", "about 45 min". */
export function duration(minutes: number) {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
