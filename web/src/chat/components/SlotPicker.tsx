import { useEffect, useId, useRef, useState } from "react";
import { ApiError, NetworkError, type ChatApi } from "../api";
import { addDays, dayLabel, dayOf, duration, longDay, longLabel, timeLabel } from "../format";
import { useWords } from "../i18n";
import type { Appointment, ServiceSummary, Slot, SlotsView } from "../types";

export const WINDOW_DAYS = 7;

interface Props {
  api: Pick<ChatApi, "slots" | "book" | "reschedule">;
  /** Bookable services; the first choice is `serviceId` when given. */
  services: ServiceSummary[];
  serviceId: string | null;
  /** The day to start on (yyyy-MM-dd), e.g. the one the assistant offered; else the first day with free times. */
  day?: string | null;
  /** The shop's today and last bookable day (yyyy-MM-dd). */
  today: string;
  lastDay: string;
  /** When set, the picker moves this appointment instead of booking a new one. */
  moving: Appointment | null;
  /** The booked (or moved) appointment; null when the lead turned out to have one already (reload it). */
  onDone(appointment: Appointment | null): void;
  onClose(): void;
  onExpired(): void;
}

/** Service, day, time: real free times from the shop's calendar, a week at a time. */
export function SlotPicker({ api, services, serviceId, day: startDay = null, today, lastDay, moving, onDone, onClose, onExpired }: Props) {
  const words = useWords();
  const lang = words.language;
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const initial = services.find((s) => s.id === (moving?.serviceId ?? serviceId)) ?? services[0];
  const [service, setService] = useState(initial?.id ?? "");
  // A week from today, or from the wanted day when that lies beyond the first week.
  const wanted = startDay && startDay >= today && startDay <= lastDay ? startDay : null;
  const [from, setFrom] = useState(wanted && wanted > addDays(today, WINDOW_DAYS - 1) ? wanted : today);
  const [reload, setReload] = useState(0);
  const [view, setView] = useState<SlotsView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [day, setDay] = useState<string | null>(wanted);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const to = addDays(from, WINDOW_DAYS - 1) < lastDay ? addDays(from, WINDOW_DAYS - 1) : lastDay;

  // Focus alone scrolls only until the heading peeks above the dock; bring the whole picker up instead.
  useEffect(() => {
    const section = heading.current?.closest("section");
    section?.scrollIntoView?.({ block: "start" });
    heading.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    if (!service) return;
    let current = true;
    setLoading(true);
    setError(null);
    api
      .slots(service, from, to)
      .then((found) => {
        if (!current) return;
        setView(found);
        setDay((chosen) => (chosen && found.slots.some((s) => dayOf(s.local) === chosen) ? chosen : found.slots[0] ? dayOf(found.slots[0].local) : null));
        setSlot((chosen) => (chosen && found.slots.some((s) => s.start === chosen.start) ? chosen : null));
      })
      .catch((e: unknown) => {
        if (!current) return;
        if (e instanceof ApiError && e.status === 401) return onExpired();
        setView(null);
        setError(e instanceof ApiError ? e.message : words.loadFailed);
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, service, from, to, reload, onExpired]);

  if (!initial)
    return (
      <section className="card picker" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {words.booking}
        </h2>
        <p>{words.noOnlineBooking}</p>
        <button type="button" className="secondary" onClick={onClose}>
          {words.close}
        </button>
      </section>
    );

  const chosenService = services.find((s) => s.id === service) ?? initial;
  const days = Array.from({ length: Math.max(0, dayDiff(from, to) + 1) }, (_, i) => addDays(from, i));
  const slots = view?.slots ?? [];
  const onDay = day ? slots.filter((s) => dayOf(s.local) === day) : [];

  const submit = async () => {
    if (!slot || submitting) return;
    setSubmitting(true);
    setNotice(null);
    try {
      onDone(moving ? await api.reschedule(moving.id, slot.start) : await api.book(service, slot.start));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return onExpired();
      if (e instanceof ApiError && e.code === "already_booked") return onDone(null);
      if (e instanceof ApiError && e.code === "slot_taken") {
        setNotice(words.slotTaken);
        setSlot(null);
        setReload((r) => r + 1);
      } else {
        setNotice(e instanceof NetworkError ? words.connectionLost : e instanceof ApiError ? e.message : words.pleaseTryAgain);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="card picker" aria-labelledby={`${id}-title`} aria-busy={loading}>
      <div className="card-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {moving ? words.pickNewTime : words.pickTime}
        </h2>
        <button type="button" className="link-button" onClick={onClose}>
          {words.close}
          <span className="sr-only">{words.closePicker}</span>
        </button>
      </div>

      {services.length > 1 && !moving ? (
        <div className="field">
          <label htmlFor={`${id}-service`}>{words.service}</label>
          <select
            id={`${id}-service`}
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setSlot(null);
            }}
          >
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} — {s.price}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="picker-service">{chosenService.name}</p>
      )}
      <p className="muted">
        {words.priceAndDuration(chosenService.price, duration(chosenService.durationMinutes))}
      </p>

      <fieldset className="days">
        <legend>{words.day}</legend>
        <div className="chips chips-scroll">
          {days.map((d) => {
            const count = slots.filter((s) => dayOf(s.local) === d).length;
            const label = dayLabel(d, lang);
            return (
              <label key={d} className="chip chip-day" data-disabled={count === 0 || undefined}>
                <input
                  type="radio"
                  name={`${id}-day`}
                  value={d}
                  checked={day === d}
                  disabled={count === 0}
                  onChange={() => {
                    setDay(d);
                    setSlot(null);
                  }}
                />
                <span className="chip-main">{label.weekday}</span>
                <span className="chip-sub">{label.date}</span>
                <span className="sr-only">{words.freeTimes(count)}</span>
              </label>
            );
          })}
        </div>
        <div className="pager">
          <button type="button" className="link-button" disabled={from <= today || loading} onClick={() => setFrom(maxDay(today, addDays(from, -WINDOW_DAYS)))}>
            {words.earlierDays}
          </button>
          <button type="button" className="link-button" disabled={to >= lastDay || loading} onClick={() => setFrom(addDays(from, WINDOW_DAYS))}>
            {words.laterDays}
          </button>
        </div>
      </fieldset>

      {loading && !view ? (
        <p className="muted" role="status">
          {words.lookingUp}
        </p>
      ) : error ? (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => setReload((r) => r + 1)}>
            {words.tryAgain}
          </button>
        </div>
      ) : slots.length === 0 ? (
        <p className="muted">{words.noFreeTimes}</p>
      ) : day ? (
        <fieldset className="times">
          <legend>{words.timesOn(longDay(day, lang))}</legend>
          <div className="chips">
            {onDay.map((s) => (
              <label key={s.start} className="chip chip-time">
                <input type="radio" name={`${id}-time`} value={s.start} checked={slot?.start === s.start} onChange={() => setSlot(s)} />
                <span className="chip-main">{timeLabel(s.local, lang)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {notice && (
        <p className="notice notice-error" role="alert">
          {notice}
        </p>
      )}

      <button type="button" className="primary" disabled={!slot || submitting} onClick={() => void submit()}>
        {submitting ? words.bookingNow : slot ? (moving ? words.moveTo : words.bookAt)(longLabel(slot.local, lang)) : words.chooseTime}
      </button>
    </section>
  );
}

function dayDiff(a: string, b: string) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
