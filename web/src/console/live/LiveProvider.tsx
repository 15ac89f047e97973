import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { ConsoleEvent, ConsoleEventType } from "../api/types";
import { threadKey } from "../pages/inbox/queries";
import { useApi, useCurrentStaff } from "../session";
import { LiveContext, type AlertsState, type Live, type LiveStatus, type PresenceEvent, type PresenceListener } from "./context";
import { currentAlerts, requestAlerts, showAppointmentAlert, showNeedsStaffAlert, stopAlerts } from "./desktopAlerts";

const EVENTS_URL = "/api/console/events";

const changes: ConsoleEventType[] = ["lead.created", "lead.updated", "message.created", "conversation.updated", "conversation.needs_staff", "appointment.changed"];

/** A burst of events (a busy minute, or what a resume replays) makes one refetch of each list, not one per event. */
export const COALESCE_MS = 150;

/** After the server refused the stream (the browser then gives up on it), the next tries wait this long. */
export const REOPEN_MS = [2_000, 4_000, 8_000, 16_000, 30_000];

/** An event replayed long after it happened (a laptop waking up) is not news worth an alert. */
const NEWS_FOR_MS = 5 * 60_000;

/** The caches that show what an event names. */
function keysOf(event: ConsoleEvent): QueryKey[] {
  const keys: QueryKey[] = [];
  if (event.conversationId) keys.push(["conversations"], threadKey(event.conversationId));
  if (event.leadId) keys.push(["leads"], ["lead", event.leadId]);
  // The inbox's rows show the customer's name and vehicle.
  if (event.type === "lead.created" || event.type === "lead.updated") keys.push(["conversations"]);
  if (event.type === "appointment.changed") keys.push(["appointments"]);
  return keys;
}

/** A presence event with everything a thread needs to place it; anything else is dropped. */
function asPresence(event: ConsoleEvent | null): PresenceEvent | null {
  return event?.type === "presence" && event.conversationId && event.userId && event.presence ? (event as PresenceEvent) : null;
}

function parse(data: unknown): ConsoleEvent | null {
  try {
    const event: unknown = JSON.parse(String(data));
    return event && typeof event === "object" && "type" in event ? (event as ConsoleEvent) : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in console's one connection to GET /api/console/events. Each change marks the caches that
 * show it stale (the pages on screen fetch them again); `reset` marks them all. A dropped connection is
 * resumed by the browser itself, with Last-Event-ID; one the server refused (the browser does not try
 * again then) is reopened here, after a check that the session is still there. It closes when staff sign
 * out or the session ends, as this leaves the page with the signed-in part of the console.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [status, setStatus] = useState<LiveStatus>("off");
  const [alerts, setAlerts] = useState<AlertsState>(currentAlerts);
  const [announcement, setAnnouncement] = useState("");
  // Presence goes to whoever listens (the open thread), at once and not through React state: a colleague
  // typing must not render the whole console again.
  const presenceListeners = useRef(new Set<PresenceListener>());
  const onPresence = useCallback((listener: PresenceListener) => {
    presenceListeners.current.add(listener);
    return () => void presenceListeners.current.delete(listener);
  }, []);

  // What the stream does with a customer who needs a person; a ref, so the connection outlives re-renders
  // (navigate changes with every route).
  const needsStaff = useRef<(conversationIds: string[]) => void>(() => {});
  needsStaff.current = (conversationIds) => {
    const text = conversationIds.length === 1 ? "A customer needs a person." : `${conversationIds.length} customers need a person.`;
    // The same words again are read out again: a no-break space is added or taken away.
    setAnnouncement((previous) => (previous === text ? `${text}\u00a0` : text));
    if (currentAlerts() !== "on" || document.visibilityState !== "hidden") return;
    for (const id of conversationIds) showNeedsStaffAlert(id, () => navigate(`/inbox/${id}`));
  };

  // Appointments someone else booked, moved or cancelled: counted for the tab's badge, and a desktop alert when
  // the console is in the background (the colleague who made the change is not told of it).
  const me = useCurrentStaff().id;
  // The appointments changed since the agenda was last open, each once however often it changed.
  const [changedAppointments, setChangedAppointments] = useState<ReadonlySet<string>>(() => new Set());
  const seenAppointments = useCallback(() => setChangedAppointments(new Set()), []);
  const appointmentNews = changedAppointments.size;
  const appointmentsChanged = useRef<(events: ConsoleEvent[]) => void>(() => {});
  appointmentsChanged.current = (events) => {
    setChangedAppointments((known) => new Set([...known, ...events.map((e) => e.appointmentId!)]));
    if (currentAlerts() !== "on" || document.visibilityState !== "hidden") return;
    for (const e of events) showAppointmentAlert(e.appointmentId!, e.change!, () => navigate("/appointments"));
  };
  const meRef = useRef(me);
  meRef.current = me;

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let lastId = "";
    let refusals = 0;
    let reopen: ReturnType<typeof setTimeout> | undefined;

    let flushing: ReturnType<typeof setTimeout> | undefined;
    let everything = false;
    const stale = new Map<string, QueryKey>();
    const needy = new Set<string>();
    const booked = new Map<string, ConsoleEvent>();
    const flush = () => {
      flushing = undefined;
      if (everything) void queryClient.invalidateQueries();
      else for (const queryKey of stale.values()) void queryClient.invalidateQueries({ queryKey });
      if (needy.size > 0) needsStaff.current([...needy]);
      if (booked.size > 0) appointmentsChanged.current([...booked.values()]);
      everything = false;
      stale.clear();
      needy.clear();
      booked.clear();
    };
    const soon = () => {
      flushing ??= setTimeout(flush, COALESCE_MS);
    };

    const heard = (message: MessageEvent) => {
      if (message.lastEventId) lastId = message.lastEventId;
    };
    const onChange = (message: MessageEvent) => {
      heard(message);
      const event = parse(message.data);
      if (!event) return;
      for (const key of keysOf(event)) stale.set(JSON.stringify(key), key);
      const age = api.clock.now() - Date.parse(event.at);
      if (event.type === "conversation.needs_staff" && event.conversationId && !(age > NEWS_FOR_MS)) needy.add(event.conversationId);
      if (event.type === "appointment.changed" && event.appointmentId && event.change && event.userId !== meRef.current && !(age > NEWS_FOR_MS))
        booked.set(event.appointmentId, event);
      soon();
    };
    // Not a change of anything cached: nothing is asked for again, the listeners are told.
    const onPresenceEvent = (message: MessageEvent) => {
      heard(message);
      const event = asPresence(parse(message.data));
      if (event) for (const listener of [...presenceListeners.current]) listener(event);
    };
    const onReset = (message: MessageEvent) => {
      heard(message);
      everything = true;
      soon();
    };

    const open = () => {
      // A new EventSource does not know the old one's position: the query carries it.
      const es = new EventSource(lastId ? `${EVENTS_URL}?${new URLSearchParams({ lastEventId: lastId })}` : EVENTS_URL);
      source = es;
      es.onopen = () => {
        refusals = 0;
        setStatus("live");
      };
      es.onerror = () => {
        setStatus("reconnecting");
        // Still CONNECTING: the browser tries again itself, in the server's `retry` time.
        if (es.readyState !== EventSource.CLOSED) return;
        // Refused: a 401 from this check says the session ended (the sign-in page follows, which closes
        // this); else the server was restarting, and the stream is opened again a little later.
        void api.client.GET("/api/console/me").catch(() => undefined);
        reopen = setTimeout(open, REOPEN_MS[Math.min(refusals++, REOPEN_MS.length - 1)]);
      };
      es.addEventListener("ready", heard);
      es.addEventListener("reset", onReset);
      for (const type of changes) es.addEventListener(type, onChange);
      es.addEventListener("presence", onPresenceEvent);
      // `ping` only keeps the connection open: nothing listens for it.
    };

    setStatus("connecting");
    open();
    return () => {
      source?.close();
      clearTimeout(reopen);
      clearTimeout(flushing);
      setStatus("off");
    };
  }, [api, queryClient]);

  const live = useMemo<Live>(
    () => ({
      status,
      alerts,
      announcement,
      turnOnAlerts: async () => setAlerts(await requestAlerts()),
      turnOffAlerts: () => setAlerts(stopAlerts()),
      onPresence,
      appointmentNews,
      seenAppointments,
    }),
    [status, alerts, announcement, onPresence, appointmentNews, seenAppointments],
  );
  return <LiveContext value={live}>{children}</LiveContext>;
}
