import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import type { NotificationSettings } from "../../api/types";
import { useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useNotificationSettings, useSaveNotificationSettings } from "./queries";
import { SettingsNav } from "./SettingsNav";

type Choice = Omit<NotificationSettings, "phone">;

/** What a colleague can be told of, each by email and by text. */
const groups = [
  { legend: "When a customer needs a person", email: "handoffEmail", sms: "handoffSms" },
  { legend: "When an appointment is booked, moved or cancelled", email: "appointmentEmail", sms: "appointmentSms" },
] as const satisfies readonly { legend: string; email: keyof Choice; sms: keyof Choice }[];

/**
 * Settings → Notifications: the signed-in colleague's own choice of emails and texts, for when they are
 * away from the console (its badge and desktop alerts are there either way).
 */
export function NotificationsPage() {
  const me = useCurrentStaff();
  const settings = useNotificationSettings();
  return (
    <main className="settings">
      <SettingsNav />
      <h1>Notifications</h1>
      <p className="muted">
        Be told when you're away from the console. Emails go to <span className="settings-email">{me.email}</span>.
      </p>
      <p className="muted">
        Managers and owners are emailed about a handoff nobody picked up even if they chose nothing; the console's badge and desktop alerts are for
        everyone.
      </p>
      {settings.isPending ? (
        <p role="status">Loading your notifications…</p>
      ) : settings.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void settings.refetch() }}>
          {settings.error.message}
        </Notice>
      ) : (
        <NotificationsForm stored={settings.data} />
      )}
    </main>
  );
}

interface FormErrors {
  phone?: string;
  other?: string;
}

/** A refusal: the phone's own reason next to it (a 400's `errors.phone`), anything else as a notice. */
function formErrors(e: unknown): FormErrors {
  if (e instanceof ApiError) {
    const errors = e.body.errors && typeof e.body.errors === "object" ? (e.body.errors as Record<string, unknown>) : null;
    if (e.status === 400 && errors) {
      const found: FormErrors = {};
      const rest: string[] = [];
      for (const [key, messages] of Object.entries(errors)) {
        const message = Array.isArray(messages) ? messages.filter((m) => typeof m === "string").join(" ") : "";
        if (!message) continue;
        // The framework may name the field as the C# property does.
        if (key.toLowerCase() === "phone") found.phone = found.phone ? `${found.phone} ${message}` : message;
        else rest.push(message);
      }
      if (rest.length) found.other = rest.join(" ");
      if (found.phone || found.other) return found;
    }
    return { other: e.message };
  }
  return { other: e instanceof Error ? e.message : "Saving didn't work. Try again." };
}

const choiceOf = ({ phone: _phone, ...choice }: NotificationSettings): Choice => choice;

function NotificationsForm({ stored }: { stored: NotificationSettings }) {
  const save = useSaveNotificationSettings();
  const [choice, setChoice] = useState<Choice>(() => choiceOf(stored));
  const [phone, setPhone] = useState(stored.phone ?? "");
  const [errors, setErrors] = useState<FormErrors>({});
  const [saved, setSaved] = useState(false);
  const phoneBox = useRef<HTMLInputElement>(null);
  const id = useId();
  const texts = choice.handoffSms || choice.appointmentSms;
  // Also shown for a number the server refused while texts are off: the reason needs its field.
  const showPhone = texts || !!errors.phone;

  function choose(key: keyof Choice, on: boolean) {
    setChoice({ ...choice, [key]: on });
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    const number = phone.trim();
    if (texts && !number) {
      setErrors({ phone: "Enter the mobile number to text you at." });
      phoneBox.current?.focus();
      return;
    }
    setErrors({});
    try {
      // The number is kept while texts are off, for when they are turned on again.
      const kept = await save.mutateAsync({ ...choice, phone: number || null });
      setChoice(choiceOf(kept));
      setPhone(kept.phone ?? "");
      setSaved(true);
    } catch (failure) {
      const found = formErrors(failure);
      setErrors(found);
      // The field may only now be shown (a refused number while texts are off): focus it once it is there.
      if (found.phone) requestAnimationFrame(() => phoneBox.current?.focus());
    }
  }

  const hintId = `${id}-phone-hint`;
  const errorId = `${id}-phone-error`;
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Notifications" noValidate>
      {groups.map((g) => (
        <div key={g.legend} className="card">
          <fieldset className="settings-group">
            <legend>{g.legend}</legend>
            <div className="settings-choices">
              <label className="check">
                <input type="checkbox" checked={choice[g.email]} onChange={(e) => choose(g.email, e.target.checked)} /> Email me
              </label>
              <label className="check">
                <input type="checkbox" checked={choice[g.sms]} onChange={(e) => choose(g.sms, e.target.checked)} /> Text me
              </label>
            </div>
          </fieldset>
        </div>
      ))}
      {showPhone && (
        <div className="field settings-phone">
          <label htmlFor={`${id}-phone`}>Mobile number for texts</label>
          <input
            id={`${id}-phone`}
            ref={phoneBox}
            type="tel"
            autoComplete="tel"
            value={phone}
            required={texts}
            aria-invalid={errors.phone ? true : undefined}
            aria-describedby={errors.phone ? `${errorId} ${hintId}` : hintId}
            onChange={(e) => {
              setPhone(e.target.value);
              setSaved(false);
            }}
          />
          <p id={hintId} className="muted field-hint">
            Any format, such as (512) 555-0199 or +1 512 555 0199.
          </p>
          {errors.phone && (
            <p id={errorId} className="field-error">
              {errors.phone}
            </p>
          )}
        </div>
      )}
      {errors.other && <Notice kind="error">{errors.other}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
      {/* There before it says anything, so "Saved." is read out. */}
      <div role="status">{saved && <Notice kind="info">Saved.</Notice>}</div>
    </form>
  );
}
