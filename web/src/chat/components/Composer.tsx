import { useRef, useState, type KeyboardEvent } from "react";
import { useWords } from "../i18n";

export const MAX_MESSAGE_LENGTH = 2000;

/** The message box: Enter sends, Shift+Enter starts a new line; sending waits while an answer is on its way. */
export function Composer({ busy, onSend }: { busy: boolean; onSend(text: string): void }) {
  const words = useWords();
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const empty = text.trim().length === 0;

  const submit = () => {
    if (busy || empty) return;
    onSend(text);
    setText("");
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Enter picks the candidate there).
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="message" className="sr-only">
        {words.yourMessage}
      </label>
      <textarea
        id="message"
        ref={input}
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        value={text}
        placeholder={words.placeholder}
        enterKeyHint="send"
        aria-describedby="composer-hint"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id="composer-hint" className="sr-only">
        {words.enterHint}
      </span>
      <button type="submit" className="send" disabled={busy || empty}>
        {busy ? words.sending : words.send}
      </button>
    </form>
  );
}
