import { useEffect, useId, useRef, useState, type CSSProperties } from "react";
import { useSearchParams } from "react-router";
import { useServerNow } from "../../clock";
import { useLive } from "../../live/context";
import { Notice } from "../../ui/Notice";
import { blockName, customerName, StatusChip, SyncBadge, timeRange } from "./AgendaParts";
import { addDays, clockTime, dayInWords, hourLabel, localParts, mondayOf, rangeInWords, shortDayName, timeMinutes, todayIn, validDay, type Day } from "./agendaTime";
import { AppointmentDetails } from "./AppointmentDetails";
import { useAgenda, useLocations, type Agenda, type AgendaDay, type AgendaItem } from "./queries";

type View = "day" | "week";
type Param = "location" | "date" | "view";

/** The agenda's state lives in the address (?location=&date=&view=week): a reload or a shared link keeps it. */
function useAgendaParams() {
  const [params, setParams] = useSearchParams();
  const view: View = params.get("view") === "week" ? "week" : "day";
  const set = (changes: Partial<Record<Param, string>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  return { locationId: params.get("location"), date: validDay(params.get("date")), view, set };
}

/** Without opening hours (a closed day), the time axis runs 8 am to 6 pm. */
const CLOSED_FROM = 8 * 60;
const CLOSED_TO = 18 * 60;
/** The day view's grid has a row per this many minutes. */
const ROW_MINUTES = 5;

/** Where an appointment runs on a day, in minutes of that day (cut at its midnights). */
function spanOn(item: AgendaItem, day: Day): { start: number; end: number } {
  const start = localParts(item.appointment.local);
  const end = localParts(item.localEnd);
  return { start: start.day < day ? 0 : start.minutes, end: end.day > day ? 24 * 60 : end.minutes };
}

/** Whether it runs on the day at all. */
function isOn(item: AgendaItem, day: Day): boolean {
  const start = localParts(item.appointment.local);
  const end = localParts(item.localEnd);
  return start.day <= day && (end.day > day || (end.day === day && (end.minutes > 0 || start.day === day)));
}

const byStart = (a: AgendaItem, b: AgendaItem) => a.appointment.start.localeCompare(b.appointment.start) || (a.lane ?? 99) - (b.lane ?? 99);

/**
 * The shop's agenda: a location's day, its bays side by side with each appointment where it runs, or its
 * week, a column a day. An appointment opens its details, where it can be marked, moved or cancelled.
 */
export function AppointmentsPage() {
  const { locationId, date: asked, view, set } = useAgendaParams();
  // On screen, the agenda shows what changed: the tab's badge goes (and stays away while it is open).
  const { appointmentNews, seenAppointments } = useLive();
  useEffect(() => {
    if (appointmentNews > 0) seenAppointments();
  }, [appointmentNews, seenAppointments]);
  const locations = useLocations();
  const now = useServerNow();
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const list = locations.data?.locations ?? [];
  const location = list.find((l) => l.id === locationId) ?? list[0];
  const today = todayIn(location?.timeZone, now);
  const date = asked ?? today;
  const days = view === "week" ? 7 : 1;
  const first = view === "week" ? mondayOf(date) : date;
  const agenda = useAgenda(location?.id, first, days);
  // The appointment whose details are open, as last seen: from the agenda's answer of `seen`, or as a change
  // (at `seen`) left it. An answer as new shows it as it now is; one that moved out of view keeps the last seen.
  const [opened, setOpened] = useState<{ item: AgendaItem; seen: number } | null>(null);
  const fresh = opened && agenda.dataUpdatedAt >= opened.seen ? agenda.data?.appointments.find((i) => i.appointment.id === opened.item.appointment.id) : undefined;
  const current = fresh ?? opened?.item ?? null;
  const openItem = (item: AgendaItem) => setOpened({ item, seen: agenda.dataUpdatedAt });

  const head = (
    <div className="agenda-head">
      <h1 ref={heading} tabIndex={-1}>
        Appointments
      </h1>
      <div className="segmented-buttons" role="group" aria-label="View">
        <button type="button" aria-pressed={view === "day"} onClick={() => set({ view: "" })}>
          Day
        </button>
        <button type="button" aria-pressed={view === "week"} onClick={() => set({ view: "week" })}>
          Week
        </button>
      </div>
    </div>
  );

  if (locations.isPending)
    return (
      <main className="agenda">
        {head}
        <p role="status">Loading the agenda…</p>
      </main>
    );
  if (locations.error)
    return (
      <main className="agenda">
        {head}
        <Notice kind="error" action={{ label: "Try again", onClick: () => void locations.refetch() }}>
          {locations.error.message}
        </Notice>
      </main>
    );
  if (!location)
    return (
      <main className="agenda">
        {head}
        <p className="empty">No locations are set up yet. Appointments show here once a shop location is connected.</p>
      </main>
    );

  const unit = view === "week" ? "week" : "day";
  const range = view === "week" ? rangeInWords(first, addDays(first, 6)) : dayInWords(first);
  return (
    <main className="agenda">
      {head}
      <div className="agenda-controls">
        {list.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-location`}>Location</label>
            <select id={`${id}-location`} value={location.id} onChange={(e) => set({ location: e.target.value })}>
              {list.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="agenda-where">{location.name}</p>
        )}
        <div className="agenda-nav" role="group" aria-label="Dates">
          <button type="button" onClick={() => set({ date: addDays(date, -days) })}>
            <span aria-hidden="true">←</span>
            <span className="sr-only">Previous {unit}</span>
          </button>
          <button type="button" onClick={() => set({ date: "" })}>
            Today
          </button>
          <button type="button" onClick={() => set({ date: addDays(date, days) })}>
            <span aria-hidden="true">→</span>
            <span className="sr-only">Next {unit}</span>
          </button>
          <label htmlFor={`${id}-date`} className="sr-only">
            Go to a day
          </label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            onChange={(e) => {
              const day = validDay(e.target.value);
              if (day) set({ date: day });
            }}
          />
        </div>
      </div>
      <h2 className="agenda-range" aria-live="polite">
        {view === "day" && first === today ? `${range} · Today` : range}
      </h2>
      {agenda.isPending ? (
        <p role="status">Loading the agenda…</p>
      ) : agenda.error && !agenda.data ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void agenda.refetch() }}>
          {agenda.error.message}
        </Notice>
      ) : (
        <div aria-busy={agenda.isPlaceholderData} className={agenda.isPlaceholderData ? "stale" : undefined}>
          {agenda.isRefetchError && <Notice kind="info">Couldn't refresh the agenda ({agenda.error?.message}). Trying again shortly.</Notice>}
          {view === "day" ? (
            <DayView agenda={agenda.data} day={agenda.data.days.find((d) => d.date === first) ?? agenda.data.days[0]} onOpen={openItem} />
          ) : (
            <WeekView agenda={agenda.data} today={today} onOpen={openItem} onDay={(day) => set({ view: "", date: day })} />
          )}
        </div>
      )}
      {current && (
        <AppointmentDetails
          key={current.appointment.id}
          item={current}
          location={agenda.data?.location ?? location}
          onChanged={(item) => setOpened({ item, seen: Date.now() })}
          onClose={() => setOpened(null)}
          // Its block, drawn anew (cancelled, it is listed below the lanes), or else the page.
          fallbackFocus={() => document.querySelector<HTMLElement>(`[data-appointment="${current.appointment.id}"]`) ?? heading.current}
        />
      )}
    </main>
  );
}

interface BlockProps {
  item: AgendaItem;
  onOpen(item: AgendaItem): void;
  style?: CSSProperties;
  /** Under an hour in the lanes: its lines run on, so the status still shows. */
  short?: boolean;
  /** With its bay (the day view's list on a phone, where the lanes are gone). */
  bay?: boolean;
}

/** An appointment as a button: its time, customer, service, status and write-back; it opens the details. */
function Block({ item, onOpen, style, short = false, bay = false }: BlockProps) {
  const a = item.appointment;
  return (
    <button
      type="button"
      className={`agenda-block agenda-block-${a.status}${short ? " agenda-block-short" : ""}`}
      style={style}
      aria-label={blockName(item)}
      data-appointment={a.id}
      data-lane={item.lane ?? undefined}
      onClick={() => onOpen(item)}
    >
      <span className="agenda-block-time">
        {timeRange(item)}
        {bay && item.lane !== null && <span className="agenda-bay"> · Bay {item.lane + 1}</span>}
      </span>
      <span className="agenda-block-customer">{customerName(a)}</span>
      <span className="agenda-block-service">{a.service}</span>
      <span className="agenda-block-tags">
        <StatusChip appointment={a} /> <SyncBadge appointment={a} />
      </span>
    </button>
  );
}

function hoursInWords(day: AgendaDay): string | null {
  return day.opens && day.closes ? `${clockTime(timeMinutes(day.opens))}–${clockTime(timeMinutes(day.closes))}` : null;
}

/**
 * A day: a lane per bay (at least as many as the appointments take), a time axis from opening to closing
 * (stretched to any appointment outside them; 8 am–6 pm when closed), each appointment a block where it
 * runs. The blocks come in the order of their times, so a screen reader, the keyboard and a phone (where the
 * lanes fold into one list, styles.css) take them in that order. The cancelled ones are listed below.
 */
function DayView({ agenda, day, onOpen }: { agenda: Agenda; day: AgendaDay | undefined; onOpen(item: AgendaItem): void }) {
  const cancelledId = useId();
  if (!day) return null;
  const items = agenda.appointments.filter((i) => isOn(i, day.date)).sort(byStart);
  const inLanes = items.filter((i) => i.lane !== null);
  const cancelled = items.filter((i) => i.lane === null);
  const lanes = Math.max(agenda.location.bays, ...inLanes.map((i) => i.lane! + 1), 1);

  const opens = day.opens ? timeMinutes(day.opens) : CLOSED_FROM;
  const closesAt = day.closes ? timeMinutes(day.closes) : CLOSED_TO;
  const closes = closesAt > opens ? closesAt : 24 * 60;
  const spans = new Map(inLanes.map((i) => [i.appointment.id, spanOn(i, day.date)] as const));
  const axisStart = Math.floor(Math.min(opens, ...[...spans.values()].map((s) => s.start)) / 60) * 60;
  const axisEnd = Math.max(axisStart + 60, Math.ceil(Math.max(closes, ...[...spans.values()].map((s) => s.end)) / 60) * 60);
  const row = (minutes: number) => Math.round((minutes - axisStart) / ROW_MINUTES) + 1;
  const hours: number[] = [];
  for (let h = axisStart; h < axisEnd; h += 60) hours.push(h);
  const hoursLine = hoursInWords(day);

  return (
    <>
      {!day.opens ? (
        <p className="agenda-closed">
          <strong>Closed</strong>
          {day.note && <span> · {day.note}</span>}
        </p>
      ) : (
        <p className="muted agenda-hours">
          Open {hoursLine}
          {day.note && <span> · {day.note}</span>}
        </p>
      )}
      {inLanes.length === 0 && <p className="empty">No appointments this day.</p>}
      <div className="agenda-day" style={{ "--lanes": lanes, "--rows": row(axisEnd) - 1 } as CSSProperties}>
        <div className="agenda-lane-heads" aria-hidden="true">
          <span />
          {Array.from({ length: lanes }, (_, lane) => (
            <span key={lane}>Bay {lane + 1}</span>
          ))}
        </div>
        <div className="agenda-grid" role="group" aria-label={`Bays, ${dayInWords(day.date)}`}>
          {hours.map((h) => (
            <span key={h} className="agenda-hour" aria-hidden="true" style={{ gridRow: `${row(h)} / span ${60 / ROW_MINUTES}` }}>
              {hourLabel(h)}
            </span>
          ))}
          {Array.from({ length: lanes }, (_, lane) => (
            <span key={`lane-${lane}`} className="agenda-lane" aria-hidden="true" style={{ gridColumn: lane + 2, gridRow: "1 / -1" }} />
          ))}
          {opens > axisStart && <span className="agenda-off" aria-hidden="true" style={{ gridRow: `1 / ${row(opens)}` }} />}
          {closes < axisEnd && <span className="agenda-off" aria-hidden="true" style={{ gridRow: `${row(closes)} / -1` }} />}
          {inLanes.map((item) => {
            const span = spans.get(item.appointment.id)!;
            const from = row(span.start);
            return (
              <Block
                key={item.appointment.id}
                item={item}
                onOpen={onOpen}
                bay
                short={span.end - span.start < 60}
                style={{ gridColumn: item.lane! + 2, gridRow: `${from} / ${Math.max(row(span.end), from + 1)}` }}
              />
            );
          })}
        </div>
      </div>
      {cancelled.length > 0 && (
        <section className="agenda-cancelled" aria-labelledby={cancelledId}>
          <h3 id={cancelledId}>Cancelled</h3>
          <ul className="agenda-items">
            {cancelled.map((item) => (
              <li key={item.appointment.id}>
                <Block item={item} onOpen={onOpen} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The day of the week an appointment is listed under: the day it starts (the first, for one that started before). */
function listedOn(item: AgendaItem, first: Day): Day {
  const day = localParts(item.appointment.local).day;
  return day < first ? first : day;
}

/** A week: a column a day, each its appointments in the order of their times (the cancelled ones struck through). */
function WeekView({ agenda, today, onOpen, onDay }: { agenda: Agenda; today: Day; onOpen(item: AgendaItem): void; onDay(day: Day): void }) {
  const id = useId();
  const first = agenda.days[0]?.date ?? today;
  const sorted = [...agenda.appointments].sort(byStart);
  return (
    <div className="agenda-week">
      {agenda.days.map((day) => {
        const items = sorted.filter((i) => listedOn(i, first) === day.date);
        const titleId = `${id}-${day.date}`;
        const hoursLine = hoursInWords(day);
        return (
          <section key={day.date} className={`agenda-week-day${day.date === today ? " agenda-week-today" : ""}`} aria-labelledby={titleId}>
            <h3>
              <button type="button" className="agenda-day-link" aria-current={day.date === today ? "date" : undefined} onClick={() => onDay(day.date)}>
                <span id={titleId}>{shortDayName(day.date)}</span>
                <span className="sr-only">: open the day</span>
              </button>
            </h3>
            {!day.opens ? (
              <p className="agenda-closed">
                <strong>Closed</strong>
                {day.note && <span> · {day.note}</span>}
              </p>
            ) : (
              <p className="muted agenda-hours">
                {hoursLine}
                {day.note && <span> · {day.note}</span>}
              </p>
            )}
            {items.length === 0 ? (
              <p className="muted">No appointments.</p>
            ) : (
              <ul className="agenda-items">
                {items.map((item) => (
                  <li key={item.appointment.id}>
                    <Block item={item} onOpen={onOpen} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
