// The console API's shapes. Most come from the generated src/shared/api/console.ts (`npm run api`).
//
// The inbox endpoints (/api/console/conversations…, /api/console/staff) are being built on main and are
// not in the OpenAPI document yet, so they are written out here, by hand, in the form openapi-typescript
// generates and matching the agreed contract exactly. When console.ts has them, the swap is mechanical:
// delete `InboxSchemas` and `InboxPaths`, let `Schemas` be `components["schemas"]` and `ConsolePaths` be
// `paths`, and fix any name the generator chose differently (the compiler lists every use).
import type { components, paths } from "../../shared/api/console";

type Problem = components["schemas"]["ProblemDetails"];

/** ProblemDetails as a refusal comes back; some carry extensions (`opensAt`, `errors`). */
interface Refused {
  headers: { [name: string]: unknown };
  content: { "application/problem+json": Problem };
}

interface Ok<T> {
  headers: { [name: string]: unknown };
  content: { "application/json": T };
}

interface NoParameters {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}

interface ConversationPath {
  query?: never;
  header?: never;
  path: { id: string };
  cookie?: never;
}

interface InboxSchemas {
  MessageRole: "customer" | "assistant" | "staff" | "note" | "system";
  MessageChannel: "web" | "sms";
  Waiting: "needs_staff" | "unanswered" | "none";
  StaffRole: "staff" | "manager" | "owner";
  DeliveryStatus: "sending" | "queued" | "sent" | "delivered" | "read" | "failed" | "undelivered" | "bounced" | "dropped" | "in_doubt" | "received";
  LastMessage: {
    role: InboxSchemas["MessageRole"];
    channel: InboxSchemas["MessageChannel"];
    /** At most 160 characters. */
    text: string;
    /** Format: date-time */
    at: string;
    author: null | string;
  };
  StaffRef: {
    /** Format: uuid */
    id: string;
    name: string;
  };
  ConversationSummary: {
    /** Format: uuid */
    id: string;
    /** Format: uuid. Null for a number that texted the shop and matched no lead. */
    leadId: null | string;
    /** The customer's name, or the phone number when unknown. */
    customer: string;
    phone: null | string;
    email: null | string;
    vehicle: null | string;
    /** Format: uuid */
    locationId: null | string;
    locationName: null | string;
    waiting: InboxSchemas["Waiting"];
    /** Format: date-time */
    waitingSince: null | string;
    /** Already in words for people, e.g. "Asked for a person: wants to reschedule". */
    needsStaffReason: null | string;
    lastMessage: null | InboxSchemas["LastMessage"];
    staffTakeover: boolean;
    assignedTo: null | InboxSchemas["StaffRef"];
    done: boolean;
    cadenceStatus: null | components["schemas"]["CadenceStatus"];
  };
  ConversationList: {
    conversations: InboxSchemas["ConversationSummary"][];
    needsStaffCount: number;
  };
  Delivery: {
    status: InboxSchemas["DeliveryStatus"];
    error: null | string;
  };
  ThreadMessage: {
    /** Format: uuid */
    id: string;
    role: InboxSchemas["MessageRole"];
    channel: InboxSchemas["MessageChannel"];
    text: string;
    /** Format: date-time */
    at: string;
    status: "complete" | "interrupted";
    /** The staff member's name, for staff replies and notes. */
    author: null | string;
    provider: null | string;
    model: null | string;
    costUsd: null | number;
    /** Outbound SMS only. */
    delivery: null | InboxSchemas["Delivery"];
  };
  ConversationThread: {
    conversation: InboxSchemas["ConversationSummary"];
    /** The channel the customer last used. */
    replyChannel: InboxSchemas["MessageChannel"];
    canText: boolean;
    /** E.g. "Opted out of texts", "No phone number". */
    cannotTextReason: null | string;
    /** Oldest first. */
    messages: InboxSchemas["ThreadMessage"][];
  };
  StaffReply: {
    text: string;
    channel?: InboxSchemas["MessageChannel"];
    confirmOutsideSmsWindow?: boolean;
    /** Format: uuid */
    clientMessageId?: string;
  };
  StaffNote: {
    text: string;
  };
  Assignment: {
    /** Format: uuid */
    userId: null | string;
  };
  Colleague: {
    /** Format: uuid */
    id: string;
    name: string;
    role: InboxSchemas["StaffRole"];
  };
  StaffList: {
    staff: InboxSchemas["Colleague"][];
  };
}

/** A POST on a conversation with no body that answers with the conversation's summary. */
interface ConversationAction {
  parameters: ConversationPath;
  requestBody?: never;
  responses: { 200: Ok<InboxSchemas["ConversationSummary"]>; "4XX": Refused };
}

interface Unused {
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

interface InboxPaths {
  "/api/console/conversations": Omit<Unused, "get"> & {
    parameters: NoParameters;
    get: {
      parameters: {
        query?: { status?: "open" | "done"; assigned?: "me" | "unassigned"; locationId?: string };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Ok<InboxSchemas["ConversationList"]>; "4XX": Refused };
    };
  };
  "/api/console/conversations/{id}": Omit<Unused, "get"> & {
    parameters: NoParameters;
    get: {
      parameters: ConversationPath;
      requestBody?: never;
      responses: { 200: Ok<InboxSchemas["ConversationThread"]>; "4XX": Refused };
    };
  };
  "/api/console/conversations/{id}/replies": Omit<Unused, "post"> & {
    parameters: NoParameters;
    post: {
      parameters: ConversationPath;
      requestBody: { content: { "application/json": InboxSchemas["StaffReply"] } };
      responses: { 201: Ok<InboxSchemas["ThreadMessage"]>; "4XX": Refused };
    };
  };
  "/api/console/conversations/{id}/notes": Omit<Unused, "post"> & {
    parameters: NoParameters;
    post: {
      parameters: ConversationPath;
      requestBody: { content: { "application/json": InboxSchemas["StaffNote"] } };
      responses: { 201: Ok<InboxSchemas["ThreadMessage"]>; "4XX": Refused };
    };
  };
  "/api/console/conversations/{id}/takeover": Omit<Unused, "post"> & { parameters: NoParameters; post: ConversationAction };
  "/api/console/conversations/{id}/release": Omit<Unused, "post"> & { parameters: NoParameters; post: ConversationAction };
  "/api/console/conversations/{id}/done": Omit<Unused, "post"> & { parameters: NoParameters; post: ConversationAction };
  "/api/console/conversations/{id}/reopen": Omit<Unused, "post"> & { parameters: NoParameters; post: ConversationAction };
  "/api/console/conversations/{id}/assign": Omit<Unused, "post"> & {
    parameters: NoParameters;
    post: {
      parameters: ConversationPath;
      requestBody: { content: { "application/json": InboxSchemas["Assignment"] } };
      responses: { 200: Ok<InboxSchemas["ConversationSummary"]>; "4XX": Refused };
    };
  };
  "/api/console/staff": Omit<Unused, "get"> & {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Ok<InboxSchemas["StaffList"]>; "4XX": Refused };
    };
  };
}

/** Every console route, for openapi-fetch: a wrong path or body is a compile error. */
export type ConsolePaths = paths & InboxPaths;

type Schemas = components["schemas"] & InboxSchemas;

export type StaffProfile = Schemas["StaffProfile"];
export type StaffRole = Schemas["StaffRole"];
export type Channel = Schemas["MessageChannel"];
export type MessageRole = Schemas["MessageRole"];
export type ConversationSummary = Schemas["ConversationSummary"];
export type ConversationList = Schemas["ConversationList"];
export type ConversationThread = Schemas["ConversationThread"];
export type ThreadMessage = Schemas["ThreadMessage"];
export type DeliveryStatus = Schemas["DeliveryStatus"];
export type Colleague = Schemas["Colleague"];
export type StaffAppointment = Schemas["StaffAppointmentView"];
export type ProblemDetails = Schemas["ProblemDetails"];
