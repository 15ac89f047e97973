import { describe, expect, it } from "vitest";
import type { AuditView } from "../../api/types";
import { actionWords, actorWords, detailWords, hasDetails, type Names } from "./words";

const MARCO = "22222222-2222-4222-8222-222222222222";
const PRIYA = "33333333-3333-4333-8333-333333333333";
const DOWNTOWN = "aaaaaaaa-0000-4000-8000-000000000002";

const names: Names = {
  colleague: (id) => ({ [MARCO]: "Marco Silva", [PRIYA]: "Priya Shah" })[id],
  location: (id) => (id === DOWNTOWN ? "Downtown" : undefined),
};

const entry = (action: string, details: AuditView["details"], overrides: Partial<AuditView> = {}): AuditView => ({
  id: 1,
  at: "2026-03-03T15:41:00Z",
  actorType: "staff",
  actorId: null,
  actorName: "Dana Reyes",
  action,
  subjectType: null,
  subjectId: null,
  leadId: null,
  locationId: null,
  details,
  ...overrides,
});

describe("the activity log's words", () => {
  it("says an action in shop words, an unknown one as its code", () => {
    expect(actionWords("conversation.released")).toBe("Handed back to the assistant");
    expect(actionWords("saved_reply.deleted")).toBe("Deleted a saved reply");
    expect(actionWords("integration.webhook_secret_rotated")).toBe("Made a new ShopMonkey webhook secret");
    expect(actionWords("billing.plan_changed")).toBe("billing.plan_changed");
  });

  it("names who did it", () => {
    expect(actorWords({ actorType: "staff", actorName: "Dana Reyes", action: "conversation.replied" })).toBe("Dana Reyes");
    expect(actorWords({ actorType: "staff", actorName: null, action: "conversation.replied" })).toBe("A colleague");
    expect(actorWords({ actorType: "staff", actorName: null, action: "staff.sign_in_failed" })).toBe("Someone");
    expect(actorWords({ actorType: "system", actorName: null, action: "cadence.stopped" })).toBe("Automatic");
    expect(actorWords({ actorType: "provider", actorName: null, action: "consent.opted_out" })).toBe("Messaging provider");
  });

  it("reads a saved reply's before-and-after pairs", () => {
    expect(detailWords(entry("saved_reply.created", { title: [null, "Brake quote"], body: [null, "Hi {{first_name}}"] }), names)).toBe("“Brake quote”");
    expect(detailWords(entry("saved_reply.deleted", { title: ["Brake quote", null], body: ["Hi", null] }), names)).toBe("“Brake quote”");
    expect(detailWords(entry("saved_reply.changed", { title: ["Brakes", "Brake quote"], body: ["Hi", "Hello"] }), names)).toBe(
      "“Brakes” is now “Brake quote” · New wording",
    );
    expect(detailWords(entry("saved_reply.changed", { body: ["Park by bay 2.", "Park by bay 3."] }), names)).toBe("New wording");
  });

  it("says which parts of a follow-up changed", () => {
    expect(detailWords(entry("cadence_step.changed", { step: 2, changes: { body: ["a", "b"], offsetMinutes: [1440, 2880] } }), names)).toBe(
      "Follow-up 2: wording and timing",
    );
    expect(detailWords(entry("cadence_step.changed", { step: 3, changes: { body: ["a", "b"], subject: ["x", "y"], offsetMinutes: [1, 2] } }), names)).toBe(
      "Follow-up 3: wording, email subject and timing",
    );
  });

  it("names colleagues and locations the record has by id", () => {
    expect(detailWords(entry("conversation.assigned", { from: null, to: MARCO }), names)).toBe("To Marco Silva");
    expect(detailWords(entry("conversation.assigned", { from: MARCO, to: PRIYA }), names)).toBe("From Marco Silva to Priya Shah");
    expect(detailWords(entry("conversation.assigned", { from: MARCO, to: null }), names)).toBe("Unassigned from Marco Silva");
    expect(detailWords(entry("user.location_added", { locationId: DOWNTOWN }, { subjectId: MARCO }), names)).toBe("Marco Silva: Downtown");
    expect(detailWords(entry("user.deactivated", null, { subjectId: PRIYA }), names)).toBe("Priya Shah");
    // Someone this colleague doesn't see: not named, and no id shown in the line.
    expect(detailWords(entry("conversation.assigned", { from: null, to: "99999999-9999-4999-8999-999999999999" }), names)).toBe("To someone");
  });

  it("says how a lead's language was set: by staff, from ShopMonkey, or detected from the customer's words", () => {
    expect(actionWords("lead.language_changed")).toBe("Changed the customer's language");
    expect(detailWords(entry("lead.language_changed", { from: "en", to: "es", source: "staff" }), names)).toBe("Language set to Spanish (by staff)");
    expect(detailWords(entry("lead.language_changed", { from: "es", to: "en", source: "staff" }), names)).toBe("Language set to English (by staff)");
    expect(detailWords(entry("lead.language_changed", { from: "en", to: "es", source: "shop_monkey" }), names)).toBe(
      "Language set to Spanish (from ShopMonkey)",
    );
    expect(detailWords(entry("lead.language_changed", { to: "es", source: "detected" }, { actorType: "customer", actorName: null }), names)).toBe(
      "Language detected: Spanish",
    );
    expect(detailWords(entry("lead.language_changed", { to: "es" }), names)).toBe("Language set to Spanish");
    expect(detailWords(entry("lead.language_changed", {}), names)).toBeNull();
  });

  it("says which notifications were switched on or off", () => {
    expect(detailWords(entry("user.notifications_changed", { handoffEmail: [false, true], appointmentSms: [true, false] }), names)).toBe(
      "Handoff emails on · Appointment texts off",
    );
  });

  it("reads a from-and-to pair of an action it doesn't know, and has nothing to say for ids alone", () => {
    expect(detailWords(entry("appointment.outcome", { from: "booked", to: "no_show" }), names)).toBe("From Booked to No-show");
    expect(detailWords(entry("lead.something_new", { from: "one_way", to: "another_way", reason: "staff_stopped" }), names)).toBe(
      "From One way to Another way · Stopped by staff",
    );
    expect(detailWords(entry("conversation.noted", { noteId: "c0ffee00-0000-4000-8000-000000000001" }), names)).toBeNull();
    expect(hasDetails(entry("conversation.noted", { noteId: "c0ffee00-0000-4000-8000-000000000001" }))).toBe(true);
    expect(hasDetails(entry("user.password_changed", null))).toBe(false);
    expect(hasDetails(entry("user.password_changed", {}))).toBe(false);
  });
});
