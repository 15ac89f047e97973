/** The common asks, one tap each. "Book a time" opens the slot picker rather than asking. */
export const QUICK_ASKS = {
  prices: "What are your prices?",
  hours: "What are your opening hours?",
  person: "I'd like to talk to a person, please.",
} as const;

export function QuickReplies({ busy, onAsk, onBook }: { busy: boolean; onAsk(text: string): void; onBook(): void }) {
  return (
    <div className="quick" role="group" aria-label="Quick replies">
      <button type="button" disabled={busy} onClick={() => onAsk(QUICK_ASKS.prices)}>
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
