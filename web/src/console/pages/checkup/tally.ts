import type { CheckupItem, CheckupResult } from "./api";

/**
 * One conversation of a run as it ended: the server's checked result, or the failure of its request in words
 * (it counts as failed: a check-up that cannot reach the assistant is not a pass).
 */
export interface Outcome {
  item: CheckupItem;
  result: CheckupResult | null;
  error: string | null;
}

/** Passed of those that ran: "3 of 4". */
export interface Score {
  passed: number;
  ran: number;
}

export interface CategoryTally extends Score {
  category: string;
  leftOut: number;
}

export interface Tally {
  categories: CategoryTally[];
  total: CategoryTally;
  languages: (Score & { language: string })[];
  costUsd: number;
  /** The assistant's own time per conversation answered; null before any was. */
  averageMs: number | null;
  /** Amounts the answers gave that are no price of the shop's catalog. */
  groundingErrors: number;
}

/** Left out at this shop: by the overview, or by the server when the catalog changed since. */
export const leftOutReason = (item: CheckupItem, outcome: Outcome | undefined) => item.notApplicable ?? outcome?.result?.notApplicable ?? null;

export const passed = (o: Outcome) => o.result !== null && o.result.passed && !o.result.notApplicable;

/** The run added up so far: categories and languages in the order the overview first names them. */
export function tally(conversations: readonly CheckupItem[], outcomes: readonly Outcome[]): Tally {
  const byId = new Map(outcomes.map((o) => [o.item.id, o]));
  const categories = new Map<string, CategoryTally>();
  const languages = new Map<string, Score & { language: string }>();
  const total: CategoryTally = { category: "Total", passed: 0, ran: 0, leftOut: 0 };
  for (const item of conversations) {
    const row = categories.get(item.category) ?? { category: item.category, passed: 0, ran: 0, leftOut: 0 };
    categories.set(item.category, row);
    const outcome = byId.get(item.id);
    if (leftOutReason(item, outcome)) {
      row.leftOut++;
      total.leftOut++;
      continue;
    }
    const language = languages.get(item.language) ?? { language: item.language, passed: 0, ran: 0 };
    languages.set(item.language, language);
    if (!outcome) continue;
    const ok = passed(outcome) ? 1 : 0;
    for (const score of [row, total, language]) {
      score.ran++;
      score.passed += ok;
    }
  }
  const answered = outcomes.filter((o) => o.result && !o.result.notApplicable).map((o) => o.result!);
  return {
    categories: [...categories.values()],
    total,
    languages: [...languages.values()],
    // A decimal the API may send as a string.
    costUsd: answered.reduce((sum, r) => sum + Number(r.costUsd), 0),
    averageMs: answered.length ? answered.reduce((sum, r) => sum + r.latencyMs, 0) / answered.length : null,
    groundingErrors: answered.reduce((sum, r) => sum + r.groundingErrors, 0),
  };
}

/** A category as a heading: "off-topic" → "Off-topic". */
export const categoryName = (category: string) => category.charAt(0).toUpperCase() + category.slice(1);

const languageNames: Record<string, string> = { en: "English", es: "Spanish" };

export const languageName = (language: string) => languageNames[language] ?? language.toUpperCase();

/** "3 of 4"; "Not run" before any of them has. */
export const scoreWords = ({ passed, ran }: Score) => (ran ? `${passed} of ${ran}` : "Not run");

/** Seconds, as a manager compares them: "4.2 s". */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
