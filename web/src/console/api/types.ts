// The console API's shapes, all from the generated src/shared/api/console.ts (`npm run api`, from the
// committed docs/openapi/console.json): the server's own description of its routes and bodies. Nothing is
// written out by hand here; this file only gives the schemas the console uses shorter names.
import type { components, paths } from "../../shared/api/console";

/** Every console route, for openapi-fetch: a wrong path or body is a compile error. */
export type ConsolePaths = paths;

type Schemas = components["schemas"];

export type StaffProfile = Schemas["StaffProfile"];
/** owner (every location), manager or front_desk (their locations). */
export type StaffRole = Schemas["StaffRole"];
export type UserView = Schemas["UserView"];
/** The colleagues a manager or owner sees (GET /api/console/users): active ones first, then by name. */
export type UserList = Schemas["UserList"];
/** A colleague's new role and locations (PUT /api/console/users/{id}); null leaves either as it is. */
export type UserChange = Schemas["UserChange"];
/** An invitation still waiting to be accepted (GET /api/console/users' `invitations`, newest first); `expired`: its link has ended. */
export type InvitationView = Schemas["InvitationView"];
/** Who to invite, as what and where (POST /api/console/users/invitations); an owner's locations are none. */
export type InvitationRequest = Schemas["InvitationRequest"];
/** What an invitation link shows before it is accepted (GET /api/console/auth/invitations/{token}). */
export type InvitationPreview = Schemas["InvitationPreview"];
/** A sign-in: the password, and with two-factor sign-in on, the app's code or a recovery code. */
export type LoginRequest = Schemas["LoginRequest"];
/** Whether the signed-in colleague has two-factor sign-in on, may turn it on (owners and managers), and how many recovery codes are left. */
export type TwoFactorState = Schemas["TwoFactorState"];
/** A new authenticator key (in groups of four) and the same as an otpauth:// link. */
export type TwoFactorSetup = Schemas["TwoFactorSetup"];
/** Ten recovery codes, shown once; each signs in once instead of the app's code. */
export type RecoveryCodes = Schemas["RecoveryCodes"];
/** How a conversation's messages travel: the web chat or text messages. */
export type Channel = Schemas["ConversationChannel"];
/** Who wrote a message of the thread; "note" is staff writing for staff only. */
export type ThreadRole = Schemas["ThreadRole"];
/** Who wrote a conversation's last message: notes are never one. */
export type ChatRole = Schemas["ChatRole"];
export type ConversationSummary = Schemas["ConversationSummary"];
export type LastMessage = Schemas["LastMessage"];
export type InboxPage = Schemas["InboxPage"];
export type ConversationThread = Schemas["ConversationThread"];
export type ThreadMessage = Schemas["ThreadMessage"];
export type DeliveryStatus = Schemas["DeliveryStatus"];
export type DeliveryView = Schemas["DeliveryView"];
export type Colleague = Schemas["Colleague"];
export type ReplyRequest = Schemas["ReplyRequest"];
export type Suggestion = Schemas["Suggestion"];
export type StaffAppointment = Schemas["StaffAppointmentView"];
export type ProblemDetails = Schemas["ProblemDetails"];
/** A canned answer for the composer: a Liquid template the server fills in for the customer. */
export type SavedReply = Schemas["SavedReplyView"];
export type SavedReplyRequest = Schemas["SavedReplyRequest"];
/** One change of the live stream (GET /api/console/events): what changed and where; the console refetches what it shows of it. */
export type ConsoleEvent = Schemas["ConsoleEventView"];
export type ConsoleEventType = Schemas["ConsoleEventType"];
/** What happened to an appointment, as staff are told of it (an outcome or a sync state is none). */
export type AppointmentChange = NonNullable<Schemas["AppointmentChange"]>;
/** One lead of the pipeline, with its stage (kept by the server from what happened to it). */
export type LeadItem = Schemas["LeadItem"];
/** A page of the pipeline: its leads (newest first), the next page's cursor, and the count per stage. */
export type LeadPage = Schemas["LeadPage"];
export type LeadStage = Schemas["LeadStage"];
/** Leads per stage under the list's filters and search, the stage filter aside. */
export type StageCounts = Schemas["StageCounts"];
/** A lead's page: who, which car and estimate, consent, the cadence, appointments and one timeline. */
export type LeadDetail = Schemas["LeadDetail"];
export type LeadCustomer = Schemas["CustomerView"];
export type LeadVehicle = Schemas["VehicleView"];
export type Estimate = Schemas["EstimateView"];
export type ChannelConsent = Schemas["ChannelConsent"];
/** How the cadence reaches a lead: text or email (not the chat's web/sms). */
export type ContactChannel = Schemas["Channel"];
export type CadenceStatus = Schemas["CadenceStatus"];
export type CadenceView = Schemas["CadenceView"];
/** One follow-up of the cadence. */
export type Touch = Schemas["TouchView"];
export type TouchStatus = Schemas["TouchPointStatus"];
export type TimelineEntry = Schemas["TimelineEntry"];
export type TimelineKind = Schemas["TimelineKind"];
/** Which language a lead is written to in ("en" or "es"), and where that came from. */
export type LeadLanguage = Schemas["LanguageView"];
/** default (nobody said: English), detected (from the customer's messages), shop_monkey or staff. */
export type LanguageSource = Schemas["LanguageSource"];
export type AppointmentNotice = Schemas["NoticeView"];
/** What a colleague chose to be told of by email or text (their own; Settings → Notifications). */
export type NotificationSettings = Schemas["NotificationSettings"];
/** A colleague in a conversation: viewing it, typing in it, or just left it. */
export type PresenceState = Schemas["PresenceState"];
/** Another colleague who has a conversation open now (GET …/presence). */
export type Viewer = Schemas["Viewer"];

/** Who made a change: a colleague, the platform's operator, the app itself, the assistant, a customer, or Twilio/SendGrid. */
export type AuditActorType = Schemas["AuditActorType"];
/**
 * One change and who made it; `details` is what changed, as recorded (ids, states, before-and-after pairs). The
 * document calls it any JSON (a JsonElement); the server always writes an object there, so it is read as one.
 */
export type AuditView = Omit<Schemas["AuditView"], "details"> & { details: Record<string, unknown> | null };
/** A page of the audit log, newest first; `nextCursor` asks for the page after it (null: the last). */
export type AuditPage = Omit<Schemas["AuditPage"], "entries"> & { entries: AuditView[] };

/** Where the shop's ShopMonkey account is reached, by the key's and webhook secret's last characters only (GET /api/console/integrations/shopmonkey; owners). */
export type ShopMonkeyConnection = Schemas["ShopMonkeyConnection"];
/** An owner's ShopMonkey API key, and the API's address (null: ShopMonkey's own). */
export type ConnectShopMonkeyRequest = Schemas["ConnectRequest"];
/** A key ShopMonkey accepted: the connection as stored, and the account's locations. */
export type ShopMonkeyConnected = Schemas["Connected"];
/** One of the ShopMonkey account's locations; `timeZone` null when ShopMonkey's is missing or not an IANA name; `enabledAs` our location once enabled. */
export type ShopMonkeyLocation = Schemas["ShopMonkeyLocation"];
/** The ShopMonkey account's locations (GET …/integrations/shopmonkey/locations). */
export type ShopMonkeyLocationChoices = Schemas["LocationChoices"];
/** A ShopMonkey location to enable (POST /api/console/locations), with the time zone and phone when ShopMonkey has none. */
export type EnableLocationRequest = Schemas["EnableLocation"];
/** The colleague's locations (GET /api/console/locations). */
export type LocationList = Schemas["LocationList"];
/** A location's settings, its set-up checklist, and whether it is still setting up (not live yet). */
export type LocationSettings = Schemas["LocationSettings"];
/** What to change of a location's settings (PUT …/settings); null leaves a field as it is, "" clears the texting number, email and email window. */
export type LocationSettingsChange = Schemas["SettingsChange"];
/** One day of a location's week: "09:00" to "18:00", or both null when closed. */
export type WeeklyHours = Schemas["WeeklyHours"];
export type DayOfWeek = Schemas["DayOfWeek"];
/** A date the location is closed (opens and closes null) or keeps short hours. */
export type Closure = Schemas["Closure"];
/** Where a test lead goes (POST …/locations/{id}/test-lead); each left out is the colleague's own. */
export type TestLeadRequest = Schemas["TestLeadRequest"];
/** A test lead made: its id, where its first text and email go, and what will not happen as hoped. */
export type TestLeadSent = Schemas["TestLeadSent"];
/** One step of a location's set-up: done or not, required before it goes live or optional. */
export type SetupStep = Schemas["SetupStep"];
/** Whose data to export or erase (POST /api/console/customers/export, …/erase; owners): a phone or an email, exactly one. */
export type CustomerRequest = Schemas["CustomerRequest"];
/** Everything held about a customer, each table's rows as stored (`tables` empty when nothing is held). */
export type CustomerExport = Schemas["Export"];
/** What an erasure removed: the customer's leads and the rows changed per table (0 and none when nothing was held). */
export type CustomerErasure = Schemas["Erasure"];
/** How many months message bodies are kept (1 to 120) before they are redacted; null keeps them. */
export type MessageRetention = Schemas["Retention"];
