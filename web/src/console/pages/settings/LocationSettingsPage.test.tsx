import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { LocationSettings, LocationSettingsChange, StaffProfile } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { DOWNTOWN, locationSettings, me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

/** Downtown, just enabled: its texting number and the email are missing, so it can't go live yet. */
const settingUp = locationSettings(DOWNTOWN, {
  setupPending: true,
  smsNumber: null,
  checklist: locationSettings(DOWNTOWN).checklist.map((s) => (s.key === "sms_number" ? { ...s, done: false } : s)),
});

const digits = (phone: string) => phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
const timeOk = (t: string | null) => t === null || /^\d{2}:\d{2}$/.test(t);
const within_ = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * The console for `who` on Downtown's settings, with a server that keeps them as the real one does: every field
 * checked, one bad value saves nothing (400 with each field's reason, a booking rule's under `booking.slotMinutes`
 * and so on); numbers kept in E.164; the booking rules replaced all four when given; the checklist worked out again; going live refused (409 `setup_incomplete`, the missing steps) until each required step is done.
 */
function openPage(stored: LocationSettings = settingUp, who: StaffProfile = me) {
  let current = stored;
  const path = `/locations/${stored.id}`;
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: [{ ...DOWNTOWN, timeZone: current.timeZone, bays: current.bays }] }))
    .on(`GET ${path}/settings`, () => json(current))
    .on(`PUT ${path}/settings`, ({ body }: { body: LocationSettingsChange }) => {
      const errors: Record<string, string[]> = {};
      if (body.phone !== null && digits(body.phone).length !== 10) errors.phone = ["A phone number, like (512) 555-0142 or +15125550142."];
      if (body.smsNumber && digits(body.smsNumber).length !== 10)
        errors.smsNumber = ["The shop's texting number, like +15125550100 (the number Twilio texts from)."];
      if (body.bays !== null && (body.bays < 1 || body.bays > 50)) errors.bays = ["How many cars the shop works on at once: 1 to 50."];
      if (body.timeZone !== null && !/^[A-Z][a-z]+\/[A-Za-z_]+$/.test(body.timeZone))
        errors.timeZone = [`'${body.timeZone}' is not a time zone name this server knows; use one like America/Chicago.`];
      const bad = body.hours?.find((h) => !timeOk(h.opens) || !timeOk(h.closes) || (h.opens === null) !== (h.closes === null) || (h.opens && h.closes! <= h.opens));
      if (bad) errors.hours = [`${bad.day}: opening and closing times like 09:00 and 18:00, the closing later; or neither when closed.`];
      const booking = body.booking;
      if (booking) {
        if (!within_(booking.slotMinutes, 5, 240)) errors["booking.slotMinutes"] = ["Start times 5 to 240 minutes apart."];
        if (!within_(booking.bufferMinutes, 0, 240)) errors["booking.bufferMinutes"] = ["Free time after a job: 0 to 240 minutes."];
        if (!within_(booking.minimumNoticeMinutes, 0, 10080))
          errors["booking.minimumNoticeMinutes"] = ["The earliest booking: 0 to 10080 minutes (a week) from now."];
        if (!within_(booking.horizonDays, 1, 180)) errors["booking.horizonDays"] = ["Bookable 1 to 180 days ahead."];
      }
      if (Object.keys(errors).length) return problem(400, "invalid", "One or more validation errors occurred.", { errors });
      const smsNumber = body.smsNumber === null ? current.smsNumber : body.smsNumber === "" ? null : `+1${digits(body.smsNumber)}`;
      const email = body.email === null ? current.email : body.email || null;
      current = {
        ...current,
        name: body.name ?? current.name,
        timeZone: body.timeZone ?? current.timeZone,
        phone: body.phone === null ? current.phone : `+1${digits(body.phone)}`,
        smsNumber,
        email,
        bays: body.bays ?? current.bays,
        smsWindowStart: body.smsWindowStart ?? current.smsWindowStart,
        smsWindowEnd: body.smsWindowEnd ?? current.smsWindowEnd,
        emailWindowStart: body.emailWindowStart === null ? current.emailWindowStart : body.emailWindowStart || null,
        emailWindowEnd: body.emailWindowEnd === null ? current.emailWindowEnd : body.emailWindowEnd || null,
        hours: body.hours ?? current.hours,
        closures: body.closures ?? current.closures,
        booking: booking ?? current.booking,
        checklist: current.checklist.map((s) =>
          s.key === "sms_number" ? { ...s, done: smsNumber !== null } : s.key === "email" ? { ...s, done: email !== null } : s,
        ),
      };
      return json(current);
    })
    .on(`POST ${path}/go-live`, () => {
      const missing = current.checklist.filter((s) => s.required && !s.done);
      if (missing.length)
        return problem(409, "setup_incomplete", `Before this location texts customers: ${missing.map((s) => s.title).join("; ")}.`, {
          missing: missing.map((s) => s.key),
        });
      current = { ...current, setupPending: false };
      return json(current);
    })
    .on(`POST ${path}/test-lead`, ({ body }: { body: { phone: string | null; email: string | null } }) => {
      if (body.phone !== null && digits(body.phone).length !== 10)
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { phone: ["Your mobile number, like (512) 555-0142 or +15125550142."] } });
      return json({ leadId: "0193d7a4-0000-7000-8000-00000000test", phone: body.phone && `+1${digits(body.phone)}`, email: body.email ?? who.email, notes: current.smsNumber ? [] : ["This location has no texting number yet: the text goes from the platform's number, and a reply may not find the shop."] }, 201);
    });
  return { server, ...renderConsole(server, `/settings/locations/${stored.id}`) };
}

const form = () => within(screen.getByRole("form", { name: "Location settings" }));
const box = (name: string) => form().getByRole("textbox", { name });
const number = (name: string) => form().getByRole("spinbutton", { name });
const booking = () => within(screen.getByRole("region", { name: "Booking" }));
const day = (name: string) => within(form().getByRole("group", { name }));
const checklist = () => within(screen.getByRole("region", { name: "Set-up checklist" }));
const loaded = () => screen.findByRole("form", { name: "Location settings" });
const save = () => form().getByRole("button", { name: "Save" });
const puts = (server: FakeConsole) => server.callsTo(`PUT /locations/${DOWNTOWN.id}/settings`).map((c) => c.body as LocationSettingsChange);

describe("a location's settings", () => {
  it("shows the checklist, what is missing, and the settings as stored", async () => {
    openPage();
    await loaded();

    expect(screen.getByRole("heading", { name: "Downtown", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Not live yet — setting up")).toBeInTheDocument();
    const steps = checklist().getAllByRole("listitem");
    expect(steps.map((li) => li.textContent)).toEqual([
      "✓ DoneLinked to its ShopMonkey location RequiredOrders of this ShopMonkey location become its leads.",
      "✓ DoneIts time zone RequiredTexting hours, bookings and reminders are in the shop's time.",
      "✓ DoneIts opening hours RequiredThe assistant offers times only when the shop is open.",
      "MissingIts texting number RequiredThe number customers are texted from and reply to (a Twilio number).",
      "✓ DoneBookable services RequiredThe shop's services, imported from ShopMonkey's canned services: what customers can book.",
      "MissingIts email address OptionalShown to customers in emails and on the chat page.",
    ]);
    expect(checklist().getByRole("button", { name: "Go live" })).toBeInTheDocument();

    expect(box("Name")).toHaveValue("Downtown");
    expect(box("Phone number")).toHaveValue("+15125550142");
    expect(form().getByRole("combobox", { name: "Time zone" })).toHaveValue("America/Chicago");
    expect(form().getByRole("spinbutton", { name: "Bays" })).toHaveValue(3);
    expect(box("Texting number")).toHaveValue("");
    expect(box("Email address")).toHaveValue("");
    expect(day("Monday").getByRole("checkbox", { name: "Closed" })).not.toBeChecked();
    expect(day("Monday").getByLabelText("Opens")).toHaveValue("08:00");
    expect(day("Monday").getByLabelText("Closes")).toHaveValue("18:00");
    expect(day("Sunday").getByRole("checkbox", { name: "Closed" })).toBeChecked();
    expect(day("Sunday").queryByLabelText("Opens")).not.toBeInTheDocument();
    expect(within(form().getByRole("group", { name: "Texting hours" })).getByLabelText("From")).toHaveValue("09:00");
    expect(within(form().getByRole("group", { name: "Email hours (optional)" })).getByLabelText("From")).toHaveValue("");
    expect(booking().getByRole("spinbutton", { name: "Start times every (minutes)" })).toHaveValue(30);
    expect(booking().getByRole("spinbutton", { name: "Free time after each job (minutes)" })).toHaveValue(15);
    expect(booking().getByRole("spinbutton", { name: "Earliest booking (minutes from now)" })).toHaveValue(120);
    expect(booking().getByRole("spinbutton", { name: "Bookable days ahead" })).toHaveValue(30);
    expect(number("Start times every (minutes)")).toHaveAccessibleDescription(
      "Customers pick from times this far apart, e.g. 30 for 9:00, 9:30, 10:00.",
    );
  });

  it("saves every setting, shows them as stored, and the checklist as it now is", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.clear(box("Name"));
    await user.type(box("Name"), "Downtown Austin");
    await user.type(box("Texting number"), "(512) 555-0100");
    await user.type(box("Email address"), "downtown@shop.example");
    const bays = form().getByRole("spinbutton", { name: "Bays" });
    await user.clear(bays);
    await user.type(bays, "4");
    const emailHours = within(form().getByRole("group", { name: "Email hours (optional)" }));
    await user.type(emailHours.getByLabelText("From"), "08:00");
    await user.type(emailHours.getByLabelText("To"), "19:30");
    await user.click(save());

    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(screen.getByText("Saved.").closest('[role="status"]')).not.toBeNull();
    expect(puts(server)).toEqual([
      {
        name: "Downtown Austin",
        timeZone: "America/Chicago",
        phone: "+15125550142",
        smsNumber: "(512) 555-0100",
        email: "downtown@shop.example",
        bays: 4,
        smsWindowStart: "09:00",
        smsWindowEnd: "20:00",
        emailWindowStart: "08:00",
        emailWindowEnd: "19:30",
        hours: locationSettings(DOWNTOWN).hours,
        closures: [],
        // The booking rules weren't touched: left as they are.
        booking: null,
      },
    ]);
    // As the server keeps it.
    expect(box("Texting number")).toHaveValue("+15125550100");
    const texting = checklist().getAllByRole("listitem")[3]!;
    expect(texting).toHaveTextContent(/^✓ DoneIts texting number/);

    // A change after it is not saved yet.
    await user.type(box("Name"), "!");
    expect(screen.queryByText("Saved.")).not.toBeInTheDocument();
  });

  it("sends the week as seven rows: a Closed day without times, an opened one with its times", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(day("Monday").getByRole("checkbox", { name: "Closed" }));
    expect(day("Monday").queryByLabelText("Opens")).not.toBeInTheDocument();
    // Sunday opens: with the usual times to start from.
    await user.click(day("Sunday").getByRole("checkbox", { name: "Closed" }));
    expect(day("Sunday").getByLabelText("Opens")).toHaveValue("09:00");
    expect(day("Sunday").getByLabelText("Closes")).toHaveValue("17:00");
    await user.clear(day("Sunday").getByLabelText("Closes"));
    await user.type(day("Sunday").getByLabelText("Closes"), "12:00");
    await user.clear(day("Saturday").getByLabelText("Closes"));
    await user.type(day("Saturday").getByLabelText("Closes"), "14:30");
    await user.click(save());

    await screen.findByText("Saved.");
    expect(puts(server)[0]!.hours).toEqual([
      { day: "monday", opens: null, closes: null },
      { day: "tuesday", opens: "08:00", closes: "18:00" },
      { day: "wednesday", opens: "08:00", closes: "18:00" },
      { day: "thursday", opens: "08:00", closes: "18:00" },
      { day: "friday", opens: "08:00", closes: "17:00" },
      { day: "saturday", opens: "09:00", closes: "14:30" },
      { day: "sunday", opens: "09:00", closes: "12:00" },
    ]);
    expect(day("Monday").getByRole("checkbox", { name: "Closed" })).toBeChecked();
  });

  it("adds and removes holidays and short days", async () => {
    const { user, server } = openPage(locationSettings(DOWNTOWN, { closures: [{ date: "2026-11-26", opens: null, closes: null, note: "Thanksgiving" }] }));
    await loaded();
    const thanksgiving = within(form().getByRole("group", { name: "Holiday or short day 1" }));
    expect(thanksgiving.getByLabelText("Date")).toHaveValue("2026-11-26");
    expect(thanksgiving.getByRole("radio", { name: "Closed all day" })).toBeChecked();
    expect(thanksgiving.getByRole("textbox", { name: "Note" })).toHaveValue("Thanksgiving");

    await user.click(form().getByRole("button", { name: "Add a holiday or short day" }));
    const christmasEve = within(form().getByRole("group", { name: "Holiday or short day 2" }));
    expect(christmasEve.getByLabelText("Date")).toHaveFocus();
    await user.type(christmasEve.getByLabelText("Date"), "2026-12-24");
    await user.click(christmasEve.getByRole("radio", { name: "Short hours" }));
    expect(christmasEve.getByLabelText("Opens")).toHaveValue("09:00");
    await user.clear(christmasEve.getByLabelText("Closes"));
    await user.type(christmasEve.getByLabelText("Closes"), "12:00");
    await user.type(christmasEve.getByRole("textbox", { name: "Note" }), "Christmas Eve");

    await user.click(form().getByRole("button", { name: "Add a holiday or short day" }));
    const christmas = within(form().getByRole("group", { name: "Holiday or short day 3" }));
    await user.type(christmas.getByLabelText("Date"), "2026-12-25");

    await user.click(thanksgiving.getByRole("button", { name: "Remove Holiday or short day 1 (2026-11-26)" }));
    expect(form().getByRole("button", { name: "Add a holiday or short day" })).toHaveFocus();
    await user.click(save());

    await screen.findByText("Saved.");
    expect(puts(server)[0]!.closures).toEqual([
      { date: "2026-12-24", opens: "09:00", closes: "12:00", note: "Christmas Eve" },
      { date: "2026-12-25", opens: null, closes: null, note: null },
    ]);
  });

  it("asks for a holiday's date before sending", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(form().getByRole("button", { name: "Add a holiday or short day" }));
    await user.click(save());

    expect(form().getByText("Choose the date of each holiday or short day, or remove it.")).toBeInTheDocument();
    expect(within(form().getByRole("group", { name: "Holiday or short day 1" })).getByLabelText("Date")).toHaveFocus();
    expect(puts(server)).toHaveLength(0);
  });

  it("shows each refused field's reason under it, keeping everything typed, and saves nothing", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.clear(box("Phone number"));
    await user.type(box("Phone number"), "555-01");
    await user.type(box("Texting number"), "12");
    await user.clear(day("Tuesday").getByLabelText("Closes"));
    await user.type(day("Tuesday").getByLabelText("Closes"), "07:00");
    await user.clear(box("Name"));
    await user.type(box("Name"), "Downtown Austin");
    await user.click(save());

    const phone = box("Phone number");
    await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
    expect(phone).toHaveAccessibleDescription(/A phone number, like \(512\) 555-0142 or \+15125550142\./);
    expect(phone).toHaveFocus();
    expect(box("Texting number")).toHaveAttribute("aria-invalid", "true");
    expect(box("Texting number")).toHaveAccessibleDescription(/The shop's texting number, like \+15125550100/);
    expect(form().getByRole("group", { name: "Opening hours" })).toHaveAccessibleDescription(/^tuesday: opening and closing times like 09:00 and 18:00/);
    expect(box("Name")).not.toHaveAttribute("aria-invalid");
    // Nothing typed is lost.
    expect(phone).toHaveValue("555-01");
    expect(box("Texting number")).toHaveValue("12");
    expect(box("Name")).toHaveValue("Downtown Austin");
    expect(day("Tuesday").getByLabelText("Closes")).toHaveValue("07:00");
    expect(screen.queryByText("Saved.")).not.toBeInTheDocument();
    expect(puts(server)).toHaveLength(1);

    await user.clear(phone);
    await user.type(phone, "512 555 0142");
    await user.clear(box("Texting number"));
    await user.clear(day("Tuesday").getByLabelText("Closes"));
    await user.type(day("Tuesday").getByLabelText("Closes"), "18:00");
    await user.click(save());
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(phone).not.toHaveAttribute("aria-invalid");
    expect(box("Name")).toHaveValue("Downtown Austin");
  });

  it("saves the booking rules, all four together, and sends them only when one changed", async () => {
    const { user, server } = openPage();
    await loaded();

    for (const [name, value] of [
      ["Start times every (minutes)", "60"],
      ["Free time after each job (minutes)", "0"],
      ["Earliest booking (minutes from now)", "1440"],
      ["Bookable days ahead", "3"],
    ] as const) {
      await user.clear(number(name));
      await user.type(number(name), value);
    }
    await user.click(save());

    await screen.findByText("Saved.");
    expect(puts(server)[0]!.booking).toEqual({ slotMinutes: 60, bufferMinutes: 0, minimumNoticeMinutes: 1440, horizonDays: 3 });
    // As the server keeps them.
    expect(number("Start times every (minutes)")).toHaveValue(60);
    expect(number("Free time after each job (minutes)")).toHaveValue(0);
    expect(number("Earliest booking (minutes from now)")).toHaveValue(1440);
    expect(number("Bookable days ahead")).toHaveValue(3);

    // Saved again with only the name changed: the rules as now stored, so not sent.
    await user.type(box("Name"), "!");
    await user.click(save());
    await waitFor(() => expect(puts(server)).toHaveLength(2));
    await screen.findByText("Saved.");
    expect(puts(server)[1]!.booking).toBeNull();
    expect(puts(server)[1]!.name).toBe("Downtown!");

    // Changed and changed back: unchanged.
    await user.clear(number("Bookable days ahead"));
    await user.type(number("Bookable days ahead"), "7");
    await user.clear(number("Bookable days ahead"));
    await user.type(number("Bookable days ahead"), "3");
    await user.click(save());
    await waitFor(() => expect(puts(server)).toHaveLength(3));
    expect(puts(server)[2]!.booking).toBeNull();
  });

  it("shows a refused booking rule's reason under it and saves nothing", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.clear(number("Start times every (minutes)"));
    await user.type(number("Start times every (minutes)"), "45");
    await user.clear(number("Free time after each job (minutes)"));
    await user.type(number("Free time after each job (minutes)"), "300");
    await user.click(save());

    const buffer = number("Free time after each job (minutes)");
    await waitFor(() => expect(buffer).toHaveAttribute("aria-invalid", "true"));
    expect(buffer).toHaveAccessibleDescription("Free time after a job: 0 to 240 minutes. Kept for clean-up and hand-over.");
    expect(buffer).toHaveFocus();
    expect(number("Start times every (minutes)")).not.toHaveAttribute("aria-invalid");
    expect(booking().queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("Saved.")).not.toBeInTheDocument();
    expect(puts(server)).toEqual([expect.objectContaining({ booking: { slotMinutes: 45, bufferMinutes: 300, minimumNoticeMinutes: 120, horizonDays: 30 } })]);
    // Nothing typed is lost.
    expect(buffer).toHaveValue(300);
    expect(number("Start times every (minutes)")).toHaveValue(45);

    // An empty box is asked for before sending.
    await user.clear(number("Bookable days ahead"));
    await user.click(save());
    expect(number("Bookable days ahead")).toHaveAttribute("aria-invalid", "true");
    expect(number("Bookable days ahead")).toHaveAccessibleDescription(/^Days ahead: 1 to 180\./);
    expect(number("Bookable days ahead")).toHaveFocus();
    expect(puts(server)).toHaveLength(1);

    await user.type(number("Bookable days ahead"), "30");
    await user.clear(buffer);
    await user.type(buffer, "10");
    await user.click(save());
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(buffer).not.toHaveAttribute("aria-invalid");
    expect(puts(server)[1]!.booking).toEqual({ slotMinutes: 45, bufferMinutes: 10, minimumNoticeMinutes: 120, horizonDays: 30 });
  });

  it("takes a time zone not in the list by its name", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.selectOptions(form().getByRole("combobox", { name: "Time zone" }), "Another time zone…");
    const name = form().getByRole("textbox", { name: "Time zone name" });
    await waitFor(() => expect(name).toHaveFocus());
    await user.type(name, "America/Boise");
    await user.click(save());

    await screen.findByText("Saved.");
    expect(puts(server)[0]!.timeZone).toBe("America/Boise");
    expect(form().getByRole("textbox", { name: "Time zone name" })).toHaveValue("America/Boise");
  });

  it("says what is missing when it can't go live yet, and goes live once it is done", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(checklist().getByRole("button", { name: "Go live" }));

    expect(await checklist().findByRole("alert")).toHaveTextContent("Before this location texts customers: its texting number.");
    expect(screen.getByText("Not live yet — setting up")).toBeInTheDocument();

    await user.type(box("Texting number"), "+1 512 555 0100");
    await user.click(save());
    await screen.findByText("Saved.");
    await user.click(checklist().getByRole("button", { name: "Go live" }));

    expect(await checklist().findByText("Live: this location's customers are texted and emailed from now on.")).toBeInTheDocument();
    expect(checklist().getByText("Live: this location's customers are texted and emailed from now on.").closest('[role="status"]')).not.toBeNull();
    expect(checklist().queryByRole("button", { name: "Go live" })).not.toBeInTheDocument();
    expect(checklist().queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("Not live yet — setting up")).not.toBeInTheDocument();
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(server.callsTo(`POST /locations/${DOWNTOWN.id}/go-live`)).toHaveLength(2);
  });

  it("sends a test lead to the colleague's own phone and email, and links to it", async () => {
    const { user, server } = openPage();
    await loaded();
    const test = within(screen.getByRole("region", { name: "Send me a test lead" }));

    await user.type(test.getByRole("textbox", { name: "Your mobile number" }), "call me");
    await user.click(test.getByRole("button", { name: "Send me a test lead" }));
    expect(await test.findByText("Your mobile number, like (512) 555-0142 or +15125550142.")).toBeInTheDocument();
    expect(test.getByRole("textbox", { name: "Your mobile number" })).toHaveAttribute("aria-invalid", "true");

    await user.clear(test.getByRole("textbox", { name: "Your mobile number" }));
    await user.type(test.getByRole("textbox", { name: "Your mobile number" }), "(512) 555-0199");
    await user.click(test.getByRole("button", { name: "Send me a test lead" }));

    const status = await test.findByText(/Sent: the first text to \+15125550199, the first email to/);
    expect(status.closest('[role="status"]')).not.toBeNull();
    expect(test.getByRole("link", { name: "Open the test lead" })).toHaveAttribute("href", "/console/leads/0193d7a4-0000-7000-8000-00000000test");
    expect(test.getByText(/no texting number yet/)).toBeInTheDocument();
    expect(server.callsTo(`POST /locations/${DOWNTOWN.id}/test-lead`).at(-1)?.body).toEqual({ phone: "(512) 555-0199", email: null });
  });

  it("has no Go live for a location that is live", async () => {
    openPage(locationSettings(DOWNTOWN));
    await loaded();

    expect(checklist().queryByRole("button", { name: "Go live" })).not.toBeInTheDocument();
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("says so when the location isn't one of the colleague's", async () => {
    const { server } = openPage();
    server.once(`GET /locations/${DOWNTOWN.id}/settings`, () => problem(404, "not_found", "Not Found"));

    expect(await screen.findByRole("alert")).toHaveTextContent("There is no such location, or it isn't one of yours.");
  });
});
