import { useEffect, useState } from "react";
import type { Problem } from "../chatReducer";
import { useWords } from "../i18n";

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
  const words = useWords();
  const wait = useSecondsUntil(problem.kind === "rate_limited" ? problem.retryAt : null);
  if (problem.kind === "offline")
    return (
      <div className="notice notice-info" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>{words.reconnecting}</p>
      </div>
    );
  const [text, action] =
    problem.kind === "rate_limited"
      ? // The alert's words stay put (a screen reader reads them once); the countdown is on the button.
        [words.rateLimited, wait > 0 ? words.sendAgainIn(wait) : words.sendAgain]
      : problem.kind === "interrupted"
        ? [words.cutOff, words.tryAgain]
        : problem.kind === "not_sent"
          ? [words.wasNotSent, words.sendAgain]
          : problem.kind === "unanswered"
            ? [words.noAnswerYet, words.askAgain]
            : [words.didNotWork(problem.message), words.tryAgain];
  const [before, after] = words.keepsHappening;
  return (
    <div className="notice notice-error">
      <p role="alert">
        {text} {before}
        <a href={`tel:${phone}`}>{phoneDisplay}</a>
        {after}
      </p>
      <button type="button" onClick={onRetry} disabled={problem.kind === "rate_limited" && wait > 0}>
        {action}
      </button>
    </div>
  );
}
