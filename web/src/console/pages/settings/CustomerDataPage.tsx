import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { failureWords, fieldErrors } from "../../api/problems";
import type { CustomerExport, CustomerRequest, MessageRetention } from "../../api/types";
import { downloadJson, fileDay } from "../../download";
import { useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useEraseCustomerData, useExportCustomerData, useMessageRetention, useSaveMessageRetention } from "./customerDataQueries";
import { SettingsNav } from "./SettingsNav";

/** "1 row", "14 rows". */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The typed phone number or email as the API takes it: an email when it has an "@", else a phone number. */
function requestOf(typed: string): CustomerRequest {
  const text = typed.trim();
  return text.includes("@") ? { phone: null, email: text } : { phone: text, email: null };
}

/** Whom an answer is about, as the server matched them (its phone in E.164), else as typed. */
const whom = (answer: { phone: string | null; email: string | null }, typed: string) => answer.phone ?? answer.email ?? typed.trim();

/** What a download held, in words. */
function exportedWords(data: CustomerExport): string {
  const tables = Object.values(data.tables);
  const rows = tables.reduce((sum, t) => sum + t.length, 0);
  return `Downloaded ${count(rows, "row", "rows")} from ${count(tables.length, "table", "tables")}.`;
}

/**
 * Settings → Customer data (owners): a customer's request about their own data, by their phone number or email —
 * everything held about them as a file, or all of it erased for good (after saying exactly what that does) — and
 * how long the words of messages are kept before they are redacted.
 */
export function CustomerDataPage() {
  const me = useCurrentStaff();
  return (
    <main className="settings customer-data">
      <SettingsNav />
      <h1>Customer data</h1>
      {me.role === "owner" ? (
        <>
          <p className="muted">When a customer asks for what the shop holds about them, or asks for it to be deleted.</p>
          <div className="settings-sections">
            <FindSection />
            <RetentionSection />
          </div>
        </>
      ) : (
        <p>Only an owner exports or erases a customer's data, and sets how long messages are kept.</p>
      )}
    </main>
  );
}

function Section({ title, titleRef, children }: { title: string; titleRef?: RefObject<HTMLHeadingElement | null>; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card settings-section" aria-labelledby={id}>
      <h2 id={id} ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A customer's phone number or email; their data downloaded, or erased once the owner confirms it. */
function FindSection() {
  const exportData = useExportCustomerData();
  const erase = useEraseCustomerData();
  const [typed, setTyped] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Whom the confirmation is about: as typed when "Erase their data" was pressed.
  const [confirming, setConfirming] = useState<string | null>(null);
  const box = useRef<HTMLInputElement>(null);
  const id = useId();
  const busy = exportData.isPending || erase.isPending;

  /** The typed phone or email, or null (and why, under the field) when there is none. */
  function checked(): string | null {
    setOther(null);
    setDone(null);
    const text = typed.trim();
    if (!text) {
      setFieldError("Type the customer's phone number or email address.");
      box.current?.focus();
      return null;
    }
    setFieldError(null);
    return text;
  }

  /** A refusal: the server's reason about the phone or email under the field (the confirmation closed), anything else as a notice. */
  function refused(e: unknown, fallback: string) {
    const fields = fieldErrors(e);
    if (fields) {
      setConfirming(null);
      setFieldError(fields.phone ?? fields.email ?? Object.values(fields).join(" "));
      box.current?.focus();
    } else setOther(failureWords(e, fallback));
  }

  async function download(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const text = checked();
    if (!text) return;
    try {
      const data = await exportData.mutateAsync(requestOf(text));
      if (Object.keys(data.tables).length === 0) {
        setDone(`Nothing is held about ${whom(data, text)}.`);
        return;
      }
      downloadJson(data, `customer-data-${fileDay(data.exportedAt)}.json`);
      setDone(exportedWords(data));
    } catch (failure) {
      refused(failure, "Downloading their data didn't work. Try again.");
    }
  }

  function ask() {
    if (busy) return;
    const text = checked();
    if (text) setConfirming(text);
  }

  function cancel() {
    setConfirming(null);
    setOther(null);
    box.current?.focus();
  }

  async function confirmErase(text: string) {
    if (busy) return;
    setOther(null);
    try {
      const erased = await erase.mutateAsync(requestOf(text));
      const rows = Object.values(erased.rows);
      const changed = rows.reduce((sum, n) => sum + n, 0);
      setConfirming(null);
      setTyped("");
      setDone(
        erased.leads === 0 && rows.length === 0
          ? `Nothing was held about ${whom(erased, text)} — nothing changed.`
          : `Erased: ${count(erased.leads, "lead", "leads")} (${count(changed, "row", "rows")} in ${count(rows.length, "table", "tables")}) about ${whom(erased, text)}. ` +
              "Their follow-ups are stopped, and they won't be texted or emailed again.",
      );
      box.current?.focus();
    } catch (failure) {
      refused(failure, "Erasing their data didn't work. Nothing was erased; try again.");
    }
  }

  const hint = `${id}-hint`;
  const error = `${id}-error`;
  return (
    <Section title="Find a customer's data">
      <p>Download everything the shop holds about a customer, or erase it when they ask you to.</p>
      <form className="settings-form" onSubmit={(e) => void download(e)} aria-label="Find a customer's data" noValidate>
        <div className="field">
          <label htmlFor={`${id}-who`}>Phone number or email</label>
          <input
            id={`${id}-who`}
            ref={box}
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={typed}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${error} ${hint}` : hint}
            onChange={(e) => {
              setTyped(e.target.value);
              // A confirmation is for the address it names: a changed one asks again.
              setConfirming(null);
              setDone(null);
            }}
          />
          <p id={hint} className="muted field-hint">
            As the customer gave it: a number like (512) 555-0142, or an email address.
          </p>
          {fieldError && (
            <p id={error} className="field-error">
              {fieldError}
            </p>
          )}
        </div>
        {!confirming && (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {exportData.isPending ? "Downloading…" : "Download their data"}
            </button>
            <button type="button" disabled={busy} onClick={ask}>
              Erase their data
            </button>
          </div>
        )}
      </form>
      {confirming && <EraseConfirmation address={confirming} busy={erase.isPending} onConfirm={() => void confirmErase(confirming)} onCancel={cancel} />}
      {other && <Notice kind="error">{other}</Notice>}
      {/* There before it says anything, so the outcome is read out. */}
      <div role="status">{done && <Notice kind="info">{done}</Notice>}</div>
    </Section>
  );
}

/** What erasing does, said before it is done: for good, everywhere, the address repeated on the button. */
function EraseConfirmation({ address, busy, onConfirm, onCancel }: { address: string; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const title = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => title.current?.focus(), []);

  return (
    <div
      className="confirm erase-confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) onCancel();
      }}
    >
      <h3 id={`${id}-title`} ref={title} tabIndex={-1}>
        Erase everything about {address}?
      </h3>
      <div id={`${id}-what`}>
        <p>
          Their names, phone numbers, email addresses, vehicles and the words of every message to and from them are removed from every lead,
          conversation and appointment. Their follow-ups stop, and they are never texted or emailed again: only a scrambled form of the number or
          address is kept, to know not to.
        </p>
        <p>
          <strong>This can't be undone.</strong> Download their data first if they asked for a copy.
        </p>
      </div>
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {busy ? "Erasing…" : `Yes, erase everything about ${address}`}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** How long message bodies are kept; empty keeps them. */
function RetentionSection() {
  const retention = useMessageRetention();
  let body: ReactNode;
  if (retention.isPending) body = <p role="status">Loading…</p>;
  else if (retention.error)
    body = (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void retention.refetch() }}>
        {retention.error.message}
      </Notice>
    );
  else body = <RetentionForm stored={retention.data} />;
  return (
    <Section title="Message retention">
      <p>The words of old messages can be removed after a while; the record that they were sent stays.</p>
      {body}
    </Section>
  );
}

function RetentionForm({ stored }: { stored: MessageRetention }) {
  const save = useSaveMessageRetention();
  const [months, setMonths] = useState(stored.months === null ? "" : String(stored.months));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const id = useId();

  function refuse(words: string) {
    setFieldError(words);
    box.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    setOther(null);
    const text = months.trim();
    if (text && !/^\d+$/.test(text)) return refuse("A whole number of months, 1 to 120; or empty to keep them.");
    setFieldError(null);
    try {
      const kept = await save.mutateAsync({ months: text ? Number(text) : null });
      setMonths(kept.months === null ? "" : String(kept.months));
      setSaved(true);
    } catch (failure) {
      const fields = fieldErrors(failure);
      if (fields) refuse(fields.months ?? Object.values(fields).join(" "));
      else setOther(failureWords(failure, "Saving didn't work. Try again."));
    }
  }

  const hint = `${id}-hint`;
  const error = `${id}-error`;
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Message retention" noValidate>
      <div className="field">
        <label htmlFor={`${id}-months`}>Keep message bodies for (months)</label>
        <input
          id={`${id}-months`}
          ref={box}
          className="retention-months"
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          step={1}
          value={months}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${error} ${hint}` : hint}
          onChange={(e) => {
            setMonths(e.target.value);
            setSaved(false);
          }}
        />
        <p id={hint} className="muted field-hint">
          Empty: keep them. Older texts, emails and chat messages are replaced by a note; who was sent what and when stays.
        </p>
        {fieldError && (
          <p id={error} className="field-error">
            {fieldError}
          </p>
        )}
      </div>
      {other && <Notice kind="error">{other}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
      <div role="status">{saved && <Notice kind="info">Saved.</Notice>}</div>
    </form>
  );
}
