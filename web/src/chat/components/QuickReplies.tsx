import { dictionary, useWords } from "../i18n";

/** The common asks, in English (the Spanish ones are in i18n.ts). "Book a time" opens the slot picker rather than asking. */
export const QUICK_ASKS = {
  /** About what they asked the estimate for, when there is one. */
  prices: dictionary.en.askPrices,
  hours: dictionary.en.askHours,
  person: dictionary.en.askPerson,
} as const;

interface Props {
  busy: boolean;
  estimate: string | null;
  onAsk(text: string): void;
  onBook(): void;
}

export function QuickReplies({ busy, estimate, onAsk, onBook }: Props) {
  // Sent in the customer's language: the assistant answers in the language it is asked in.
  const words = useWords();
  return (
    <div className="quick" role="group" aria-label={words.quickReplies}>
      <button type="button" disabled={busy} onClick={() => onAsk(words.askPrices(estimate))}>
        {words.prices}
      </button>
      <button type="button" onClick={onBook}>
        {words.bookATime}
      </button>
      <button type="button" disabled={busy} onClick={() => onAsk(words.askHours)}>
        {words.hours}
      </button>
      <button type="button" disabled={busy} onClick={() => onAsk(words.askPerson)}>
        {words.talkToPerson}
      </button>
    </div>
  );
}
