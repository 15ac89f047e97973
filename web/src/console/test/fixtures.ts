// Realistic console data, shaped as the contract says the server sends it.
import type { Colleague, ConsoleEvent, ConversationSummary, ConversationThread, StaffProfile, ThreadMessage } from "../api/types";

export const TENANT_ID = "0b7f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f";

export const me: StaffProfile = {
  id: "11111111-1111-4111-8111-111111111111",
  email: "dana@northside.example",
  displayName: "Dana Reyes",
  role: "manager",
  tenantId: TENANT_ID,
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
    ...overrides,
  };
}
