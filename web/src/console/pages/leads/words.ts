import type { CadenceView, ContactChannel, LanguageSource, LeadCustomer, LeadItem, LeadStage, TimelineKind, TouchStatus } from "../../api/types";
import { phoneForReading } from "../../format";

// What the server's codes mean, in the front desk's words.

/** The pipeline's stages in order, as the board shows them left to right. */
export const stages: readonly LeadStage[] = ["new", "contacted", "engaged", "needs_staff", "booked", "showed", "won", "lost"];

export const stageName: Record<LeadStage, string> = {
  new: "New",
  contacted: "Contacted",
  engaged: "Engaged",
  needs_staff: "Needs a person",
  booked: "Booked",
  showed: "Showed up",
  won: "Won",
  lost: "Lost",
};

export function isStage(value: string | null): value is LeadStage {
  return (stages as readonly string[]).includes(value ?? "");
}

// Why a lead was lost, a cadence stopped or a channel may not be used: one vocabulary on the server
// (StopReasons, LeadPipeline.LostReason, the consent's reasons).
const reasons: Record<string, string> = {
  opted_out: "Opted out",
  no_reply: "No reply",
  order_archived: "Order archived",
  staff_stopped: "Stopped by staff",
  no_contact: "No way to reach them",
  spam_complaint: "Marked as spam",
  engaged: "The customer wrote back",
  booked: "Booked an appointment",
  converted: "Bought in the shop",
  email_bounced: "Email bounced",
  number_invalid: "Not a number that takes texts",
  no_phone: "No phone number",
  no_email: "No email address",
  erased: "Erased at the customer's request",
  test_lead: "A test lead: only its first text and email",
};

/** A reason code in words; one this console does not know yet is still readable ("new_reason" → "New reason"). */
export function reasonInWords(code: string): string {
  const known = reasons[code];
  if (known) return known;
  const words = code.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Who the lead is, for a heading or a row: the name, else the phone or email, so a row is never blank. */
export function leadName(
  lead: Pick<LeadItem | LeadCustomer, "firstName" | "lastName" | "phone" | "email"> & { erased?: boolean; erasedAt?: string | null },
): string {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(" ").trim();
  // Erased at the customer's request: nothing is left to name them by, and staff should know why.
  const erased = lead.erased === true || (lead.erasedAt ?? null) !== null;
  return name || (lead.phone ? phoneForReading(lead.phone) : null) || lead.email || (erased ? "Erased customer" : "No name");
}

export const channelName: Record<ContactChannel, string> = { sms: "Text", email: "Email" };

export const touchStatusName: Record<TouchStatus, string> = {
  scheduled: "Scheduled",
  claimed: "Sending",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  in_doubt: "Not sure it went out",
  cancelled: "Cancelled",
  paused: "Paused",
};

/** Where the follow-ups stand, in a sentence. */
export function cadenceInWords(cadence: CadenceView): string {
  switch (cadence.status) {
    case "none":
      return "No follow-ups for this lead.";
    case "active":
      return "Follow-ups are running.";
    case "paused":
      return "Follow-ups are paused.";
    case "stopped":
      if (cadence.stopReason === "staff_stopped") return "Follow-ups were stopped by staff.";
      return cadence.stopReason ? `Follow-ups stopped: ${reasonInWords(cadence.stopReason).toLowerCase()}.` : "Follow-ups stopped.";
    case "completed":
      return "Every follow-up has gone out.";
  }
}

export const timelineKindName: Record<TimelineKind, string> = {
  received: "From ShopMonkey",
  lead_created: "Lead created",
  touch: "Follow-up",
  customer_message: "Customer wrote",
  assistant_message: "Assistant answered",
  staff_message: "Staff answered",
  note: "Note",
  handoff: "Needs a person",
  staff_action: "Staff action",
  appointment: "Appointment",
  cadence: "Follow-ups",
  converted: "Bought in the shop",
};

/** The languages a lead can be written to in, each in its own words (as a language picker names them). */
export const languageName: Record<string, string> = { en: "English", es: "Español" };

/** Where the lead's language came from. */
export const languageSourceWords: Record<LanguageSource, string> = {
  default: "Not yet known — English by default",
  detected: "From their messages",
  shop_monkey: "From ShopMonkey",
  staff: "Set by staff",
};
