import { useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type RefObject } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { failureWords, fieldErrors } from "../../api/problems";
import type { DayOfWeek, LocationSettings, LocationSettingsChange, SetupStep, TestLeadSent } from "../../api/types";
import { isManager, useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useGoLive, useLocationSettings, useSaveLocationSettings, useSendTestLead } from "./locationQueries";
import { SettingsNav } from "./SettingsNav";
import { TimeZoneField } from "./TimeZoneField";

/** The week as the shop reads it, Monday first. */
const week: readonly { day: DayOfWeek; name: string }[] = [
  { day: "monday", name: "Monday" },
  { day: "tuesday", name: "Tuesday" },
  { day: "wednesday", name: "Wednesday" },
  { day: "thursday", name: "Thursday" },
  { day: "friday", name: "Friday" },
  { day: "saturday", name: "Saturday" },
  { day: "sunday", name: "Sunday" },
];

/** What a day that opens again starts with when it had no times. */
const usualOpens = "09:00";
const usualCloses = "17:00";

interface DayRow {
  day: DayOfWeek;
  closed: boolean;
  opens: string;
  closes: string;
}

interface ClosureRow {
  /** The row's own, for React (a date may be empty or the same twice while typing). */
  key: number;
  date: string;
  allDay: boolean;
  opens: string;
  closes: string;
  note: string;
}

interface Form {
  name: string;
  timeZone: string;
  phone: string;
  smsNumber: string;
  email: string;
  bays: string;
  smsWindowStart: string;
  smsWindowEnd: string;
  emailWindowStart: string;
  emailWindowEnd: string;
  hours: DayRow[];
  closures: ClosureRow[];
  slotMinutes: string;
  bufferMinutes: string;
  minimumNoticeMinutes: string;
  horizonDays: string;
}

/** The booking rules, each a whole number: sent together (`booking`), and only when one of them changed. */
const bookingRules = ["slotMinutes", "bufferMinutes", "minimumNoticeMinutes", "horizonDays"] as const;
type BookingRule = (typeof bookingRules)[number];
const isBookingRule = (f: string): f is BookingRule => (bookingRules as readonly string[]).includes(f);

/** The form's fields, in the order they are on the page. */
const fields = [
  "name",
  "phone",
  "timeZone",
  "bays",
  "hours",
  "closures",
  ...bookingRules,
  "smsNumber",
  "smsWindowStart",
  "smsWindowEnd",
  "email",
  "emailWindowStart",
  "emailWindowEnd",
] as const;
type Field = (typeof fields)[number];
type Errors = Partial<Record<Field | "other", string>>;

/** A field as the server names it in a 400's `errors`: a booking rule under `booking.` ("booking.slotMinutes"). */
const serverName = (f: Field) => (isBookingRule(f) ? `booking.${f}` : f);

let nextKey = 0;

function formOf(s: LocationSettings): Form {
  return {
    name: s.name,
    timeZone: s.timeZone,
    phone: s.phone,
    smsNumber: s.smsNumber ?? "",
    email: s.email ?? "",
    bays: String(s.bays),
    smsWindowStart: s.smsWindowStart,
    smsWindowEnd: s.smsWindowEnd,
    emailWindowStart: s.emailWindowStart ?? "",
    emailWindowEnd: s.emailWindowEnd ?? "",
    // A day the server has no row for is closed.
    hours: week.map(({ day }) => {
      const h = s.hours.find((x) => x.day === day);
      return h?.opens && h.closes ? { day, closed: false, opens: h.opens, closes: h.closes } : { day, closed: true, opens: "", closes: "" };
    }),
    closures: s.closures.map((c) => ({
      key: ++nextKey,
      date: c.date,
      allDay: !c.opens,
      opens: c.opens ?? "",
      closes: c.closes ?? "",
      note: c.note ?? "",
    })),
    slotMinutes: String(s.booking.slotMinutes),
    bufferMinutes: String(s.booking.bufferMinutes),
    minimumNoticeMinutes: String(s.booking.minimumNoticeMinutes),
    horizonDays: String(s.booking.horizonDays),
  };
}

/**
 * The whole form, as the server takes it: "" clears the texting number, the email and the email window; the lists
 * replace the stored ones; the booking rules only when one of them differs from `stored` (else null: unchanged).
 */
function bodyOf(f: Form, stored: LocationSettings): LocationSettingsChange {
  const booking = {
    slotMinutes: Number(f.slotMinutes),
    bufferMinutes: Number(f.bufferMinutes),
    minimumNoticeMinutes: Number(f.minimumNoticeMinutes),
    horizonDays: Number(f.horizonDays),
  };
  const bookingChanged = bookingRules.some((r) => booking[r] !== stored.booking[r]);
  return {
    name: f.name,
    timeZone: f.timeZone,
    phone: f.phone,
    smsNumber: f.smsNumber,
    email: f.email,
    bays: Number(f.bays),
    smsWindowStart: f.smsWindowStart,
    smsWindowEnd: f.smsWindowEnd,
    emailWindowStart: f.emailWindowStart,
    emailWindowEnd: f.emailWindowEnd,
    hours: f.hours.map((h) => (h.closed ? { day: h.day, opens: null, closes: null } : { day: h.day, opens: h.opens || null, closes: h.closes || null })),
    closures: f.closures.map((c) => ({
      date: c.date,
      opens: c.allDay ? null : c.opens || null,
      closes: c.allDay ? null : c.closes || null,
      note: c.note.trim() || null,
    })),
    booking: bookingChanged ? booking : null,
  };
}

/** What each booking rule takes, said when the box isn't a whole number. */
const bookingRange: Record<BookingRule, string> = {
  slotMinutes: "Minutes between start times: 5 to 240.",
  bufferMinutes: "Minutes kept free after each job: 0 to 240.",
  minimumNoticeMinutes: "Minutes from now: 0 to 10080 (a week).",
  horizonDays: "Days ahead: 1 to 180.",
};

const wholeNumber = (v: string) => /^\s*\d+\s*$/.test(v);

/** What the server can't even read, said before sending: a count that isn't a whole number, a day off without its date. */
function checkForm(f: Form): Errors {
  const found: Errors = {};
  if (!wholeNumber(f.bays)) found.bays = "How many cars the shop works on at once: 1 to 50.";
  if (f.closures.some((c) => !c.date)) found.closures = "Choose the date of each holiday or short day, or remove it.";
  for (const rule of bookingRules) if (!wholeNumber(f[rule])) found[rule] = bookingRange[rule];
  return found;
}

/** A refusal: each field's reasons under it (a 400's `errors`, named as the server names them), anything else as a notice. */
function refusal(e: unknown): Errors {
  const found = fieldErrors(e);
  if (found) {
    const errors: Errors = {};
    const rest: string[] = [];
    for (const [key, words] of Object.entries(found)) {
      // fieldErrors has the keys in lower case ("booking.slotminutes").
      const field = fields.find((f) => serverName(f).toLowerCase() === key);
      if (field) errors[field] = words;
      else rest.push(words);
    }
    if (rest.length) errors.other = rest.join(" ");
    return errors;
  }
  if (e instanceof ApiError && e.status === 404) return { other: "This location isn't one of yours any more." };
  return { other: failureWords(e, "Saving didn't work. Try again.") };
}

/** A refusal to open the page, in words. */
function loadWords(e: Error): string {
  if (e instanceof ApiError && e.status === 404) return "There is no such location, or it isn't one of yours.";
  if (e instanceof ApiError && e.status === 403) return "Only the location's managers and the owners change its settings.";
  return e.message;
}

/** "its time zone" → "Its time zone". */
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Settings → Locations → one location (its managers and owners): what is left to set up (the checklist) and
 * "Go live" while it is still setting up; then all its settings in one form, saved together (nothing is saved
 * while any field is refused; each reason shows under its field).
 */
export function LocationSettingsPage() {
  const me = useCurrentStaff();
  const { locationId = "" } = useParams();
  return (
    <main className="settings location-settings">
      <SettingsNav />
      <p className="location-back">
        <Link to="/settings/locations">All locations</Link>
      </p>
      {isManager(me) ? (
        <LocationSettingsView key={locationId} locationId={locationId} />
      ) : (
        <>
          <h1>Location settings</h1>
          <p>Only managers and owners change a location's settings.</p>
        </>
      )}
    </main>
  );
}

function LocationSettingsView({ locationId }: { locationId: string }) {
  const settings = useLocationSettings(locationId);
  const { state } = useLocation();
  const justEnabled = !!(state && typeof state === "object" && (state as { enabled?: unknown }).enabled);

  if (settings.isPending)
    return (
      <>
        <h1>Location settings</h1>
        <p role="status">Loading the location's settings…</p>
      </>
    );
  if (settings.error)
    return (
      <>
        <h1>Location settings</h1>
        <Notice kind="error" action={{ label: "Try again", onClick: () => void settings.refetch() }}>
          {loadWords(settings.error)}
        </Notice>
      </>
    );
  const s = settings.data;
  return (
    <>
      <div className="location-title">
        <h1>{s.name}</h1>
        {s.setupPending ? <span className="tag tag-setting-up">Not live yet — setting up</span> : <span className="tag tag-live">Live</span>}
      </div>
      {s.address && <p className="muted location-address">{s.address}</p>}
      {justEnabled && s.setupPending && (
        <Notice kind="info">Enabled from ShopMonkey. Fill in what is missing below, save, then go live.</Notice>
      )}
      <Checklist settings={s} />
      <TestLead locationId={s.id} />
      <SettingsForm stored={s} />
    </>
  );
}

/** What is done and what is missing; "Go live" while the location is still setting up. */
function Checklist({ settings }: { settings: LocationSettings }) {
  const goLive = useGoLive(settings.id);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  async function start() {
    if (goLive.isPending) return;
    setError(null);
    try {
      await goLive.mutateAsync();
      setLive(true);
      // The button is gone with the setting up: the focus stays in the section.
      heading.current?.focus();
    } catch (e) {
      setError(failureWords(e, "Going live didn't work. Try again."));
    }
  }

  return (
    <section className="card settings-section location-checklist" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        Set-up checklist
      </h2>
      <ul className="checklist" aria-labelledby={id}>
        {settings.checklist.map((step) => (
          <ChecklistItem key={step.key} step={step} />
        ))}
      </ul>
      {settings.setupPending && (
        <>
          <p>Not live yet: nothing is sent to this location's customers until it goes live. Their follow-ups wait, none are lost.</p>
          {error && <Notice kind="error">{error}</Notice>}
          <div className="actions">
            <button type="button" className="primary" disabled={goLive.isPending} onClick={() => void start()}>
              {goLive.isPending ? "Going live…" : "Go live"}
            </button>
          </div>
        </>
      )}
      <div role="status">{live && <Notice kind="info">Live: this location's customers are texted and emailed from now on.</Notice>}</div>
    </section>
  );
}

/** "Send me a test lead": what this location's customers get first, on the colleague's own phone and inbox. */
function TestLead({ locationId }: { locationId: string }) {
  const send = useSendTestLead(locationId);
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<{ phone?: string; email?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<TestLeadSent | null>(null);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (send.isPending) return;
    setErrors({});
    setError(null);
    setSent(null);
    try {
      setSent(await send.mutateAsync({ phone: phone.trim() || null, email: email.trim() || null }));
    } catch (failure) {
      const { phone: badPhone, email: badEmail } = fieldErrors(failure) ?? {};
      if (badPhone || badEmail) setErrors({ ...(badPhone && { phone: badPhone }), ...(badEmail && { email: badEmail }) });
      else setError(failureWords(failure, "The test lead didn't go. Try again."));
    }
  }

  return (
    <section className="card settings-section" aria-labelledby={id}>
      <h2 id={id}>Send me a test lead</h2>
      <p className="muted">
        A made-up estimate for you: the first text and the first email a customer of this location gets, with their chat link, sent now
        (live or not). It is marked as a test and left out of every figure.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Your mobile number"
          value={phone}
          onValue={setPhone}
          type="tel"
          autoComplete="tel"
          hint="Left empty: the number your alerts go to, if you have one."
          error={errors.phone}
        />
        <TextField
          label="Your email"
          value={email}
          onValue={setEmail}
          type="email"
          autoComplete="email"
          hint="Left empty: the address you sign in with."
          error={errors.email}
        />
        {error && <Notice kind="error">{error}</Notice>}
        <div className="actions">
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? "Sending…" : "Send me a test lead"}
          </button>
        </div>
      </form>
      <div role="status">
        {sent && (
          <>
            <Notice kind="info">
              Sent{sent.phone ? `: the first text to ${sent.phone}` : ""}
              {sent.email ? `${sent.phone ? "," : ":"} the first email to ${sent.email}` : ""}. <Link to={`/leads/${sent.leadId}`}>Open the test lead</Link>
            </Notice>
            {sent.notes.length > 0 && (
              <ul className="test-lead-notes">
                {sent.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function ChecklistItem({ step }: { step: SetupStep }) {
  return (
    <li className={step.done ? "checklist-item checklist-done" : "checklist-item checklist-missing"}>
      <span className="checklist-state">{step.done ? "✓ Done" : "Missing"}</span>
      <div className="checklist-what">
        <p className="checklist-title">
          {capitalized(step.title)} <span className="tag">{step.required ? "Required" : "Optional"}</span>
        </p>
        <p className="muted checklist-hint">{step.hint}</p>
      </div>
    </li>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> {
  label: string;
  value: string;
  onValue(value: string): void;
  hint?: ReactNode;
  error?: string | undefined;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** A labelled box with its hint and its error under it (both read with it). */
function TextField({ label, value, onValue, hint, error, inputRef, className, ...input }: TextFieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onValue(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="muted field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A group's reason, under its legend's fields (a list's: hours, holidays). */
function GroupError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

function SettingsForm({ stored }: { stored: LocationSettings }) {
  const save = useSaveLocationSettings(stored.id);
  const [form, setForm] = useState<Form>(() => formOf(stored));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const id = useId();
  const refs = {
    name: useRef<HTMLInputElement>(null),
    phone: useRef<HTMLInputElement>(null),
    timeZone: useRef<HTMLElement>(null),
    hours: useRef<HTMLInputElement>(null),
    closures: useRef<HTMLElement>(null),
    bays: useRef<HTMLInputElement>(null),
    smsNumber: useRef<HTMLInputElement>(null),
    smsWindowStart: useRef<HTMLInputElement>(null),
    smsWindowEnd: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    emailWindowStart: useRef<HTMLInputElement>(null),
    emailWindowEnd: useRef<HTMLInputElement>(null),
    slotMinutes: useRef<HTMLInputElement>(null),
    bufferMinutes: useRef<HTMLInputElement>(null),
    minimumNoticeMinutes: useRef<HTMLInputElement>(null),
    horizonDays: useRef<HTMLInputElement>(null),
  } satisfies Record<Field, RefObject<HTMLElement | null>>;
  const addButton = useRef<HTMLButtonElement>(null);
  const firstClosureDate = useRef<HTMLInputElement>(null);
  const focusNewClosure = useRef(false);

  function change(next: Partial<Form>) {
    setForm((f) => ({ ...f, ...next }));
    setSaved(false);
  }
  const set = (field: Exclude<keyof Form, "hours" | "closures">) => (value: string) => change({ [field]: value });

  function setDay(day: DayOfWeek, next: Partial<DayRow>) {
    change({ hours: form.hours.map((h) => (h.day === day ? { ...h, ...next } : h)) });
  }

  function setClosure(key: number, next: Partial<ClosureRow>) {
    change({ closures: form.closures.map((c) => (c.key === key ? { ...c, ...next } : c)) });
  }

  function addClosure() {
    focusNewClosure.current = true;
    change({ closures: [...form.closures, { key: ++nextKey, date: "", allDay: true, opens: "", closes: "", note: "" }] });
  }

  function removeClosure(key: number) {
    change({ closures: form.closures.filter((c) => c.key !== key) });
    // Its Remove button is gone: the focus goes on to add another.
    addButton.current?.focus();
  }

  function show(found: Errors) {
    setErrors(found);
    const first = fields.find((f) => found[f]);
    if (!first) return;
    // The box of a "closures" reason: the first holiday's date, or the button when there are none.
    const target = first === "closures" ? (firstClosureDate.current ?? addButton.current) : refs[first].current;
    target?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    const found = checkForm(form);
    if (Object.keys(found).length) return show(found);
    setErrors({});
    try {
      const kept = await save.mutateAsync(bodyOf(form, stored));
      setForm(formOf(kept));
      setSaved(true);
    } catch (failure) {
      show(refusal(failure));
    }
  }

  const hoursError = `${id}-hours-error`;
  const closuresError = `${id}-closures-error`;
  return (
    <form className="settings-form location-form" onSubmit={(e) => void submit(e)} aria-label="Location settings" noValidate>
      <section className="card settings-section location-fields" aria-labelledby={`${id}-shop`}>
        <h2 id={`${id}-shop`}>The shop</h2>
        <TextField label="Name" value={form.name} onValue={set("name")} error={errors.name} inputRef={refs.name} autoComplete="off" required />
        <TextField
          label="Phone number"
          type="tel"
          autoComplete="off"
          value={form.phone}
          onValue={set("phone")}
          hint="The shop's number for customers to call."
          error={errors.phone}
          inputRef={refs.phone}
          required
        />
        <TimeZoneField
          label="Time zone"
          value={form.timeZone}
          onChange={set("timeZone")}
          hint="Opening hours, texting hours, bookings and reminders are in this time."
          error={errors.timeZone}
          focusRef={refs.timeZone}
        />
        <TextField
          label="Bays"
          type="number"
          inputMode="numeric"
          min={1}
          max={50}
          step={1}
          className="location-bays"
          value={form.bays}
          onValue={set("bays")}
          hint="How many cars the shop works on at once: appointments are booked up to that many at the same time."
          error={errors.bays}
          inputRef={refs.bays}
          required
        />
      </section>

      <fieldset className="card location-hours" aria-describedby={errors.hours ? `${hoursError} ${id}-hours-hint` : `${id}-hours-hint`}>
        <legend>Opening hours</legend>
        <p id={`${id}-hours-hint`} className="muted field-hint">
          The assistant offers times only when the shop is open.
        </p>
        {form.hours.map((h, i) => {
          const name = week.find((w) => w.day === h.day)!.name;
          return (
            <fieldset key={h.day} className="hours-row">
              <legend>{name}</legend>
              <label className="check hours-closed">
                <input
                  type="checkbox"
                  ref={i === 0 ? refs.hours : undefined}
                  checked={h.closed}
                  aria-invalid={errors.hours ? true : undefined}
                  onChange={(e) =>
                    setDay(
                      h.day,
                      e.target.checked ? { closed: true } : { closed: false, opens: h.opens || usualOpens, closes: h.closes || usualCloses },
                    )
                  }
                />{" "}
                Closed
              </label>
              {!h.closed && (
                <div className="hours-times">
                  <TimeBox label="Opens" value={h.opens} onValue={(opens) => setDay(h.day, { opens })} invalid={!!errors.hours} />
                  <TimeBox label="Closes" value={h.closes} onValue={(closes) => setDay(h.day, { closes })} invalid={!!errors.hours} />
                </div>
              )}
            </fieldset>
          );
        })}
        <GroupError id={hoursError} error={errors.hours} />
      </fieldset>

      <fieldset className="card location-closures" aria-describedby={errors.closures ? `${closuresError} ${id}-closures-hint` : `${id}-closures-hint`}>
        <legend>Holidays and short days</legend>
        <p id={`${id}-closures-hint`} className="muted field-hint">
          Days the shop is closed, or open shorter than usual, such as Christmas or the day before it.
        </p>
        {form.closures.length === 0 && <p className="muted">None.</p>}
        {form.closures.map((c, i) => (
          <ClosureFields
            key={c.key}
            row={c}
            number={i + 1}
            invalid={!!errors.closures}
            dateRef={(el) => {
              if (i === 0) firstClosureDate.current = el;
              // A day just added: its date first.
              if (el && i === form.closures.length - 1 && focusNewClosure.current) {
                focusNewClosure.current = false;
                el.focus();
              }
            }}
            onChange={(next) => setClosure(c.key, next)}
            onRemove={() => removeClosure(c.key)}
          />
        ))}
        <GroupError id={closuresError} error={errors.closures} />
        <div className="actions">
          <button type="button" ref={addButton} onClick={addClosure}>
            Add a holiday or short day
          </button>
        </div>
      </fieldset>

      <section className="card settings-section location-fields location-booking" aria-labelledby={`${id}-booking`}>
        <h2 id={`${id}-booking`}>Booking</h2>
        <TextField
          label="Start times every (minutes)"
          type="number"
          inputMode="numeric"
          min={5}
          max={240}
          step={1}
          value={form.slotMinutes}
          onValue={set("slotMinutes")}
          hint="Customers pick from times this far apart, e.g. 30 for 9:00, 9:30, 10:00."
          error={errors.slotMinutes}
          inputRef={refs.slotMinutes}
          required
        />
        <TextField
          label="Free time after each job (minutes)"
          type="number"
          inputMode="numeric"
          min={0}
          max={240}
          step={1}
          value={form.bufferMinutes}
          onValue={set("bufferMinutes")}
          hint="Kept for clean-up and hand-over."
          error={errors.bufferMinutes}
          inputRef={refs.bufferMinutes}
          required
        />
        <TextField
          label="Earliest booking (minutes from now)"
          type="number"
          inputMode="numeric"
          min={0}
          max={10080}
          step={1}
          value={form.minimumNoticeMinutes}
          onValue={set("minimumNoticeMinutes")}
          hint="No one can book sooner than this; 120 is two hours."
          error={errors.minimumNoticeMinutes}
          inputRef={refs.minimumNoticeMinutes}
          required
        />
        <TextField
          label="Bookable days ahead"
          type="number"
          inputMode="numeric"
          min={1}
          max={180}
          step={1}
          value={form.horizonDays}
          onValue={set("horizonDays")}
          hint="How far ahead customers can book."
          error={errors.horizonDays}
          inputRef={refs.horizonDays}
          required
        />
      </section>

      <section className="card settings-section location-fields" aria-labelledby={`${id}-texts`}>
        <h2 id={`${id}-texts`}>Texts</h2>
        <TextField
          label="Texting number"
          type="tel"
          autoComplete="off"
          value={form.smsNumber}
          onValue={set("smsNumber")}
          hint="The Twilio number customers are texted from and reply to, such as +15125550100."
          error={errors.smsNumber}
          inputRef={refs.smsNumber}
        />
        <fieldset className="window" aria-describedby={`${id}-sms-window-hint`}>
          <legend>Texting hours</legend>
          <div className="window-times">
            <TextField
              label="From"
              type="time"
              value={form.smsWindowStart}
              onValue={set("smsWindowStart")}
              error={errors.smsWindowStart}
              inputRef={refs.smsWindowStart}
              required
            />
            <TextField
              label="To"
              type="time"
              value={form.smsWindowEnd}
              onValue={set("smsWindowEnd")}
              error={errors.smsWindowEnd}
              inputRef={refs.smsWindowEnd}
              required
            />
          </div>
          <p id={`${id}-sms-window-hint`} className="muted field-hint">
            Follow-up texts go out only between these times, in the shop's time zone.
          </p>
        </fieldset>
      </section>

      <section className="card settings-section location-fields" aria-labelledby={`${id}-emails`}>
        <h2 id={`${id}-emails`}>Emails</h2>
        <TextField
          label="Email address"
          type="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={form.email}
          onValue={set("email")}
          hint="Optional. Shown to customers in emails and on the chat page."
          error={errors.email}
          inputRef={refs.email}
        />
        <fieldset className="window" aria-describedby={`${id}-email-window-hint`}>
          <legend>Email hours (optional)</legend>
          <div className="window-times">
            <TextField
              label="From"
              type="time"
              value={form.emailWindowStart}
              onValue={set("emailWindowStart")}
              error={errors.emailWindowStart}
              inputRef={refs.emailWindowStart}
            />
            <TextField
              label="To"
              type="time"
              value={form.emailWindowEnd}
              onValue={set("emailWindowEnd")}
              error={errors.emailWindowEnd}
              inputRef={refs.emailWindowEnd}
            />
          </div>
          <p id={`${id}-email-window-hint`} className="muted field-hint">
            Leave both empty to send follow-up emails at any hour.
          </p>
        </fieldset>
      </section>

      {errors.other && <Notice kind="error">{errors.other}</Notice>}
      <div className="actions location-save">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
      {/* There before it says anything, so the confirmation is read out. */}
      <div role="status">{saved && <Notice kind="info">Saved.</Notice>}</div>
    </form>
  );
}

/** A time of day in a row of the week or a holiday: the row's legend names the day. */
function TimeBox({ label, value, onValue, invalid }: { label: string; value: string; onValue(v: string): void; invalid: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="time" value={value} required aria-invalid={invalid ? true : undefined} onChange={(e) => onValue(e.target.value)} />
    </div>
  );
}

interface ClosureProps {
  row: ClosureRow;
  number: number;
  invalid: boolean;
  dateRef(el: HTMLInputElement | null): void;
  onChange(next: Partial<ClosureRow>): void;
  onRemove(): void;
}

/** One holiday or short day: its date, closed all day or its short hours, and a note for staff. */
function ClosureFields({ row, number, invalid, dateRef, onChange, onRemove }: ClosureProps) {
  const id = useId();
  const name = `Holiday or short day ${number}`;
  return (
    <fieldset className="closure-row">
      <legend>{name}</legend>
      <div className="field">
        <label htmlFor={`${id}-date`}>Date</label>
        <input
          id={`${id}-date`}
          ref={dateRef}
          type="date"
          value={row.date}
          required
          aria-invalid={invalid ? true : undefined}
          onChange={(e) => onChange({ date: e.target.value })}
        />
      </div>
      <div className="closure-kind" role="radiogroup" aria-label={`${name}: open or closed`}>
        <label className="check">
          <input type="radio" name={`${id}-kind`} checked={row.allDay} onChange={() => onChange({ allDay: true })} /> Closed all day
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={!row.allDay}
            onChange={() => onChange({ allDay: false, opens: row.opens || usualOpens, closes: row.closes || "13:00" })}
          />{" "}
          Short hours
        </label>
      </div>
      {!row.allDay && (
        <div className="hours-times">
          <TimeBox label="Opens" value={row.opens} onValue={(opens) => onChange({ opens })} invalid={invalid} />
          <TimeBox label="Closes" value={row.closes} onValue={(closes) => onChange({ closes })} invalid={invalid} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <input
          id={`${id}-note`}
          type="text"
          autoComplete="off"
          maxLength={200}
          placeholder="Christmas"
          value={row.note}
          onChange={(e) => onChange({ note: e.target.value })}
        />
      </div>
      <div className="actions">
        <button type="button" aria-label={`Remove ${name}${row.date ? ` (${row.date})` : ""}`} onClick={onRemove}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
