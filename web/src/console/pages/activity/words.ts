import type { AuditActorType, AuditView } from "../../api/types";
import { shopTime } from "../../format";
import { appointmentStatusName } from "../appointments/words";
import { reasonInWords } from "../leads/words";

// The activity log in the shop's words: who, what and a short line of what changed. The codes are the
// server's (AuditActions.cs); one this console does not know yet shows as it is.

/** What happened, by the server's action code. */
export const actionName: Record<string, string> = {
  "staff.signed_in": "Signed in",
  "staff.sign_in_failed": "Failed sign-in",
  "conversation.replied": "Replied",
  "conversation.noted": "Added a note",
  "conversation.taken_over": "Took the conversation over",
  "conversation.released": "Handed back to the assistant",
  "conversation.done": "Marked done",
  "conversation.reopened": "Reopened",
  "conversation.assigned": "Assigned",
  "handoff.raised": "Asked for a person",
  "assistant.price_guard_replaced": "Price check replaced an answer",
  "cadence.paused": "Paused follow-ups",
  "cadence.resumed": "Resumed follow-ups",
  "cadence.stopped": "Stopped follow-ups",
  "cadence_step.changed": "Changed a follow-up's wording",
  "lead.language_changed": "Changed the customer's language",
  "appointment.booked": "Booked",
  "appointment.moved": "Moved an appointment",
  "appointment.cancelled": "Cancelled an appointment",
  "appointment.outcome": "Recorded how an appointment went",
  "appointment.sync_retried": "Retried the ShopMonkey write-back",
  "consent.opted_out": "Opted out",
  "consent.opted_in": "Opted back in",
  "saved_reply.created": "Added a saved reply",
  "saved_reply.changed": "Changed a saved reply",
  "saved_reply.deleted": "Deleted a saved reply",
  "user.role_changed": "Changed a colleague's role",
  "user.deactivated": "Switched a colleague off",
  "user.reactivated": "Switched a colleague on",
  "user.location_added": "Gave a colleague a location",
  "user.location_removed": "Took a location from a colleague",
  "user.password_changed": "Changed their password",
  "user.notifications_changed": "Changed notification settings",
  "integration.shopmonkey_connected": "Connected ShopMonkey",
  "integration.webhook_secret_rotated": "Made a new ShopMonkey webhook secret",
};

/** An action in words; an unknown one as its code. */
export const actionWords = (action: string): string => actionName[action] ?? action;

/** The Who filter's choices, by actor type (the platform's operator aside: the shop does not pick it). */
export const whoChoices: readonly { value: AuditActorType; label: string }[] = [
  { value: "staff", label: "A colleague" },
  { value: "assistant", label: "The assistant" },
  { value: "customer", label: "Customers" },
  { value: "system", label: "Automatic" },
  { value: "provider", label: "Messaging provider" },
];

const actorTypes: readonly AuditActorType[] = ["staff", "operator", "system", "assistant", "customer", "provider"];

export function isActorType(value: string | null): value is AuditActorType {
  return (actorTypes as readonly string[]).includes(value ?? "");
}

/** The What filter's choices: a subject's actions, by the prefix the API reads ("appointment."). */
export const whatChoices: readonly { value: string; label: string }[] = [
  { value: "conversation.", label: "Conversations" },
  { value: "cadence.", label: "Follow-ups" },
  { value: "appointment.", label: "Appointments" },
  { value: "consent.", label: "Opt-outs" },
  { value: "user.", label: "Colleagues" },
  { value: "staff.", label: "Sign-ins" },
  { value: "saved_reply.", label: "Saved replies" },
  { value: "cadence_step.", label: "Follow-up wording" },
  { value: "handoff.", label: "Handoffs" },
  { value: "lead.", label: "Customer's language" },
  { value: "integration.", label: "ShopMonkey connection" },
];

const actorName: Record<AuditActorType, string> = {
  staff: "A colleague",
  operator: "Operator",
  system: "Automatic",
  assistant: "Assistant",
  customer: "Customer",
  // Twilio or SendGrid: the record does not say which.
  provider: "Messaging provider",
};

/** Who made the change: the colleague by name; for a failed sign-in, whoever typed the password ("Someone"). */
export function actorWords(entry: Pick<AuditView, "actorType" | "actorName" | "action">): string {
  if (entry.actorType === "staff") {
    if (entry.actorName) return entry.actorName;
    if (entry.action === "staff.sign_in_failed") return "Someone";
  }
  return actorName[entry.actorType] ?? entry.actorType;
}

/** Names the log refers to by id, from the lists the page has (null: not known to this colleague). */
export interface Names {
  colleague(id: string): string | undefined;
  location(id: string): string | undefined;
}

const roleName: Record<string, string> = { owner: "Owner", manager: "Manager", front_desk: "Front desk" };
const cadenceStatusName: Record<string, string> = { none: "None", active: "Running", paused: "Paused", stopped: "Stopped", completed: "Completed" };
const codeName: Record<string, string> = { ...cadenceStatusName, ...appointmentStatusName, ...roleName };

const replyChannel: Record<string, string> = { web: "In the web chat", sms: "By text", email: "By email" };
const consentChannel: Record<string, string> = { sms: "Texts", email: "Emails" };
const consentSource: Record<string, string> = {
  sms_keyword: "By texting a keyword",
  unsubscribe_link: "With the unsubscribe link",
  provider_opt_out: "Through the messaging provider",
  spam_report: "Marked an email as spam",
  hard_bounce: "The email bounced",
  staff: "By staff",
};
const notificationName: Record<string, string> = {
  handoffEmail: "Handoff emails",
  handoffSms: "Handoff texts",
  appointmentEmail: "Appointment emails",
  appointmentSms: "Appointment texts",
};
const stepFieldName: Record<string, string> = { body: "wording", subject: "email subject", offsetMinutes: "timing" };
const languageWords: Record<string, string> = { en: "English", es: "Spanish" };
/** Who chose a lead's language, as the record's `source` says; detected has its own sentence. */
const languageSourceWords: Record<string, string> = { staff: "by staff", shop_monkey: "from ShopMonkey", default: "by default" };

const isGuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const isInstant = (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s));
const text = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
/** A `[before, after]` pair, as the log records a setting's change. */
const pair = (v: unknown): [unknown, unknown] | null => (Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : null);
const quoted = (v: unknown) => `“${String(v)}”`;

/** A code as words ("front_desk" → "front desk"), capitalised. */
function codeWords(code: string): string {
  const words = code.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One value of a before-and-after, in words: a time as the shop writes it, a colleague or location by name, a state by its word. */
function valueWords(value: unknown, names: Names): string {
  if (value === null || value === undefined || value === "") return "nothing";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return JSON.stringify(value);
  if (isInstant(value)) return shopTime(value);
  if (isGuid(value)) return names.colleague(value) ?? names.location(value) ?? "someone";
  return codeName[value] ?? codeWords(value);
}

function fromTo(details: Record<string, unknown>, names: Names): string | null {
  if (!("from" in details) && !("to" in details)) return null;
  return `From ${valueWords(details.from, names)} to ${valueWords(details.to, names)}`;
}

/** Why a conversation needs a person, as the inbox says it (ConversationInbox.NeedsStaffWords); null when it is just that. */
function handoffWords(reason: string | null): string | null {
  switch (reason) {
    case null:
    case "customer asked":
    case "human":
      return null;
    case "assistant_unavailable":
      return "No assistant could answer";
    case "reschedule":
      return "Wants to move their appointment";
    case "cancel":
      return "Wants to cancel their appointment";
    default:
      return reason;
  }
}

/** A list in a sentence: "wording, email subject and timing". */
function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * What changed, in a short line where the record says it plainly ("From Front desk to Manager", "By text",
 * "Stopped by staff"); null where it has nothing a person reads (ids only). Everything recorded is under it.
 */
export function detailWords(entry: AuditView, names: Names): string | null {
  const d = entry.details ?? {};
  const subject = entry.subjectId ? names.colleague(entry.subjectId) : undefined;
  /** A colleague's change, with their name first when it is known. */
  const about = (line: string | null) => (subject ? (line ? `${subject}: ${line}` : subject) : line);
  switch (entry.action) {
    case "staff.signed_in":
    case "conversation.noted":
    case "assistant.price_guard_replaced":
      return null;
    case "staff.sign_in_failed": {
      const as = `As ${subject ?? "a colleague"}`;
      return d.deactivated === true ? `${as}, whose account is switched off` : as;
    }
    case "conversation.replied":
      return replyChannel[text(d.channel) ?? ""] ?? null;
    case "conversation.assigned": {
      const from = text(d.from);
      const to = text(d.to);
      if (!to) return from ? `Unassigned from ${valueWords(from, names)}` : "Unassigned";
      return from ? `From ${valueWords(from, names)} to ${valueWords(to, names)}` : `To ${valueWords(to, names)}`;
    }
    case "handoff.raised":
      return handoffWords(text(d.reason));
    case "cadence.paused":
    case "cadence.resumed":
    case "cadence.stopped": {
      // The action says from what to what; the reason is the news.
      const reason = text(d.reason);
      return reason ? reasonInWords(reason) : null;
    }
    case "lead.language_changed": {
      const to = text(d.to);
      if (!to) return null;
      const language = languageWords[to] ?? to;
      const source = text(d.source);
      if (source === "detected") return `Language detected: ${language}`;
      const by = source && (languageSourceWords[source] ?? codeWords(source).toLowerCase());
      return by ? `Language set to ${language} (${by})` : `Language set to ${language}`;
    }
    case "appointment.booked": {
      const start = text(d.start);
      return start && isInstant(start) ? `For ${shopTime(start)}` : null;
    }
    case "consent.opted_out":
    case "consent.opted_in": {
      const parts = [consentChannel[text(d.channel) ?? ""], consentSource[text(d.source) ?? ""]].filter(Boolean);
      return parts.length ? parts.join(" · ") : null;
    }
    case "saved_reply.created":
    case "saved_reply.deleted": {
      const title = pair(d.title);
      const name = title && (entry.action === "saved_reply.created" ? title[1] : title[0]);
      return typeof name === "string" && name ? quoted(name) : null;
    }
    case "saved_reply.changed": {
      const parts: string[] = [];
      const title = pair(d.title);
      if (title) parts.push(`${quoted(title[0])} is now ${quoted(title[1])}`);
      if (pair(d.body)) parts.push("New wording");
      return parts.length ? parts.join(" · ") : null;
    }
    case "cadence_step.changed": {
      const changes = d.changes && typeof d.changes === "object" ? Object.keys(d.changes) : [];
      const step = typeof d.step === "number" ? `Follow-up ${d.step}` : "A follow-up";
      const fields = changes.map((c) => stepFieldName[c] ?? codeWords(c).toLowerCase());
      return fields.length ? `${step}: ${listWords(fields)}` : step;
    }
    case "user.role_changed":
      return about(fromTo(d, names));
    case "user.location_added":
    case "user.location_removed": {
      const location = text(d.locationId) ?? entry.locationId;
      return about(location ? (names.location(location) ?? "A location") : null);
    }
    case "user.deactivated":
    case "user.reactivated":
    case "user.password_changed":
      return about(null);
    case "user.notifications_changed": {
      const parts = Object.entries(d)
        .map(([key, value]) => [key, pair(value)] as const)
        .filter(([, change]) => change && typeof change[1] === "boolean")
        .map(([key, change]) => `${notificationName[key] ?? codeWords(key)} ${change![1] ? "on" : "off"}`);
      return parts.length ? parts.join(" · ") : null;
    }
    default: {
      // Moved appointments, outcomes, cancellations, and actions this console does not know yet.
      const parts = [fromTo(d, names), text(d.reason) && reasonInWords(text(d.reason)!), replyChannel[text(d.channel) ?? ""]].filter(
        (p): p is string => !!p,
      );
      return parts.length ? parts.join(" · ") : null;
    }
  }
}

/** Whether the record holds anything beyond the row (the disclosure with everything recorded). */
export const hasDetails = (entry: AuditView) => !!entry.details && typeof entry.details === "object" && Object.keys(entry.details).length > 0;

/** A refused request in words (a 400 names what was wrong). */
export const refusalWords: Record<string, string> = {
  bad_actor_type: "The activity log doesn't know that “Who”. Choose one from the list.",
  bad_action: "That “What” is too long for the activity log. Choose one from the list.",
  bad_dates: "“To” is before “From”. Pick a later day, or clear one of them.",
  bad_cursor: "The list changed while you were looking. Start again from the top.",
  bad_limit: "The activity log can't show that many at once.",
  bad_format: "The activity log can't give that kind of file.",
};
