import createClient, { type Middleware } from "openapi-fetch";
import type { ConsolePaths } from "./types";

/** The server refused (a 4xx/5xx ProblemDetails with a `code` where it has one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    /** The whole problem body, for extensions such as `opensAt` or `errors`. */
    readonly body: Record<string, unknown>,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** No answer came back: offline, or the connection dropped. */
export class NetworkError extends Error {
  constructor() {
    super("Can't reach the server. Check the connection and try again.");
    this.name = "NetworkError";
  }
}

/**
 * The console API over the staff cookie (same origin, so the browser sends it and the `Sec-Fetch-Site`
 * header the server's cross-site check reads; bodies go as JSON, which the server requires). No
 * antiforgery token: the strict cookie plus that check is the API's CSRF defence.
 *
 * A 401 from anything but the sign-in itself means the session ended (signed out elsewhere, timed out,
 * password changed): the listeners hear of it so the app can show the sign-in page.
 */
export function createConsoleApi(fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  const listeners = new Set<() => void>();
  // openapi-fetch builds a Request, which needs an absolute URL outside a browser (tests).
  const client = createClient<ConsolePaths>({ baseUrl: window.location.origin, fetch: fetchImpl });
  const sessionWatch: Middleware = {
    onResponse({ response, schemaPath }) {
      if (response.status === 401 && schemaPath !== "/api/console/auth/login") listeners.forEach((l) => l());
    },
  };
  client.use(sessionWatch);
  return {
    client,
    /** Calls `listener` when the API says the session is over; returns the unsubscribe. */
    onSessionEnded(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

/**
 * The data of an openapi-fetch call, or an ApiError/NetworkError: react-query wants failures thrown.
 */
export async function unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new NetworkError();
  }
  const { data, error, response } = result;
  if (response.ok) return data as D;
  const body = error && typeof error === "object" ? (error as Record<string, unknown>) : {};
  const retryAfter = Number(response.headers.get("Retry-After"));
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
  throw new ApiError(
    response.status,
    text("code"),
    text("detail") ?? text("title") ?? `The server answered ${response.status}.`,
    body,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
