import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import type { LeadDetail } from "../../api/types";
import { useServerNow } from "../../clock";
import { Dialog } from "../../ui/Dialog";
import { Notice } from "../../ui/Notice";
import { addDays, duration, shortDayName, todayIn } from "./agendaTime";
import { alternativesOf, refusalWords, useBook, useLocations, useServices, useSlots, type BookedAppointment, type Slot } from "./queries";
import { SlotPicker } from "./SlotPicker";

/** How far ahead the booking offers times, today included. */
export const BOOKING_DAYS = 14;

const holds = (lead: LeadDetail) => lead.appointments.some((a) => a.status === "booked" || a.status === "rescheduled");

/**
 * "Book an appointment" for a lead's page: offered while the lead holds no booked or moved appointment (a
 * lead holds at most one). It opens the booking dialog; what was booked is said here after it closes.
 */
export function BookAppointment({ lead }: { lead: LeadDetail }) {
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState("");
  const saidRef = useRef<HTMLParagraphElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (said) saidRef.current?.focus();
  }, [said]);

  const say = (text: string) => setSaid((previous) => (previous === text ? `${text}\u00a0` : text));
  const name = [lead.customer.firstName, lead.customer.lastName].filter(Boolean).join(" ") || "the customer";
  return (
    <div className="book-appointment">
      <p role="status" ref={saidRef} tabIndex={-1} className={said ? "agenda-said" : "sr-only"}>
        {said}
      </p>
      {!holds(lead) &&
        (lead.lead.locationId ? (
          <button type="button" ref={button} onClick={() => setOpen(true)}>
            Book an appointment
          </button>
        ) : (
          <p className="muted">This lead has no shop location, so it can’t be booked from here.</p>
        ))}
      {open && lead.lead.locationId && (
        <BookDialog
          leadId={lead.lead.id}
          locationId={lead.lead.locationId}
          name={name}
          onClose={() => setOpen(false)}
          onBooked={(booked, service) => {
            setOpen(false);
            say(`Booked ${service} for ${booked.label}. The customer gets a confirmation.`);
          }}
          onAlreadyBooked={(detail) => {
            setOpen(false);
            say(detail);
          }}
        />
      )}
    </div>
  );
}

interface Props {
  leadId: string;
  locationId: string;
  /** The lead's name, for the question. */
  name: string;
  onClose(): void;
  onBooked(appointment: BookedAppointment, service: string): void;
  /** Booked meanwhile (by the customer, or a colleague): the refusal's words; the lead's page shows it. */
  onAlreadyBooked(detail: string): void;
}

/**
 * Booking a lead: a service of their shop, then one of its free times over the next two weeks (by day, the
 * first days open), then the booking. A time taken meanwhile is refused with the nearest free ones, offered
 * instead; any other refusal is said in the server's words.
 */
export function BookDialog({ leadId, locationId, name, onClose, onBooked, onAlreadyBooked }: Props) {
  const id = useId();
  const now = useServerNow();
  const locations = useLocations();
  const services = useServices(locationId);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const offered = services.data?.services ?? [];
  // With one service there is nothing to choose.
  const chosenService = offered.find((s) => s.id === serviceId) ?? (offered.length === 1 ? offered[0] : undefined);
  // Today at the lead's shop (the locations say its zone); the free times wait for it.
  const from = todayIn(locations.data?.locations.find((l) => l.id === locationId)?.timeZone, now);
  const to = addDays(from, BOOKING_DAYS - 1);
  const slots = useSlots(leadId, locations.isPending ? null : (chosenService?.id ?? null), from, to);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const book = useBook(leadId);

  function pickService(next: string) {
    setServiceId(next || null);
    setChosen(null);
    setAlternatives(null);
    setError(null);
  }

  async function confirm() {
    if (!chosen || !chosenService) return;
    setError(null);
    try {
      onBooked(await book.mutateAsync({ serviceId: chosenService.id, start: chosen.start }), chosenService.name);
    } catch (e) {
      // Nothing is left to choose here: the lead's page says so, and shows the appointment.
      if (e instanceof ApiError && e.code === "already_booked") return onAlreadyBooked(refusalWords(e));
      setError(refusalWords(e));
      const instead = alternativesOf(e);
      setAlternatives(instead.length ? instead : null);
      setChosen(null);
    }
  }

  return (
    <Dialog title={`Book an appointment for ${name}`} onClose={onClose} className="agenda-dialog book-dialog">
      {services.isPending ? (
        <p role="status">Loading the services…</p>
      ) : services.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void services.refetch() }}>
          {services.error.message}
        </Notice>
      ) : offered.length === 0 ? (
        <p className="empty">No services can be booked at this shop.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-service`}>Service</label>
            <select id={`${id}-service`} value={chosenService?.id ?? ""} onChange={(e) => pickService(e.target.value)}>
              {offered.length > 1 && <option value="">Choose a service</option>}
              {offered.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} · {duration(s.durationMinutes)} · {s.price}
                </option>
              ))}
            </select>
          </div>
          {!chosenService ? null : alternatives ? (
            <SlotPicker key="alternatives" slots={alternatives} value={chosen?.start ?? null} onChange={setChosen} legend="Other free times" />
          ) : slots.isPending ? (
            <p role="status">Loading free times…</p>
          ) : slots.error ? (
            <Notice kind="error" action={{ label: "Try again", onClick: () => void slots.refetch() }}>
              {slots.error.message}
            </Notice>
          ) : slots.data.slots.length === 0 ? (
            <p className="empty">
              No free times for {chosenService.name} from {shortDayName(from)} to {shortDayName(to)}.
            </p>
          ) : (
            <SlotPicker
              key={chosenService.id}
              slots={slots.data.slots}
              value={chosen?.start ?? null}
              onChange={setChosen}
              legend={`Free times, ${shortDayName(from)} to ${shortDayName(to)}`}
            />
          )}
        </>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {chosen && chosenService && (
        <>
          <p className="agenda-confirm-line">
            Book {chosenService.name} for {name} on {chosen.label}? The customer gets a confirmation.
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={book.isPending} onClick={() => void confirm()}>
              {book.isPending ? "Booking…" : `Book ${chosen.label}`}
            </button>
          </div>
        </>
      )}
      {alternatives && (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setAlternatives(null);
              setError(null);
            }}
          >
            All free times
          </button>
        </div>
      )}
      <div className="actions agenda-dialog-close">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
