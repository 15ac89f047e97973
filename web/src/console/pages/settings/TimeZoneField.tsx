import { useId, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** The US time zones a shop is most likely in, by the IANA name the server wants. */
export const commonTimeZones = [
  { zone: "America/New_York", name: "Eastern time" },
  { zone: "America/Chicago", name: "Central time" },
  { zone: "America/Denver", name: "Mountain time" },
  { zone: "America/Phoenix", name: "Arizona (no daylight saving)" },
  { zone: "America/Los_Angeles", name: "Pacific time" },
  { zone: "America/Anchorage", name: "Alaska" },
  { zone: "Pacific/Honolulu", name: "Hawaii" },
] as const;

const OTHER = "other";
const isCommon = (zone: string) => commonTimeZones.some((z) => z.zone === zone);

interface Props {
  label: string;
  /** The IANA name ("" for none chosen yet). */
  value: string;
  onChange(zone: string): void;
  /** The server's reason, under the field. */
  error?: string | undefined;
  hint?: string | undefined;
  /** Given the element to focus (the list, or the name box once "another" is chosen) for an error. */
  focusRef?: RefObject<HTMLElement | null>;
}

/**
 * A time zone: one of the common US ones from a list, or any other by its IANA name ("Another time zone…"
 * opens a box for it). A zone not in the list (stored before) shows in that box.
 */
export function TimeZoneField({ label, value, onChange, error, hint, focusRef }: Props) {
  const id = useId();
  const [other, setOther] = useState(() => value !== "" && !isCommon(value));
  const select = useRef<HTMLSelectElement | null>(null);
  const box = useRef<HTMLInputElement | null>(null);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;

  // What an error focuses: the box once it is there, else the list.
  useLayoutEffect(() => {
    if (focusRef) focusRef.current = other ? box.current : select.current;
  });

  return (
    <div className="field time-zone-field">
      <label htmlFor={`${id}-zone`}>{label}</label>
      <select
        id={`${id}-zone`}
        ref={select}
        value={other ? OTHER : value}
        aria-invalid={error && !other ? true : undefined}
        aria-describedby={other ? (hint ? hintId : undefined) : describedBy}
        onChange={(e) => {
          const chosen = e.target.value;
          if (chosen === OTHER) {
            setOther(true);
            onChange(isCommon(value) ? "" : value);
            requestAnimationFrame(() => box.current?.focus());
          } else {
            setOther(false);
            onChange(chosen);
          }
        }}
      >
        {!other && !value && <option value="">Choose the shop's time zone</option>}
        {commonTimeZones.map((z) => (
          <option key={z.zone} value={z.zone}>
            {z.name} — {z.zone}
          </option>
        ))}
        <option value={OTHER}>Another time zone…</option>
      </select>
      {other && (
        <>
          <label htmlFor={`${id}-name`}>Time zone name</label>
          <input
            id={`${id}-name`}
            ref={box}
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="America/Boise"
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? errorId : null, `${id}-name-hint`].filter(Boolean).join(" ")}
            onChange={(e) => onChange(e.target.value)}
          />
          <p id={`${id}-name-hint`} className="muted field-hint">
            Its name in the time zone database, such as America/Boise or America/Indiana/Indianapolis.
          </p>
        </>
      )}
      {hint && (
        <p id={hintId} className="muted field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
