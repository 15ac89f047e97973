import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ChatApi } from "./api";
import { AppointmentCard } from "./components/AppointmentCard";
import { Composer } from "./components/Composer";
import { Header } from "./components/Header";
import { LinkProblem } from "./components/LinkProblem";
import { MessageList } from "./components/MessageList";
import { Notice } from "./components/Notice";
import { QuickReplies } from "./components/QuickReplies";
import { SlotPicker } from "./components/SlotPicker";
import { longLabel } from "./format";
import { useWords, wordsFor, WordsProvider } from "./i18n";
import type { Appointment, Boot, ChatContext } from "./types";
import { useChat } from "./useChat";

const holding = (a: Appointment) => a.status === "booked" || a.status === "rescheduled";

/** "Hi Sam! Thanks for asking about Ceramic Window Tint for your 2021 Toyota Camry. …", in the lead's language. */
export function greeting(context: ChatContext) {
  return wordsFor(context.language).greeting({
    name: context.firstName?.trim() || null,
    estimate: context.estimate,
    vehicle: context.vehicle,
    shop: context.location.name,
  });
}

/** Where the keyboard goes when a card it was in goes away. */
const focusMessageBox = () => queueMicrotask(() => document.getElementById("message")?.focus());

/** The appointment is cancelled: said once (the focus moves here), with the way back. */
function Cancelled({ appointment, onBookAgain }: { appointment: Appointment; onBookAgain(): void }) {
  const words = useWords();
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => note.current?.focus(), []);
  return (
    <section className="card" aria-label={words.cancelledTitle}>
      <p ref={note} tabIndex={-1}>
        {words.cancelledNote(longLabel(appointment.local, words.language))}
      </p>
      <button type="button" className="secondary" onClick={onBookAgain}>
        {words.bookAnother}
      </button>
    </section>
  );
}

interface Picker {
  serviceId: string | null;
  /** The day to start on (the assistant's first offered time); else the first day with free times. */
  day: string | null;
  moving: Appointment | null;
  key: number;
}

/** The chat page, in the lead's language: everything under it (useChat included) reads its words from the provider. */
export function App({ boot, api }: { boot: Boot; api: ChatApi }) {
  return (
    <WordsProvider language={boot.context.language}>
      <ChatPage boot={boot} api={api} />
    </WordsProvider>
  );
}

function ChatPage({ boot, api }: { boot: Boot; api: ChatApi }) {
  const words = useWords();
  const context = boot.context;
  const chat = useChat(api, boot.history);
  const { state } = chat;
  const [appointments, setAppointments] = useState(boot.appointments);
  const [picker, setPicker] = useState<Picker | null>(null);
  const [justBooked, setJustBooked] = useState(false);
  const [cancelled, setCancelled] = useState<Appointment | null>(null);
  const [linkExpired, setLinkExpired] = useState(false);
  const bookable = useMemo(() => context.services.filter((s) => s.bookable), [context.services]);
  // "Book a time" starts on what they asked the estimate for.
  const estimated = bookable.find((s) => s.name === context.estimate)?.id ?? null;
  const active = appointments.find(holding) ?? null;
  const busy = state.turn !== null && state.turn.phase !== "stopped";

  // The first paint with the greeting, for the page-load figure (bench/: web scenario).
  useEffect(() => {
    performance.mark?.("lo:greeting");
  }, []);

  // The dock covers the bottom of the screen: whatever is scrolled into view (the newest answer, the
  // picker) is brought up above it, however tall it is (quick replies wrap on the narrowest phones).
  const dock = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = dock.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      root.style.scrollPaddingBottom = `${element.offsetHeight}px`;
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.scrollPaddingBottom = "";
    };
  }, []);

  const reloadAppointments = useCallback(async () => {
    try {
      setAppointments(await api.appointments());
    } catch {
      // The card keeps what it showed; the next change reloads it.
    }
  }, [api]);

  // A customer who has an appointment can only move it (one per customer): the picker then moves it.
  const activeRef = useRef(active);
  activeRef.current = active;
  const openPicker = useCallback(
    (serviceId: string | null, day: string | null = null) => setPicker((p) => ({ serviceId, day, moving: activeRef.current, key: (p?.key ?? 0) + 1 })),
    [],
  );

  // The assistant offered times: open the picker on that service, as if the customer had tapped "book".
  useEffect(() => {
    if (state.offer) openPicker(state.offer.serviceId, state.offer.day);
  }, [state.offer, openPicker]);

  // An answer booked, moved or cancelled something: show it.
  useEffect(() => {
    if (state.appointmentsVersion > 0) {
      setPicker(null);
      void reloadAppointments();
    }
  }, [state.appointmentsVersion, reloadAppointments]);

  const onExpired = useCallback(() => setLinkExpired(true), []);

  if (state.expired || linkExpired) return <LinkProblem location={context.location} />;

  const serviceName = (id: string) => context.services.find((s) => s.id === id)?.name ?? words.yourAppointment;

  return (
    <div className="page">
      <Header location={context.location} />
      <main className="chat" id="main">
        <MessageList greeting={greeting(context)} messages={state.messages} turn={state.turn} problem={state.problem} shopName={context.location.name} />
        {state.staffTakeover && !state.turn && (
          <p className="muted handoff">{words.staffReading(context.location.name)}</p>
        )}
        {state.problem && (
          <Notice problem={state.problem} phone={context.location.phone} phoneDisplay={context.location.phoneDisplay} onRetry={chat.retry} />
        )}
        {picker && (
          <SlotPicker
            key={picker.key}
            api={api}
            services={bookable}
            serviceId={picker.serviceId}
            day={picker.day}
            today={context.shopToday}
            lastDay={context.bookableUntil}
            moving={picker.moving}
            onClose={() => {
              setPicker(null);
              focusMessageBox();
            }}
            onExpired={onExpired}
            onDone={(booked) => {
              setPicker(null);
              setCancelled(null);
              setJustBooked(true);
              if (booked) setAppointments((list) => [booked, ...list.filter((a) => a.id !== booked.id)]);
              void reloadAppointments();
            }}
          />
        )}
        {active && !picker && (
          <AppointmentCard
            appointment={active}
            serviceName={serviceName(active.serviceId)}
            location={context.location}
            calendarUrl={api.calendarUrl(active.id)}
            focusOnShow={justBooked}
            onReschedule={() => openPicker(active.serviceId)}
            onCancel={async () => {
              const done = await api.cancel(active.id);
              setAppointments((list) => list.map((a) => (a.id === done.id ? done : a)));
              setCancelled(done);
              setJustBooked(false);
              await reloadAppointments();
            }}
          />
        )}
        {cancelled && !active && !picker && <Cancelled appointment={cancelled} onBookAgain={() => openPicker(cancelled.serviceId)} />}
      </main>
      <footer className="dock" ref={dock}>
        <QuickReplies busy={busy} estimate={context.estimate} onAsk={chat.send} onBook={() => openPicker(state.offer?.serviceId ?? estimated)} />
        <Composer busy={busy} onSend={chat.send} />
      </footer>
      <div className="sr-only" role="status" aria-live="polite">
        {state.announcement}
      </div>
    </div>
  );
}
