// The chat API's shapes (src/LeadOrchestrator/Chat/ChatEndpoints.cs, Booking/BookingEndpoints.cs).

export type Role = "customer" | "assistant" | "staff";

export interface HistoryMessage {
  id: string;
  role: Role;
  channel: "web" | "sms" | string;
  content: string;
  createdAt: string;
  status: "complete" | "interrupted" | string;
  clientMessageId?: string | null;
}

export interface History {
  sessionId: string | null;
  staffTakeover: boolean;
  messages: HistoryMessage[];
}

export interface ServiceSummary {
  id: string;
  name: string;
  category: string | null;
  priceCents: number;
  price: string;
  durationMinutes: number;
  bookable: boolean;
}

export interface LocationView {
  name: string;
  address: string;
  phone: string;
  phoneDisplay: string;
  timeZone: string;
  mapUrl: string;
  weeklyHours: string;
  today: string;
}

export interface ChatContext {
  leadId: string;
  firstName: string | null;
  vehicle: string | null;
  estimate: string | null;
  location: LocationView;
  services: ServiceSummary[];
  assistant: string;
  /** yyyy-MM-dd in the shop's zone, by the server's clock. */
  shopToday: string;
  bookableUntil: string;
}

export interface Appointment {
  id: string;
  serviceId: string;
  start: string;
  end: string;
  /** The shop's wall-clock start, yyyy-MM-ddTHH:mm:ss. */
  local: string;
  label: string;
  status: "booked" | "rescheduled" | "cancelled" | "completed" | "no_show" | string;
}

export interface Slot {
  start: string;
  end: string;
  local: string;
  label: string;
}

export interface SlotsView {
  service: { id: string; name: string; durationMinutes: number; price: string };
  timeZone: string;
  slots: Slot[];
}

export interface ChatReply {
  response: string | null;
  provider: string;
  model: string | null;
  messageId: string | null;
  staffTakeover: boolean;
  needsStaff: boolean;
  replaced: boolean;
  tools: string[];
  offeredServiceId?: string | null;
  /** yyyy-MM-dd in the shop's zone: the day of the first time offered. */
  offeredDay?: string | null;
}

/** What the server puts into the page (ChatPage.Boot). */
export interface Boot {
  leadId: string;
  context: ChatContext;
  history: History;
  appointments: Appointment[];
}
