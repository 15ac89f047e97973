import { createParser } from "eventsource-parser";
import type { Appointment, ChatReply, History, Slot, SlotsView } from "./types";

/** The server answered with a refusal (ProblemDetails: 4xx/5xx, with a code where it has one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly alternatives: Slot[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The request or the stream never got a full answer through: offline, or the connection dropped. */
export class NetworkError extends Error {
  constructor(message = "The connection was lost.") {
    super(message);
    this.name = "NetworkError";
  }
}

export interface StreamHandlers {
  onDelta(text: string): void;
  onTool?(name: string): void;
}

/** How one streamed answer ended: the reply, or the server's error event (interrupted, in_progress, …). */
export type StreamEnd = { kind: "done"; reply: ChatReply } | { kind: "error"; code: string; message: string };

/** One event of the live stream: its name (ready, staff_message, reset, ping), its id where it has one, its data. */
export interface LiveEvent {
  event: string;
  id: string | undefined;
  data: Record<string, unknown> | null;
}

/**
 * The customer chat API (/api/chat/{leadId}/…). Every call carries the link's token as a bearer token;
 * a 401 means the link expired while the page was open.
 */
export class ChatApi {
  constructor(
    readonly leadId: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private url(path: string) {
    return `/api/chat/${encodeURIComponent(this.leadId)}${path}`;
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), {
        ...init,
        headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new NetworkError();
    }
    if (!response.ok) throw await problem(response);
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    try {
      return (await response.json()) as T;
    } catch {
      throw new NetworkError();
    }
  }

  history = () => this.json<History>("/history");
  appointments = () => this.json<Appointment[]>("/appointments");

  slots = (serviceId: string, from: string, to: string) =>
    this.json<SlotsView>(`/slots?${new URLSearchParams({ serviceId, from, to })}`);

  book = (serviceId: string, start: string) =>
    this.json<Appointment>("/appointments", { method: "POST", body: JSON.stringify({ serviceId, start }) });

  reschedule = (appointmentId: string, start: string) =>
    this.json<Appointment>(`/appointments/${encodeURIComponent(appointmentId)}/reschedule`, { method: "POST", body: JSON.stringify({ start }) });

  cancel = (appointmentId: string) =>
    this.json<Appointment>(`/appointments/${encodeURIComponent(appointmentId)}/cancel`, { method: "POST", body: "{}" });

  /** A plain link (a phone hands it to its calendar app), so the token rides in the query. */
  calendarUrl = (appointmentId: string) =>
    `${this.url(`/appointments/${encodeURIComponent(appointmentId)}/calendar.ics`)}?${new URLSearchParams({ access_token: this.token })}`;

  /**
   * Sends a message and reads the answer as Server-Sent Events (delta, tool, then done or error).
   * Resolves with how it ended; rejects with ApiError for a refusal (429, 401, 400) and NetworkError when
   * the connection drops before the end — the server finishes and stores the answer regardless.
   */
  async stream(message: string, clientMessageId: string, handlers: StreamHandlers, signal?: AbortSignal): Promise<StreamEnd> {
    const response = await this.request("/stream", {
      method: "POST",
      body: JSON.stringify({ message, clientMessageId }),
      headers: { Accept: "text/event-stream" },
      ...(signal ? { signal } : {}),
    });
    if (!response.body) throw new NetworkError();
    // Set from the parser's callback; a holder, since control flow cannot see that assignment.
    const result: { end: StreamEnd | null } = { end: null };
    const parser = createParser({
      onEvent(event) {
        const data = parseJson(event.data);
        switch (event.event) {
          case "delta":
            handlers.onDelta(String(data?.text ?? ""));
            break;
          case "tool":
            handlers.onTool?.(String(data?.name ?? ""));
            break;
          case "done":
            result.end = { kind: "done", reply: data as unknown as ChatReply };
            break;
          case "error":
            result.end = { kind: "error", code: String(data?.code ?? "error"), message: String(data?.message ?? "Something went wrong.") };
            break;
        }
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
        if (result.end) break;
      }
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new NetworkError();
    } finally {
      reader.releaseLock();
    }
    if (!result.end) throw new NetworkError("The answer stopped before it ended.");
    return result.end;
  }

  /**
   * Listens to the conversation's live stream (GET /events: Server-Sent Events) until it ends or `signal`
   * aborts; resolves then. `lastEventId` (the id of the last event heard) resumes the stream after it: the
   * server sends what was missed. Rejects with ApiError for a refusal (401: the link expired; 404) and
   * NetworkError when the connection breaks.
   */
  async listen(lastEventId: string | null, onEvent: (event: LiveEvent) => void, signal?: AbortSignal): Promise<void> {
    const response = await this.request("/events", {
      headers: { Accept: "text/event-stream", ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}) },
      ...(signal ? { signal } : {}),
    });
    if (!response.body) throw new NetworkError();
    const parser = createParser({ onEvent: (e) => onEvent({ event: e.event ?? "message", id: e.id, data: parseJson(e.data) }) });
    const reader = response.body.getReader();
    // Ends a read that is waiting for the next event (a fetch that does not heed the signal).
    const stop = () => void reader.cancel().catch(() => undefined);
    signal?.addEventListener("abort", stop);
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || signal?.aborted) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (e) {
      if (signal?.aborted) return;
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new NetworkError();
    } finally {
      signal?.removeEventListener("abort", stop);
      reader.releaseLock();
    }
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function problem(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => null);
  const retryAfter = Number(response.headers.get("Retry-After"));
  return new ApiError(
    response.status,
    typeof body?.code === "string" ? body.code : null,
    typeof body?.detail === "string" ? body.detail : typeof body?.title === "string" ? body.title : `HTTP ${response.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    Array.isArray(body?.alternatives) ? (body.alternatives as Slot[]) : [],
  );
}
