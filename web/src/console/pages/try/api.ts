import { useMutation } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../session";

// The page's own names for `TryAssistant`'s shapes (POST /api/console/assistant/try), narrower than the generated
// ones where the server accepts only some values (roles, languages); the generated answer is assignable to them.

/** The test customer's language; null lets the assistant tell from their words. */
export type TryLanguage = "en" | "es";

/** One message of the test conversation, oldest first. */
export interface TryMessage {
  role: "customer" | "assistant";
  text: string;
}

/** The test appointment an answer returned, passed back as is with the next message. */
export interface TryAppointmentRef {
  serviceId: string;
  start: string;
}

export interface TryAssistantRequest {
  /** Which of the colleague's shops; null is the first one. */
  locationId: string | null;
  language: TryLanguage | null;
  vehicle: string | null;
  /** The whole conversation so far, ending with the customer's new message (1 to 40, each 1 to 2000 characters). */
  messages: TryMessage[];
  appointment: TryAppointmentRef | null;
}

/** A tool the assistant used for this answer, and what it told the assistant. */
export interface TryTool {
  name: string;
  result: string;
}

/** The test customer's appointment after an answer: nothing real is booked. */
export interface TryAppointment extends TryAppointmentRef {
  service: string;
  /** The start in the shop's words: "Sat Nov 28, 9:00 am". */
  label: string;
}

export interface TryAssistantAnswer {
  answer: string;
  provider: string;
  model: string | null;
  costUsd: number | null;
  latencyMs: number;
  tools: TryTool[];
  /** The assistant would have asked a person to take over (nobody is told in a test). */
  needsStaff: boolean;
  needsStaffReason: string | null;
  appointment: TryAppointment | null;
  /** The model quoted a price not in the catalog, so the answer was replaced. */
  priceGuardReplaced: boolean;
}

/** The conversation's limits, as the server checks them (checked here first so a long test ends in words, not a 400). */
export const MAX_MESSAGES = 40;
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * Asks the shop's assistant for its answer to a test customer: real catalog, hours and free times, but
 * nothing is booked, sent or counted. The conversation lives in the page, so each call sends all of it.
 */
export function useTryAssistant() {
  const { client } = useApi();
  return useMutation({
    mutationFn: ({ body, signal }: { body: TryAssistantRequest; signal?: AbortSignal }): Promise<TryAssistantAnswer> =>
      unwrap(client.POST("/api/console/assistant/try", { body, signal })),
  });
}
