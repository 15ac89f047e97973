// Realistic data as the server sends it (ChatPage.Boot, ChatEndpoints, BookingEndpoints).
import type { Appointment, Boot, ChatContext, ChatReply, History, HistoryMessage, LocationView, ServiceSummary, Slot, SlotsView } from "../types";
import { LEAD_ID } from "./fakeServer";

export const location: LocationView = {
  name: "Northside Tint & Detail",
  address: "1420 Elm St, Springfield, IL 62704",
  phone: "+12175550142",
  phoneDisplay: "(217) 555-0142",
  timeZone: "America/Chicago",
  mapUrl: "https://maps.google.com/?q=1420+Elm+St+Springfield+IL",
  weeklyHours: "Mon-Fri 8am-6pm, Sat 9am-2pm, Sun closed",
  today: "Open today 8am-6pm",
};

export const tint: ServiceSummary = {
  id: "a3f1c7e2-0001-4c55-8f0e-111111111111",
  name: "Ceramic Window Tint",
  category: "Tint",
  priceCents: 34900,
  price: "$349",
  durationMinutes: 180,
  bookable: true,
};

export const detail: ServiceSummary = {
  id: "a3f1c7e2-0002-4c55-8f0e-222222222222",
  name: "Full Interior Detail",
  category: "Detailing",
  priceCents: 19900,
  price: "$199",
  durationMinutes: 45,
  bookable: true,
};

export const ppf: ServiceSummary = {
  id: "a3f1c7e2-0003-4c55-8f0e-333333333333",
  name: "Paint Protection Film",
  category: "Protection",
  priceCents: 149900,
  price: "$1,499",
  durationMinutes: 480,
  bookable: false,
};

/** Tuesday, November 24, 2026 in the shop's zone. */
export const SHOP_TODAY = "2026-11-24";
export const BOOKABLE_UNTIL = "2026-12-08";

export function context(overrides: Partial<ChatContext> = {}): ChatContext {
  return {
    leadId: LEAD_ID,
    firstName: "Sam",
    vehicle: "2021 Toyota Camry",
    estimate: "Ceramic Window Tint",
    location,
    services: [tint, detail, ppf],
    assistant: "OpenAI",
    shopToday: SHOP_TODAY,
    bookableUntil: BOOKABLE_UNTIL,
    language: "en",
    ...overrides,
  };
}

export const emptyHistory = (overrides: Partial<History> = {}): History => ({
  sessionId: "5b7e9d1a-8c3f-4e2b-a6d0-0f1e2d3c4b5a",
  staffTakeover: false,
  messages: [],
  ...overrides,
});

export function boot(overrides: { context?: Partial<ChatContext>; history?: History; appointments?: Appointment[] } = {}): Boot {
  return {
    leadId: LEAD_ID,
    context: context(overrides.context),
    history: overrides.history ?? emptyHistory(),
    appointments: overrides.appointments ?? [],
  };
}

let seq = 0;
export function historyMessage(overrides: Partial<HistoryMessage> & Pick<HistoryMessage, "role" | "content">): HistoryMessage {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    channel: "web",
    createdAt: new Date(Date.UTC(2026, 10, 24, 15, seq)).toISOString(),
    status: "complete",
    provider: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    clientMessageId: null,
    ...overrides,
  };
}

export function reply(overrides: Partial<ChatReply> = {}): ChatReply {
  return {
    response: "We're open 8am to 6pm on weekdays.",
    provider: "openai",
    model: "gpt-4o-mini",
    usage: { inputTokens: 420, outputTokens: 36 },
    costUsd: 0.0001,
    sessionId: "5a4b3c2d-0000-4000-8000-bbbbbbbbbbbb",
    messageId: "9e8d7c6b-0000-4000-8000-aaaaaaaaaaaa",
    latencyMs: 850,
    firstTokenMs: 310,
    fallback: false,
    staffTakeover: false,
    needsStaff: false,
    replaced: false,
    tools: [],
    offeredServiceId: null,
    ...overrides,
  };
}

/** A free time at the shop's wall clock `local` (America/Chicago, CST = UTC-6 in late November). */
export function slot(local: string, minutes = 60): Slot {
  const start = new Date(`${local}Z`).getTime() + 6 * 3_600_000;
  const end = start + minutes * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  const endLocal = new Date(new Date(`${local}Z`).getTime() + minutes * 60_000).toISOString().slice(0, 19);
  return { start: iso(start), end: iso(end), local, label: `${local} (${endLocal})` };
}

export function slotsView(service: ServiceSummary, slots: Slot[]): SlotsView {
  return {
    service: { id: service.id, name: service.name, durationMinutes: service.durationMinutes, price: service.price },
    timeZone: "America/Chicago",
    slots,
  };
}

export function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: "c0ffee00-1111-4222-8333-444444444444",
    serviceId: tint.id,
    start: "2026-11-28T15:00:00Z",
    end: "2026-11-28T18:00:00Z",
    local: "2026-11-28T09:00:00",
    label: "Saturday, November 28 at 9:00 AM",
    status: "booked",
    ...overrides,
  };
}
