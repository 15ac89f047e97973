// Dates and times as the shop's wall clock shows them. The API sends local times ("2026-11-28T09:00:00")
// in the shop's zone; they are formatted as given, never converted to the phone's zone.
import type { Language } from "./i18n";

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

// Spanish written out rather than taken from Intl's es data: ICU data differ between browsers and
// phones, and these must read the same as the server's texts (ShopText.cs: "sáb 28 nov, 9:00 am").
const ES_DAYS = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];
const ES_DAYS_SHORT = ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"];
const ES_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const ES_MONTHS_SHORT = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

/** "Sat" and "Nov 28"; "sáb" and "28 nov". */
export function dayLabel(day: string, language: Language = "en") {
  const date = parts(day);
  if (language === "es")
    return { weekday: ES_DAYS_SHORT[date.getUTCDay()]!, date: `${date.getUTCDate()} ${ES_MONTHS_SHORT[date.getUTCMonth()]!}` };
  return { weekday: weekday.format(date), date: monthDay.format(date) };
}

/** "9:00 AM"; "9:00 am" (as the server writes Spanish times). */
export function timeLabel(local: string, language: Language = "en") {
  const date = parts(local);
  if (language !== "es") return clock.format(date);
  const h = date.getUTCHours();
  return `${h % 12 || 12}:${String(date.getUTCMinutes()).padStart(2, "0")} ${h < 12 ? "am" : "pm"}`;
}

/** "Saturday, November 28 at 9:00 AM"; "sábado 28 de noviembre a las 9:00 am" ("a la 1:00 pm"). */
export function longLabel(local: string, language: Language = "en") {
  if (language !== "es") return `${long.format(parts(local))} at ${timeLabel(local)}`;
  const one = parts(local).getUTCHours() % 12 === 1;
  return `${longDay(local, "es")} ${one ? "a la" : "a las"} ${timeLabel(local, "es")}`;
}

/** "Saturday, November 28"; "sábado 28 de noviembre". */
export function longDay(day: string, language: Language = "en") {
  const date = parts(day);
  if (language !== "es") return long.format(date);
  return `${ES_DAYS[date.getUTCDay()]!} ${date.getUTCDate()} de ${ES_MONTHS[date.getUTCMonth()]!}`;
}

/** A label on a line of its own: Spanish day names are lower case mid-sentence, not at a line's start. */
export const standalone = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

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
