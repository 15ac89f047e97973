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
 * The server's clock, as far as the console can tell: every answer carries a `Date` header, and the
 * difference from this device's clock (server − local, from the latest answer) is kept. Ages ("waiting
 * 12 min") are worked out on the server's clock, so a tablet whose clock drifted, or a server on a test
 * clock, still shows how long a customer has really waited. Until an answer with a `Date` comes (or if
 * none ever does), the offset is 0: the device's own clock.
 */
export interface ServerClock {
  /** Now by the server's clock, in milliseconds since the epoch. */
  now(): number;
  /** Server time − local time, in milliseconds. */
  offset(): number;
}

function createServerClock(localNow: () => number = () => Date.now()) {
  let offset = 0;
  return {
    now: () => localNow() + offset,
    offset: () => offset,
    /** Takes the server's time from an answer, if it says it. */
    heard(response: Response) {
      const date = Date.parse(response.headers.get("Date") ?? "");
      if (Number.isNaN(date)) return;
      // The header is in whole seconds, rounded down: the server's time was somewhere in the second after
      // it. Its middle is the best guess; the latest answer wins, so a clock that is corrected shows at once.
      offset = date + 500 - localNow();
    },
  };
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
  const clock = createServerClock();
  const sessionWatch: Middleware = {
    onResponse({ response, schemaPath }) {
      if (response.status === 401 && schemaPath !== "/api/console/auth/login") listeners.forEach((l) => l());
    },
  };
  const clockWatch: Middleware = {
    onResponse({ response }) {
      clock.heard(response);
    },
  };
  client.use(clockWatch, sessionWatch);
  const serverClock: ServerClock = { now: clock.now, offset: clock.offset };
  return {
    client,
    /** The server's clock, for ages and relative times. */
    clock: serverClock,
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
