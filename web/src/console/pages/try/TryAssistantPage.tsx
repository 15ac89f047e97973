import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../../api/client";
import { failureWords, fieldErrors } from "../../api/problems";
import { cost } from "../../format";
import { isManager, useCurrentStaff } from "../../session";
import { customerLang } from "../../ui/LanguageTag";
import { Notice } from "../../ui/Notice";
import { useLocations } from "../appointments/queries";
import { AssistantNav } from "./AssistantNav";
import {
  MAX_MESSAGE_LENGTH,
  MAX_MESSAGES,
  useTryAssistant,
  type TryAppointment,
  type TryAssistantAnswer,
  type TryAssistantRequest,
  type TryLanguage,
} from "./api";

/** One message of the test conversation as shown: the language it was written in, and an answer's details. */
interface Turn {
  id: number;
  role: "customer" | "assistant";
  text: string;
  language: TryLanguage | null;
  answer?: TryAssistantAnswer;
}

/** The customer's message while the assistant answers it. */
interface Pending {
  text: string;
  language: TryLanguage | null;
}

/**
 * A manager talks to the shop's assistant as a test customer, before customers do: the real catalog, hours
 * and free times, but nothing is booked, sent or counted. The conversation lives only in this page.
 */
export function TryAssistantPage() {
  const me = useCurrentStaff();
  return (
    <main className="try">
      {isManager(me) && <AssistantNav />}
      <h1>Try the assistant</h1>
      <p className="muted">Talk to your assistant as a customer would. It uses your real prices, hours and free times; nothing is booked, sent or counted.</p>
      {isManager(me) ? <TryConversation /> : <p>Only managers and owners try the assistant here.</p>}
    </main>
  );
}

function TryConversation() {
  const id = useId();
  const locations = useLocations();
  const ask = useTryAssistant();
  const shops = locations.data?.locations ?? [];
  const [chosenShop, setChosenShop] = useState<string | null>(null);
  const [language, setLanguage] = useState<TryLanguage | "">("");
  const [vehicle, setVehicle] = useState("");
  const [turns, setTurns] = useState<Turn[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  // What the last answer left booked (in the test only), sent back with the next message as the server asks.
  const [appointment, setAppointment] = useState<TryAppointment | null>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState<{ text: string; language: TryLanguage | null } | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const nextTurn = useRef(0);
  // Start over while an answer is on its way: that answer belongs to the conversation thrown away.
  const run = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const refocus = useRef(false);

  // The server's "null = the first one" may not be the list's first; sending the id shown keeps them the same.
  const shopId = chosenShop ?? shops[0]?.id ?? null;
  const started = turns.length > 0 || pending !== null;
  // Turns come in pairs; one more customer message must still fit in what the server reads.
  const full = turns.length + 1 > MAX_MESSAGES;

  useEffect(() => () => inFlight.current?.abort(), []);

  // The latest message in view; the box back in focus once it can take it again (it is disabled while waiting).
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
    if (!pending && refocus.current) {
      refocus.current = false;
      box.current?.focus();
    }
  }, [turns, pending]);

  async function send() {
    const typed = text;
    const body = typed.trim();
    if (!body || pending || full) return;
    const said: TryLanguage | null = language || null;
    const request: TryAssistantRequest = {
      locationId: shopId,
      language: said,
      vehicle: vehicle.trim() || null,
      messages: [...turns.map(({ role, text }) => ({ role, text })), { role: "customer", text: body }],
      appointment: appointment && { serviceId: appointment.serviceId, start: appointment.start },
    };
    const mine = ++run.current;
    const controller = new AbortController();
    inFlight.current = controller;
    setError(null);
    setText("");
    setPending({ text: body, language: said });
    setAnnouncement(null);
    try {
      const answer = await ask.mutateAsync({ body: request, signal: controller.signal });
      if (mine !== run.current) return;
      setTurns((all) => [
        ...all,
        { id: ++nextTurn.current, role: "customer", text: body, language: said },
        { id: ++nextTurn.current, role: "assistant", text: answer.answer, language: said, answer },
      ]);
      setAppointment(answer.appointment);
      setAnnouncement({ text: answer.answer, language: said });
    } catch (e) {
      if (mine !== run.current) return;
      // Nothing was added: what was typed goes back in the box, to change and send again.
      setText(typed);
      setError(problemWords(e));
    } finally {
      if (mine === run.current) {
        inFlight.current = null;
        refocus.current = true;
        setPending(null);
      }
    }
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    void send();
  }

  // Enter sends, as a customer's chat does; Shift+Enter is a new line (not while an IME is composing).
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    submit();
  }

  function startOver() {
    run.current++;
    inFlight.current?.abort();
    inFlight.current = null;
    ask.reset();
    setTurns([]);
    setPending(null);
    setAppointment(null);
    setText("");
    setError(null);
    setAnnouncement(null);
    // The box is disabled while an answer is awaited: it takes the focus once it is enabled again.
    if (pending) refocus.current = true;
    else box.current?.focus();
  }

  const hintId = `${id}-hint`;
  return (
    <>
      <div className="try-controls">
        {shops.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-shop`}>Shop</label>
            {/* The test booking and the free times are one shop's: another shop is another conversation. */}
            <select
              id={`${id}-shop`}
              value={shopId ?? ""}
              disabled={started}
              aria-describedby={started ? `${id}-shop-hint` : undefined}
              onChange={(e) => setChosenShop(e.target.value)}
            >
              {shops.map((shop) => (
                <option key={shop.id} value={shop.id}>
                  {shop.name}
                </option>
              ))}
            </select>
            {started && (
              <p id={`${id}-shop-hint`} className="field-hint muted">
                Start over to try another shop.
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-language`}>Customer's language</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value as TryLanguage | "")}>
            <option value="">Auto</option>
            <option value="en">English</option>
            <option value="es" lang="es">
              Español
            </option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-vehicle`}>Vehicle (optional)</label>
          <input id={`${id}-vehicle`} value={vehicle} placeholder="2022 Tesla Model 3" autoComplete="off" onChange={(e) => setVehicle(e.target.value)} />
        </div>
        <button type="button" className="try-start-over" onClick={startOver} disabled={!started && !appointment && !error && !text}>
          Start over
        </button>
      </div>

      {started ? (
        <ol className="try-transcript" aria-label="Test conversation">
          {turns.map((turn) =>
            turn.answer ? <AnswerItem key={turn.id} answer={turn.answer} language={turn.language} /> : <CustomerItem key={turn.id} text={turn.text} language={turn.language} />,
          )}
          {pending && <CustomerItem text={pending.text} language={pending.language} />}
          <li ref={end} className="try-end" aria-hidden="true" />
        </ol>
      ) : (
        <p className="empty">No messages yet. Write what a customer would, such as “How much is ceramic tint for my car?”</p>
      )}

      {/* The answer read out as it comes (the focus is back in the box, not on the transcript). */}
      <p className="sr-only" role="status">
        {announcement && (
          <>
            The assistant answered: <span lang={customerLang(announcement.language ?? "")}>{announcement.text}</span>
          </>
        )}
      </p>

      <form className="try-composer" onSubmit={submit}>
        {error && <Notice kind="error">{error}</Notice>}
        <p className="try-status" role="status">
          {pending ? "The assistant is answering…" : ""}
        </p>
        {full && (
          <p className="try-full">
            This test conversation has {MAX_MESSAGES} messages, as many as the assistant reads. Start over to try another.
          </p>
        )}
        <label htmlFor={`${id}-message`}>Message as the customer</label>
        <div className="composer-row">
          <textarea
            id={`${id}-message`}
            ref={box}
            rows={2}
            value={text}
            maxLength={MAX_MESSAGE_LENGTH}
            lang={customerLang(language)}
            disabled={pending !== null || full}
            aria-describedby={hintId}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="submit" className="primary" disabled={pending !== null || full}>
            Send
          </button>
        </div>
        <p id={hintId} className="field-hint muted">
          Enter sends; Shift+Enter starts a new line.
        </p>
      </form>
    </>
  );
}

function CustomerItem({ text, language }: { text: string; language: TryLanguage | null }) {
  return (
    <li className="try-msg try-customer">
      <p className="try-who">Customer (you)</p>
      <p className="try-text" lang={customerLang(language ?? "")}>
        {text}
      </p>
    </li>
  );
}

/** An answer with what a manager checks: where it came from, what it looked up, and what it would have done. */
function AnswerItem({ answer, language }: { answer: TryAssistantAnswer; language: TryLanguage | null }) {
  const details = [answer.provider, answer.model, answer.costUsd !== null ? cost(answer.costUsd) : null, latency(answer.latencyMs)].filter(Boolean);
  return (
    <li className="try-msg try-assistant">
      <p className="try-who">Assistant</p>
      <p className="try-text" lang={customerLang(language ?? "")}>
        {answer.answer}
      </p>
      {answer.priceGuardReplaced && (
        <p className="try-aside">Price guard: the model quoted a price that is not in the catalog, so this answer replaced it.</p>
      )}
      {answer.needsStaff && (
        <p className="try-flag try-needs-staff">
          {answer.needsStaffReason ? `Would ask a person: ${answer.needsStaffReason}` : "Would ask a person"}
          <span className="muted"> (nobody is told in a test)</span>
        </p>
      )}
      {answer.appointment && (
        <p className="chip try-booking">
          Test booking: {answer.appointment.service}, {answer.appointment.label} (nothing was booked)
        </p>
      )}
      <p className="try-details">{details.join(" · ")}</p>
      {answer.tools.length > 0 && (
        <div className="try-tools">
          <p className="try-tools-label">Tools used</p>
          <ul aria-label="Tools used">
            {answer.tools.map((tool, i) => (
              <li key={i}>
                <details>
                  <summary>{tool.name}</summary>
                  <pre>{tool.result}</pre>
                </details>
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** How long the answer took: "850 ms", "2.4 s". */
function latency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A refusal in words: a validation problem's own reasons, else the server's message. */
function problemWords(e: unknown): string {
  const fields = fieldErrors(e);
  if (fields) return Object.values(fields).join(" ");
  if (e instanceof ApiError && e.code === "no_assistant" && typeof e.body.detail !== "string")
    return "No assistant answered. Check the assistant's provider settings, then try again.";
  return failureWords(e);
}
