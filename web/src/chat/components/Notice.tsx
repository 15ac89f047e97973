import { useEffect, useState } from "react";
import type { Problem } from "../chatReducer";

interface Props {
  problem: Problem;
  phoneDisplay: string;
  phone: string;
  onRetry(): void;
}

/** Seconds left until `at` (ms since the epoch), ticking once a second until it gets there. */
function useSecondsUntil(at: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= at) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** What went wrong with the last message, in plain words, with the way forward. */
export function Notice({ problem, phone, phoneDisplay, onRetry }: Props) {
  const wait = useSecondsUntil(problem.kind === "rate_limited" ? problem.retryAt : null);
  if (problem.kind === "offline")
    return (
      <div className="notice notice-info" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>Connection lost. Reconnecting… Your message is safe.</p>
      </div>
    );
  const [text, action] =
    problem.kind === "rate_limited"
      ? // The alert's words stay put (a screen reader reads them once); the countdown is on the button.
        ["You're sending messages quickly. Please wait a moment.", wait > 0 ? `Send again in ${wait} s` : "Send again"]
      : problem.kind === "interrupted"
        ? ["The answer was cut off.", "Try again"]
        : problem.kind === "not_sent"
          ? ["Your message wasn't sent.", "Send again"]
          : problem.kind === "unanswered"
            ? ["No answer has come through yet.", "Ask again"]
            : [`Sorry, that didn't work. ${problem.message}`, "Try again"];
  return (
    <div className="notice notice-error">
      <p role="alert">
        {text} If it keeps happening, call <a href={`tel:${phone}`}>{phoneDisplay}</a>.
      </p>
      <button type="button" onClick={onRetry} disabled={problem.kind === "rate_limited" && wait > 0}>
        {action}
      </button>
    </div>
  );
}
