import { ApiError } from "./client";

/**
 * A refused form's reasons per field, from a 400 validation problem's `errors` (each field's sentences joined),
 * keyed in lower case: the framework may name a field as the C# property does ("Password"). Null for any
 * other failure, or a 400 without field reasons.
 */
export function fieldErrors(e: unknown): Record<string, string> | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const errors = e.body.errors && typeof e.body.errors === "object" ? (e.body.errors as Record<string, unknown>) : null;
  if (!errors) return null;
  const found: Record<string, string> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const message = Array.isArray(messages) ? messages.filter((m) => typeof m === "string").join(" ") : "";
    if (!message) continue;
    const field = key.toLowerCase();
    found[field] = found[field] ? `${found[field]} ${message}` : message;
  }
  return Object.keys(found).length ? found : null;
}

/** A failure in words: the server's `detail` (or a network failure's own sentence), else `fallback`. */
export function failureWords(e: unknown, fallback = "That didn't work. Try again."): string {
  return e instanceof Error ? e.message : fallback;
}

/** The problem's `code` when it is an ApiError. */
export function codeOf(e: unknown): string | null {
  return e instanceof ApiError ? e.code : null;
}
