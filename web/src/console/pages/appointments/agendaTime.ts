// The agenda's days and times. The shop's days are plain dates (YYYY-MM-DD) and its times wall-clock
// times without a zone (an appointment's `local`, "2026-11-28T09:00:00"): they are read as the text they
// are and never go through this device's time zone, so a tablet set to another zone still shows the shop's.

/** A day as the address and the API write it. */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day, when `value` is a real one (2026-02-30 is not); else null. */
export function validDay(value: string | null | undefined): Day | null {
  if (!value || !DAY.test(value)) return null;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

/** Noon UTC of the day: a Date to format with timeZone "UTC", away from any midnight. */
const noon = (day: Day) => new Date(`${day}T12:00:00Z`);

export function addDays(day: Day, n: number): Day {
  const date = noon(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the day's week (weeks run Monday to Sunday). */
export function mondayOf(day: Day): Day {
  return addDays(day, -((noon(day).getUTCDay() + 6) % 7));
}

/** Today at the shop, by the server's `now`; this device's day if the zone is unknown. */
export function todayIn(timeZone: string | null | undefined, now: number): Day {
  try {
    if (timeZone) return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    // An unknown zone: this device's day below.
  }
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** A wall-clock time of the shop ("2026-11-28T09:00:00"): its day and the minutes since that day's midnight. */
export function localParts(local: string): { day: Day; minutes: number } {
  return { day: local.slice(0, 10), minutes: Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)) };
}

/** "HH:mm:ss" (opening hours) as minutes since midnight. */
export function timeMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Minutes since midnight as the shop's booking page writes times: "9:00 am", "12:30 pm". */
export function clockTime(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  const h = Math.floor(m / 60);
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m % 60).padStart(2, "0")} ${h < 12 ? "am" : "pm"}`;
}

/** An hour of the time axis: "9 am", "12 pm". */
export function hourLabel(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  return `${h % 12 === 0 ? 12 : h % 12} ${h < 12 ? "am" : "pm"}`;
}

/** A length of time: "45 min", "3 h", "1 h 30 min". */
export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

const longDay = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });
const shortDayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
const rangeFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "Saturday, November 28, 2026". */
export function dayInWords(day: Day): string {
  return longDay.format(noon(day));
}

/** "Sat, Nov 28". */
export function shortDayName(day: Day): string {
  return shortDayFormat.format(noon(day));
}

/** "Nov 23 – 29, 2026". */
export function rangeInWords(first: Day, last: Day): string {
  return rangeFormat.formatRange(noon(first), noon(last));
}
