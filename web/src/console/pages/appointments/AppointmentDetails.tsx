import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link } from "react-router";
import type { StaffAppointment } from "../../api/types";
import { useServerNow } from "../../clock";
import { shopTime } from "../../format";
import { useApi } from "../../session";
import { Dialog } from "../../ui/Dialog";
import { Notice } from "../../ui/Notice";
import { customerName, StatusChip, timeRange } from "./AgendaParts";
import { addDays, localParts, shortDayName, todayIn } from "./agendaTime";
import {
  alternativesOf,
  refusalWords,
  useAppointmentChange,
  useServices,
  useSlots,
  type AgendaItem,
  type AppointmentChange,
  type ChangeResult,
  type LocationSummary,
  type Slot,
} from "./queries";
import { SlotPicker } from "./SlotPicker";
import { shopMonkeySync } from "./words";

interface Props {
  item: AgendaItem;
  location: LocationSummary;
  /** What a change left it as, until the agenda's next answer. */
  onChanged(item: AgendaItem): void;
  onClose(): void;
  fallbackFocus?: () => HTMLElement | null | undefined;
}

type Mode = "view" | "move" | "cancel";

/** The shop's wall-clock end of a booking's answer: its local start plus its length. */
function localEndOf(local: string, start: string, end: string): string {
  const at = new Date(`${local.slice(0, 19)}Z`).getTime() + (Date.parse(end) - Date.parse(start));
  return new Date(at).toISOString().slice(0, 19);
}

/** The item as a change left it, until the agenda's next answer. */
function changed(item: AgendaItem, result: ChangeResult): AgendaItem {
  if ("syncState" in result) return { ...item, appointment: result, localEnd: localEndOf(result.local, result.start, result.end) };
  const { start, end, local, status } = result;
  return {
    ...item,
    lane: status === "cancelled" ? null : item.lane,
    appointment: { ...item.appointment, start, end, local, status },
    localEnd: localEndOf(local, start, end),
  };
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The write-back in full: what ShopMonkey has, the error, how many tries, the next one. */
function syncDetail(a: StaffAppointment): string | null {
  const words = shopMonkeySync(a);
  if (!words) return null;
  const tries = a.syncAttempts > 1 ? ` (${a.syncAttempts} tries)` : "";
  if (a.syncState === "synced") return words;
  if (a.syncState === "failed") return `${words}${tries}`;
  return `Sending to ShopMonkey…${a.nextSyncAt ? ` Next try ${shopTime(a.nextSyncAt)}.` : ""}${tries}`;
}

/**
 * One appointment, opened from the agenda: who, what, when, its status and write-back, and what staff can
 * do with it — mark how it went, send it to ShopMonkey again, move it to another free time, or cancel it
 * (asked first: the customer hears of it).
 */
export function AppointmentDetails({ item, location, onChanged, onClose, fallbackFocus }: Props) {
  const a = item.appointment;
  const now = useServerNow();
  const change = useAppointmentChange(a.id, a.leadId);
  const [mode, setMode] = useState<Mode>("view");
  const [said, setSaid] = useState("");
  const [error, setError] = useState<string | null>(null);
  const saidRef = useRef<HTMLParagraphElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const questionId = useId();

  // The question takes the focus (the move, its heading: MovePicker); coming back gives it to the button
  // that went there, or (below) to what happened.
  const was = useRef<Mode>("view");
  useEffect(() => {
    if (mode === "cancel") keep.current?.focus();
    else if (mode === "view") (was.current === "cancel" ? cancelButton : was.current === "move" ? moveButton : null)?.current?.focus();
    was.current = mode;
  }, [mode]);

  // The button pressed may be gone (an outcome marked, the appointment moved): the focus goes to what happened.
  useEffect(() => {
    if (said) saidRef.current?.focus();
  }, [said]);

  function say(text: string) {
    setSaid((previous) => (previous === text ? `${text}\u00a0` : text));
  }

  async function run(what: AppointmentChange, done: string) {
    setError(null);
    try {
      onChanged(changed(item, await change.mutateAsync(what)));
      setMode("view");
      say(done);
    } catch (e) {
      setError(refusalWords(e));
    }
  }

  const holding = a.status === "booked" || a.status === "rescheduled";
  const started = Date.parse(a.start) <= now;
  const day = localParts(a.local).day;
  const sync = syncDetail(a);

  return (
    <Dialog title={customerName(a)} onClose={onClose} className="agenda-dialog" fallbackFocus={fallbackFocus}>
      <dl className="facts agenda-facts">
        <Fact term="Customer">
          <Link to={`/leads/${a.leadId}`}>{customerName(a)}</Link>
        </Fact>
        <Fact term="Service">{a.service}</Fact>
        <Fact term="When">
          <time dateTime={a.start}>
            {shortDayName(day)}, {timeRange(item)}
          </time>
        </Fact>
        {item.lane !== null && <Fact term="Bay">{item.lane + 1}</Fact>}
        <Fact term="Status">
          <StatusChip appointment={a} />
        </Fact>
        {sync && (
          <Fact term="ShopMonkey">
            <span className={a.syncState === "failed" ? "tmsg-failed" : undefined}>{sync}</span>
          </Fact>
        )}
      </dl>
      <p role="status" ref={saidRef} tabIndex={-1} className={said ? "agenda-said" : "sr-only"}>
        {said}
      </p>
      {error && <Notice kind="error">{error}</Notice>}

      {mode === "view" && (
        <>
          {holding && !started && <p className="muted agenda-hint">Completed and no-show can be marked once it has started.</p>}
          <div className="actions">
            {a.status !== "cancelled" && started && a.status !== "completed" && (
              <button type="button" className="primary" disabled={change.isPending} onClick={() => void run({ kind: "outcome", status: "completed" }, "Marked completed.")}>
                Mark completed
              </button>
            )}
            {a.status !== "cancelled" && started && a.status !== "no_show" && (
              <button type="button" disabled={change.isPending} onClick={() => void run({ kind: "outcome", status: "no_show" }, "Marked as a no-show.")}>
                No-show
              </button>
            )}
            {a.syncState === "failed" && (
              <button type="button" disabled={change.isPending} onClick={() => void run({ kind: "sync" }, "Sending to ShopMonkey again.")}>
                Retry sending to ShopMonkey
              </button>
            )}
            {holding && (
              <button
                type="button"
                ref={moveButton}
                disabled={change.isPending}
                onClick={() => {
                  setError(null);
                  setMode("move");
                }}
              >
                Move
              </button>
            )}
            {holding && (
              <button
                type="button"
                ref={cancelButton}
                disabled={change.isPending}
                onClick={() => {
                  setError(null);
                  setMode("cancel");
                }}
              >
                Cancel appointment
              </button>
            )}
          </div>
        </>
      )}

      {mode === "cancel" && (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby={questionId}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.stopPropagation();
            setMode("view");
          }}
        >
          <p id={questionId}>
            Cancel {customerName(a)}’s {a.service} on {shortDayName(day)} at {timeRange(item)}? The customer gets a cancellation text/email.
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={change.isPending} onClick={() => void run({ kind: "cancel" }, "Cancelled. The customer gets a cancellation text/email.")}>
              {change.isPending ? "Cancelling…" : "Cancel appointment"}
            </button>
            <button
              type="button"
              ref={keep}
              disabled={change.isPending}
              onClick={() => setMode("view")}
            >
              Keep it
            </button>
          </div>
        </div>
      )}

      {mode === "move" && (
        <MovePicker
          item={item}
          location={location}
          onMoved={(moved, slot) => {
            onChanged(changed(item, moved));
            setMode("view");
            say(`Moved to ${slot.label}. The customer gets a text/email with the new time.`);
          }}
          onBack={() => setMode("view")}
        />
      )}
      <div className="actions agenda-dialog-close">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

interface MoveProps {
  item: AgendaItem;
  location: LocationSummary;
  onMoved(result: ChangeResult, slot: Slot): void;
  onBack(): void;
}

/**
 * Another free time for the same service: a week of them from the appointment's day (or today, for one in
 * the past), by day; a week later on request. A time taken meanwhile is refused with the nearest free ones,
 * offered instead.
 */
function MovePicker({ item, location, onMoved, onBack }: MoveProps) {
  const a = item.appointment;
  const { clock } = useApi();
  const services = useServices(location.id);
  // Still one of the location's bookable services? (One taken out of the catalog has no free times to offer.)
  const service = services.data?.services.find((s) => s.id === a.serviceId) ?? null;
  const [base] = useState(() => {
    const today = todayIn(location.timeZone, clock.now());
    const day = localParts(a.local).day;
    return day > today ? day : today;
  });
  const [weeks, setWeeks] = useState(0);
  const from = addDays(base, weeks * 7);
  const to = addDays(from, 6);
  const slots = useSlots(a.leadId, service?.id ?? null, from, to);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = useAppointmentChange(a.id, a.leadId);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  async function move() {
    if (!chosen) return;
    setError(null);
    try {
      onMoved(await change.mutateAsync({ kind: "reschedule", start: chosen.start }), chosen);
    } catch (e) {
      setError(refusalWords(e));
      const offered = alternativesOf(e);
      setAlternatives(offered.length ? offered : null);
      setChosen(null);
    }
  }

  // Its own time is free for it (the server counts its bay as free): moving there would change nothing.
  const free = (slots.data?.slots ?? []).filter((s) => Date.parse(s.start) !== Date.parse(a.start));

  return (
    <section className="agenda-move" aria-labelledby={`${a.id}-move`}>
      <h3 id={`${a.id}-move`} ref={heading} tabIndex={-1}>
        Move to another time
      </h3>
      {services.isPending ? (
        <p role="status">Loading…</p>
      ) : services.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void services.refetch() }}>
          {services.error.message}
        </Notice>
      ) : !service ? (
        <p>“{a.service}” can’t be booked from the console any more, so no free times can be offered. Move it in ShopMonkey, or cancel it and book again.</p>
      ) : alternatives ? (
        <SlotPicker key="alternatives" slots={alternatives} value={chosen?.start ?? null} onChange={setChosen} legend="Other free times" />
      ) : slots.isPending ? (
        <p role="status">Loading free times…</p>
      ) : slots.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void slots.refetch() }}>
          {slots.error.message}
        </Notice>
      ) : free.length === 0 ? (
        <p className="empty">
          No free times from {shortDayName(from)} to {shortDayName(to)}.
        </p>
      ) : (
        <SlotPicker key={from} slots={free} value={chosen?.start ?? null} onChange={setChosen} legend={`Free times, ${shortDayName(from)} to ${shortDayName(to)}`} />
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {chosen && (
        <p className="agenda-confirm-line">
          Move to {chosen.label}? The customer gets a text/email with the new time.
        </p>
      )}
      <div className="actions">
        {chosen && (
          <button type="button" className="primary" disabled={change.isPending} onClick={() => void move()}>
            {change.isPending ? "Moving…" : `Move to ${chosen.label}`}
          </button>
        )}
        {service && !alternatives && (
          <>
            {weeks > 0 && (
              <button type="button" onClick={() => setWeeks(weeks - 1)}>
                Earlier times
              </button>
            )}
            <button type="button" onClick={() => setWeeks(weeks + 1)}>
              Later times
            </button>
          </>
        )}
        {alternatives && (
          <button
            type="button"
            onClick={() => {
              setAlternatives(null);
              setError(null);
            }}
          >
            All free times
          </button>
        )}
        <button type="button" disabled={change.isPending} onClick={onBack}>
          Don’t move
        </button>
      </div>
    </section>
  );
}
