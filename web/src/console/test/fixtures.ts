// Realistic console data, shaped as the contract says the server sends it.
import type {
  Colleague,
  LocationSettings,
  ConsoleEvent,
  ConversationSummary,
  ConversationThread,
  LeadDetail,
  LeadItem,
  StaffAppointment,
  StaffProfile,
  ThreadMessage,
  Touch,
} from "../api/types";

export const TENANT_ID = "0b7f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f";

export const me: StaffProfile = {
  id: "11111111-1111-4111-8111-111111111111",
  email: "dana@northside.example",
  displayName: "Dana Reyes",
  role: "manager",
  tenantId: TENANT_ID,
  locationIds: ["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"],
};

export const colleagues: Colleague[] = [
  { id: me.id, name: me.displayName },
  { id: "22222222-2222-4222-8222-222222222222", name: "Marco Silva" },
  { id: "33333333-3333-4333-8333-333333333333", name: "Priya Shah" },
];

export const NORTHSIDE = { id: "aaaaaaaa-0000-4000-8000-000000000001", name: "Northside" };
export const DOWNTOWN = { id: "aaaaaaaa-0000-4000-8000-000000000002", name: "Downtown" };

export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

let seq = 0;
const nextId = (prefix: string) => `${prefix}-0000-4000-8000-${String(++seq).padStart(12, "0")}`;

export function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: nextId("c0000000"),
    leadId: nextId("1ead0000"),
    customer: "Tim Candy",
    phone: "+15125550199",
    email: "tim@example.com",
    vehicle: "2019 Honda Civic",
    locationId: NORTHSIDE.id,
    locationName: NORTHSIDE.name,
    waiting: "none",
    waitingSince: null,
    needsStaffReason: null,
    lastMessage: { role: "customer", channel: "web", text: "Thanks!", at: minutesAgo(30), author: null },
    staffTakeover: false,
    assignedTo: null,
    done: false,
    cadenceStatus: "active",
    language: "en",
    ...overrides,
  };
}

export function message(overrides: Partial<ThreadMessage> & Pick<ThreadMessage, "role" | "text">): ThreadMessage {
  return {
    id: nextId("3e550000"),
    channel: "web",
    at: minutesAgo(20),
    status: "complete",
    author: null,
    provider: null,
    model: null,
    costUsd: null,
    delivery: null,
    replaced: false,
    ...overrides,
  };
}

export function thread(conversation: ConversationSummary, overrides: Partial<ConversationThread> = {}): ConversationThread {
  return {
    conversation,
    replyChannel: "web",
    canText: true,
    cannotTextReason: null,
    messages: [message({ role: "customer", text: "How much is ceramic tint for a Civic?" })],
    ...overrides,
  };
}

let eventId = 100;

/** A change as the live stream sends it (`data:` of a GET /api/console/events event); its id is the next position. */
export function consoleEvent(type: ConsoleEvent["type"], overrides: Partial<ConsoleEvent> = {}): ConsoleEvent {
  return {
    id: ++eventId,
    type,
    at: new Date().toISOString(),
    leadId: null,
    conversationId: null,
    messageId: null,
    appointmentId: null,
    locationId: NORTHSIDE.id,
    role: null,
    userId: null,
    presence: null,
    ...overrides,
  };
}

export function lead(overrides: Partial<LeadItem> = {}): LeadItem {
  return {
    id: nextId("1ead0000"),
    firstName: "Tim",
    lastName: "Candy",
    phone: "+15125550199",
    email: "tim@example.com",
    vehicle: "2019 Honda Civic",
    service: "Ceramic Window Tint",
    stage: "new",
    stopReason: null,
    locationId: NORTHSIDE.id,
    createdAt: minutesAgo(120),
    lastActivityAt: minutesAgo(5),
    needsStaff: false,
    conversationId: null,
    isSample: false,
    erased: false,
    ...overrides,
  };
}

export function touch(overrides: Partial<Touch> & Pick<Touch, "step">): Touch {
  return {
    id: nextId("70c40000"),
    channel: "sms",
    status: "scheduled",
    scheduledFor: minutesAgo(-60 * 24 * overrides.step),
    dueAt: minutesAgo(-60 * 24 * overrides.step),
    sentAt: null,
    attempts: 0,
    cancelReason: null,
    lastError: null,
    ...overrides,
  };
}

export function staffAppointment(overrides: Partial<StaffAppointment> = {}): StaffAppointment {
  return {
    id: nextId("a4400000"),
    leadId: nextId("1ead0000"),
    customer: "Tim Candy",
    service: "Ceramic Window Tint",
    serviceId: "5e000000-0000-4000-8000-000000000001",
    start: "2026-11-28T15:00:00Z",
    end: "2026-11-28T18:00:00Z",
    local: "2026-11-28T09:00:00",
    status: "booked",
    shopMonkeyAppointmentId: "sm_1",
    syncState: "synced",
    syncError: null,
    syncAttempts: 1,
    nextSyncAt: null,
    notices: null,
    ...overrides,
  };
}

/** A lead's page as GET /leads/{id} answers it, for `item`; a running cadence with one text sent and one to come. */
export function leadDetail(item: LeadItem, overrides: Partial<LeadDetail> = {}): LeadDetail {
  return {
    lead: item,
    customer: { firstName: item.firstName, lastName: item.lastName, phone: item.phone, email: item.email, erasedAt: null },
    vehicle: item.vehicle ? { year: 2019, make: "Honda", model: "Civic", submodel: "EX", description: item.vehicle } : null,
    estimate: {
      orderId: "ord_8f2k",
      orderNumber: "1042",
      name: item.service,
      totalCents: 39900,
      total: "$399.00",
      status: "Estimate",
      authorized: false,
      invoiced: false,
      paid: false,
      archived: false,
      orderCreatedAt: item.createdAt,
      convertedAt: null,
      url: "https://app.shopmonkey.cloud/order/ord_8f2k",
    },
    consent: { sms: { allowed: true, reason: null, since: null }, email: { allowed: true, reason: null, since: null } },
    cadence: {
      leadId: item.id,
      status: "active",
      stopReason: null,
      smsStopReason: null,
      emailStopReason: null,
      pausedAt: null,
      stoppedAt: null,
      touches: [
        touch({ step: 1, status: "sent", sentAt: minutesAgo(100), dueAt: minutesAgo(100), attempts: 1 }),
        touch({ step: 2, channel: "email", status: "scheduled" }),
      ],
    },
    appointments: [],
    conversation: null,
    timeline: [
      { at: minutesAgo(121), kind: "received", summary: "ShopMonkey webhook received (order created)", channel: null, actor: null, status: null },
      { at: item.createdAt, kind: "lead_created", summary: `Lead created from estimate 1042: ${item.service}`, channel: null, actor: null, status: null },
      { at: minutesAgo(100), kind: "touch", summary: "Follow-up text: Hi Tim, it's Northside about your tint estimate.", channel: "sms", actor: null, status: "sending" },
    ],
    // Nothing said otherwise: English, as the server assumes.
    language: { language: "en", source: "default" },
    ...overrides,
  };
}

/** A location's settings as GET /locations/{id}/settings answers them: live, every required step done (the email is missing). */
export function locationSettings(location: { id: string; name: string }, overrides: Partial<LocationSettings> = {}): LocationSettings {
  return {
    id: location.id,
    name: location.name,
    shopMonkeyLocationId: `sm_${location.name.toLowerCase()}`,
    timeZone: "America/Chicago",
    address: "1200 Main St, Round Rock, TX 78664",
    phone: "+15125550142",
    smsNumber: "+15125550100",
    email: null,
    bays: 3,
    smsWindowStart: "09:00",
    smsWindowEnd: "20:00",
    emailWindowStart: null,
    emailWindowEnd: null,
    hours: [
      { day: "monday", opens: "08:00", closes: "18:00" },
      { day: "tuesday", opens: "08:00", closes: "18:00" },
      { day: "wednesday", opens: "08:00", closes: "18:00" },
      { day: "thursday", opens: "08:00", closes: "18:00" },
      { day: "friday", opens: "08:00", closes: "17:00" },
      { day: "saturday", opens: "09:00", closes: "13:00" },
      { day: "sunday", opens: null, closes: null },
    ],
    closures: [],
    // The platform's defaults: the location has none of its own.
    booking: { slotMinutes: 30, bufferMinutes: 15, minimumNoticeMinutes: 120, horizonDays: 30 },
    setupPending: false,
    checklist: [
      { key: "shopmonkey", title: "linked to its ShopMonkey location", done: true, required: true, hint: "Orders of this ShopMonkey location become its leads." },
      { key: "time_zone", title: "its time zone", done: true, required: true, hint: "Texting hours, bookings and reminders are in the shop's time." },
      { key: "hours", title: "its opening hours", done: true, required: true, hint: "The assistant offers times only when the shop is open." },
      { key: "sms_number", title: "its texting number", done: true, required: true, hint: "The number customers are texted from and reply to (a Twilio number)." },
      { key: "catalog", title: "bookable services", done: true, required: true, hint: "The shop's services, imported from ShopMonkey's canned services: what customers can book." },
      { key: "email", title: "its email address", done: false, required: false, hint: "Shown to customers in emails and on the chat page." },
    ],
    ...overrides,
  };
}
