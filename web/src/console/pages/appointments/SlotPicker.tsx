import { useId, useState } from "react";
import { clockTime, dayInWords, localParts, shortDayName } from "./agendaTime";
import type { Slot } from "./queries";

interface Props {
  slots: Slot[];
  /** The chosen slot's start, or null. */
  value: string | null;
  onChange(slot: Slot): void;
  /** What the times are, for the group's legend: "Free times", "Other free times". */
  legend: string;
  /** How many days are open at first; the rest open with a press. */
  openDays?: number;
}

/** The slots by the shop's day, in the order they come (the server's: soonest first). */
export function slotsByDay(slots: Slot[]): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = localParts(slot.local).day;
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days];
}

/**
 * Free times to choose one of, a day at a time: each day folds open (the first few already are), its
 * times radio buttons named by the slot's label ("Sat Nov 28, 9:00 am") and showing only the time.
 */
export function SlotPicker({ slots, value, onChange, legend, openDays = 3 }: Props) {
  const name = useId();
  const days = slotsByDay(slots);
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(days.filter(([, daySlots], i) => i < openDays || daySlots.some((s) => s.start === value)).map(([day]) => day)),
  );
  const toggle = (day: string, isOpen: boolean) =>
    setOpen((current) => {
      if (current.has(day) === isOpen) return current;
      const next = new Set(current);
      if (isOpen) next.add(day);
      else next.delete(day);
      return next;
    });

  return (
    <fieldset className="slot-picker">
      <legend>{legend}</legend>
      {days.map(([day, daySlots]) => (
        <details key={day} className="slot-day" open={open.has(day)} onToggle={(e) => toggle(day, e.currentTarget.open)}>
          <summary>
            {shortDayName(day)}{" "}
            <span className="muted">
              · {daySlots.length} {daySlots.length === 1 ? "time" : "times"}
            </span>
          </summary>
          <div className="slot-times" role="group" aria-label={dayInWords(day)}>
            {daySlots.map((slot) => (
              <label key={slot.start} className="slot-time">
                <input type="radio" name={name} value={slot.start} checked={value === slot.start} aria-label={slot.label} onChange={() => onChange(slot)} />
                <span aria-hidden="true">{clockTime(localParts(slot.local).minutes)}</span>
              </label>
            ))}
          </div>
        </details>
      ))}
    </fieldset>
  );
}
