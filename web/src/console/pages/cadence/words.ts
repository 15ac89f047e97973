import type { CadenceChannel, CadenceStep } from "./queries";

// The cadence in the front desk's words: when a step goes out, what it is, and the text rules of a text message.

export const MINUTES_PER_DAY = 24 * 60;
/** The server's limit for the last step (CadenceTemplateEndpoints.LastOffset): 60 days after the lead came in. */
export const LAST_OFFSET = 60 * MINUTES_PER_DAY;
/** The server's limits on a step's wording (CadenceTemplateEndpoints). */
export const MAX_BODY: Record<CadenceChannel, number> = { sms: 1600, email: 20_000 };
export const MAX_SUBJECT = 300;

export const channelName: Record<CadenceChannel, string> = { sms: "Text", email: "Email" };


/** The day of the cadence a step goes out on, counted from the day the lead came in (day 0). */
export function dayOf(offsetMinutes: number): number {
  return Math.floor(offsetMinutes / MINUTES_PER_DAY);
}

/** A step as the timeline names it: "Day 0 · Text". */
export function stepTitle(step: Pick<CadenceStep, "offsetMinutes" | "channel">): string {
  return `Day ${dayOf(step.offsetMinutes)} · ${channelName[step.channel]}`;
}

const amount = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "2 hours", "1 hour 30 minutes", "45 minutes". */
function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? amount(hours, "hour") : "", rest ? amount(rest, "minute") : ""].filter(Boolean).join(" ");
}

/** When a step goes out after the lead came in: "at once", "after 2 hours", "day 3, same time", "day 3, 2 hours later". */
export function whenInWords(offsetMinutes: number): string {
  if (offsetMinutes <= 0) return "at once";
  const days = dayOf(offsetMinutes);
  const rest = offsetMinutes % MINUTES_PER_DAY;
  if (days === 0) return `after ${duration(rest)}`;
  return rest === 0 ? `day ${days}, same time` : `day ${days}, ${duration(rest)} later`;
}

/** When a step goes out, as a sentence for its editor. */
export function timingSentence(offsetMinutes: number): string {
  if (offsetMinutes <= 0) return "Goes out as soon as the lead comes in.";
  const days = dayOf(offsetMinutes);
  const rest = offsetMinutes % MINUTES_PER_DAY;
  if (days === 0) return `Goes out ${duration(rest)} after the lead comes in.`;
  return rest === 0
    ? `Goes out on day ${days}, at the time of day the lead came in.`
    : `Goes out on day ${days}, ${duration(rest)} later in the day than the lead came in.`;
}

/** An offset as the editor's three boxes. */
export function splitOffset(offsetMinutes: number): { days: string; hours: string; minutes: string } {
  return {
    days: String(dayOf(offsetMinutes)),
    hours: String(Math.floor((offsetMinutes % MINUTES_PER_DAY) / 60)),
    minutes: String(offsetMinutes % 60),
  };
}

/** The editor's three boxes as minutes, or null when one of them is not a whole number of zero or more (an empty box is 0). */
export function joinOffset(parts: { days: string; hours: string; minutes: string }): number | null {
  const values = [parts.days, parts.hours, parts.minutes].map((v) => (v.trim() === "" ? 0 : Number(v.trim())));
  if (values.some((v) => !Number.isInteger(v) || v < 0)) return null;
  const [days = 0, hours = 0, minutes = 0] = values;
  return days * MINUTES_PER_DAY + hours * 60 + minutes;
}

/** The line the timeline shows of a step: an email's subject, a text's first line of wording. */
export function firstLine(step: Pick<CadenceStep, "channel" | "subject" | "body">): string {
  if (step.channel === "email" && step.subject?.trim()) return step.subject.trim();
  return (
    step.body
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean) ?? ""
  );
}

/**
 * Typographic characters that make a text UCS-2 and have a plain GSM-7 twin. Sending already replaces the
 * common ones (SmsText.Normalize: ‘ ’ “ ” – — … and non-breaking spaces), so the preview, which shows the text
 * as sent, only ever names the rest; the one-click fix replaces both kinds in the wording itself.
 */
const plain: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u2032": "'",
  "\u2039": "'",
  "\u203A": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u201F": '"',
  "\u2033": '"',
  "\u00AB": '"',
  "\u00BB": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u00A0": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u202F": " ",
  "\u2022": "*",
  "\u200B": "",
};

/** Whether a character the preview names has a plain twin the editor can put in its place. */
export function hasPlainTwin(character: string): boolean {
  return character in plain;
}

/** The wording with every typographic character that has a plain twin replaced by it. */
export function replaceTypography(text: string): string {
  let out = "";
  for (const c of text) out += plain[c] ?? c;
  return out;
}

/** A character as the warning names it: itself, or its code point when it cannot be seen (a space, a control). */
export function characterName(character: string): string {
  const points = [...character];
  if (points.length === 1 && /[\p{Z}\p{C}]/u.test(character)) {
    return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return character;
}

/** “a”, “a” and “b”, “a”, “b” and “c”. */
export function quotedList(items: readonly string[]): string {
  const quoted = items.map((i) => `“${characterName(i)}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/** What the server says of a field, for people: its machine prefix ("too_long: …") left off. */
export function humanMessage(message: string): string {
  const text = message.replace(/^[a-z]+(?:_[a-z]+)*: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What leaving with unsaved edits loses: "Your changes to step 3 will be lost." (steps in order). */
export function lostChanges(steps: readonly number[]): string {
  const names = [...steps].sort((a, b) => a - b).map(String);
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `Your changes to ${names.length === 1 ? "step" : "steps"} ${list} will be lost.`;
}
