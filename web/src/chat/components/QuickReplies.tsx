/** The common asks, one tap each. "Book a time" opens the slot picker rather than asking. */
export const QUICK_ASKS = {
  /** About what they asked the estimate for, when there is one. */
  prices: (estimate: string | null) => (estimate ? `What are your prices for ${estimate}?` : "What are your prices?"),
  hours: "What are your opening hours?",
  person: "I'd like to talk to a person, please.",
} as const;

interface Props {
  busy: boolean;
  estimate: string | null;
  onAsk(text: string): void;
  onBook(): void;
}

export function QuickReplies({ busy, estimate, onAsk, onBook }: Props) {
  return (
    <div className="quick" role="group" aria-label="Quick replies">
      <button type="button" disabled={busy} onClick={() => onAsk(QUICK_ASKS.prices(estimate))}>
        Prices
      </button>
      <button type="button" onClick={onBook}>
        Book a time
      </button>
      <button type="button" disabled={busy} onClick={() => onAsk(QUICK_ASKS.hours)}>
        Hours
      </button>
      <button type="button" disabled={busy} onClick={() => onAsk(QUICK_ASKS.person)}>
        Talk to a person
      </button>
    </div>
  );
}
