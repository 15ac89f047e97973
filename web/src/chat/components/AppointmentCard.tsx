import { useEffect, useId, useRef, useState } from "react";
import { longLabel, standalone } from "../format";
import { useWords } from "../i18n";
import type { Appointment, LocationView } from "../types";

interface Props {
  appointment: Appointment;
  serviceName: string;
  location: LocationView;
  calendarUrl: string;
  /** Move the focus here when the card first shows (just booked). */
  focusOnShow: boolean;
  onReschedule(): void;
  onCancel(): Promise<void>;
}

/** The booked appointment: when and where, add it to the calendar, move it or cancel it. */
export function AppointmentCard({ appointment, serviceName, location, calendarUrl, focusOnShow, onReschedule, onCancel }: Props) {
  const words = useWords();
  const when = longLabel(appointment.local, words.language);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, [focusOnShow, appointment.id, appointment.start]);

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      await onCancel();
    } catch {
      setError(words.cancelFailed);
    } finally {
      setCancelling(false);
      setConfirming(false);
    }
  };

  return (
    <section className="card booked" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        <span aria-hidden="true" className="check">✓</span> {words.booked}
      </h2>
      <p className="booked-what">{serviceName}</p>
      <p className="booked-when">{standalone(when)}</p>
      <p className="muted">
        {location.name}, {location.address}
      </p>
      <div className="actions">
        <a className="button primary" href={calendarUrl} download="appointment.ics">
          {words.addToCalendar}
        </a>
        <button type="button" className="secondary" onClick={onReschedule}>
          {words.reschedule}
        </button>
        {!confirming && (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {words.cancel}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label={words.cancelQuestion}>
          <p>{words.cancelYourAppointment(when)}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={cancelling} onClick={() => void cancel()}>
              {cancelling ? words.cancelling : words.yesCancel}
            </button>
            <button type="button" className="secondary" disabled={cancelling} onClick={() => setConfirming(false)}>
              {words.keepIt}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
