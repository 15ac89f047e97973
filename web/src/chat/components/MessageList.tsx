import { useEffect, useRef } from "react";
import type { Message, Problem, Turn } from "../chatReducer";
import { useWords } from "../i18n";
import { MessageText } from "./MessageText";

interface Props {
  greeting: string;
  messages: Message[];
  turn: Turn | null;
  problem: Problem | null;
  shopName: string;
}

/**
 * The conversation, web and SMS in one thread. Everything is rendered as text (React escapes it);
 * nothing from the server or the assistant is ever inserted as HTML. The streamed answer is marked busy
 * so screen readers wait for the whole of it (the page announces it once, complete).
 */
export function MessageList({ greeting, messages, turn, problem, shopName }: Props) {
  const words = useWords();
  // Every role the API can name (system notes are never sent to the page, but the type allows them).
  const speakers = words.speakers;
  const end = useRef<HTMLLIElement>(null);
  const answered = turn?.answer.length ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [messages.length, answered, turn?.phase]);

  // The question stays on screen until the thread itself holds it (after the answer, or a history reload).
  const showQuestion = turn && !messages.some((m) => m.clientMessageId === turn.clientId);
  return (
    <ol className="messages" aria-label={words.conversation}>
      <li className="msg msg-assistant greeting">
        <span className="sr-only">{speakers.assistant}: </span>
        <p className="msg-text">{greeting}</p>
      </li>
      {messages.map((m) => (
        <li key={m.id} className={`msg msg-${m.role}`} data-role={m.role}>
          {m.role === "staff" ? (
            // The shop's person by first name, where the server gives it; it is also what screen readers say first.
            <span className="msg-from">{m.staffName ? words.staffFrom(m.staffName, shopName) : words.staffOf(shopName)}</span>
          ) : (
            <span className="sr-only">{speakers[m.role]}: </span>
          )}
          {/* The shop's side may send lists; the customer's words stay exactly as typed. */}
          {m.role === "customer" ? <p className="msg-text">{m.text}</p> : <MessageText text={m.text} />}
          {m.channel === "sms" && <span className="msg-via">{words.byText}</span>}
        </li>
      ))}
      {showQuestion && (
        <li className="msg msg-customer" data-role="customer" data-pending="true">
          <span className="sr-only">{speakers.customer}: </span>
          <p className="msg-text">{turn.text}</p>
          <span className="msg-via">{problem?.kind === "not_sent" ? words.notSent : turn.phase !== "stopped" && !turn.delivered ? words.sending : ""}</span>
        </li>
      )}
      {turn && turn.phase !== "stopped" && (
        <li className="msg msg-assistant" data-role="assistant" data-streaming="true" aria-busy="true">
          <span className="sr-only">{speakers.assistant}: </span>
          {turn.answer.length === 0 ? (
            <span className="typing" role="img" aria-label={words.typing}>
              <span />
              <span />
              <span />
            </span>
          ) : (
            <MessageText text={turn.answer}>
              <span className="caret" aria-hidden="true" />
            </MessageText>
          )}
        </li>
      )}
      <li ref={end} className="msg-end" aria-hidden="true" />
    </ol>
  );
}
