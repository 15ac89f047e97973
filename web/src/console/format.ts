// How the console writes times, durations and money. The tablet is in the shop, so its time zone is the
// shop's; its clock may be off, though, so anything relative to now takes the server's now (useServerNow).

/** How long something has waited by `now` (the server's): "under a minute", "12 min", "2 h 5 min", "3 d". */
export function waitedFor(since: string, now: number): string {
  const minutes = Math.floor((now - new Date(since).getTime()) / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
const dayOnly = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const weekdayDayAndTime = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
const weekdayAndTime = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });
const weekdayDayYearAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});
const fullDayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

/** How long ago something happened by `now` (the server's): "just now", "5 min ago", "3 d ago". */
export function ago(at: string, now: number): string {
  const waited = waitedFor(at, now);
  return waited === "under a minute" ? "just now" : `${waited} ago`;
}

/** A message's time: the time alone today (by `now`, the server's), with the day otherwise. */
export function messageTime(at: string, now: number): string {
  const date = new Date(at);
  return date.toDateString() === new Date(now).toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
}

/** When something opens again, within the week: "Tue 8:00 AM". */
export function opensAt(at: string): string {
  return weekdayAndTime.format(new Date(at));
}

/** A day, as the shop says it: "Nov 24". */
export function shortDay(at: string): string {
  return dayOnly.format(new Date(at));
}

/**
 * When something happened or is due, in full but short: "Tue, Nov 24, 10:01 AM". An appointment's `local`
 * (the shop's wall-clock time without a zone) is read as such, so it prints as the shop sees it.
 */
export function shopTime(at: string): string {
  return weekdayDayAndTime.format(new Date(at));
}

/**
 * When a change was made, for the activity log: as shopTime, with the year when it is not this year's by
 * `now` (the server's): "Tue, Dec 3, 9:41 AM", "Mon, Dec 2, 2024, 4:10 PM".
 */
export function logTime(at: string, now: number): string {
  const date = new Date(at);
  return date.getFullYear() === new Date(now).getFullYear() ? weekdayDayAndTime.format(date) : weekdayDayYearAndTime.format(date);
}

/** The whole moment, to the second and with the zone, for a tooltip: "Tuesday, December 3, 2024 at 9:41:07 AM CST". */
export function fullTime(at: string): string {
  return fullDayAndTime.format(new Date(at));
}

/** A phone number to read out or copy by eye: a North American E.164 as "(512) 555-0199", any other as it is. */
export function phoneForReading(phone: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : phone;
}

/**
 * An assistant answer's cost: fractions of a cent matter here, so small amounts keep four decimals. A
 * decimal the API sends as a string (JSON numbers-as-strings) is shown as the number it is.
 */
export function cost(usd: number | string): string {
  const n = Number(usd);
  return n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
