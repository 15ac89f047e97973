import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../../api/client";
import type { Channel, ConversationThread } from "../../api/types";
import { opensAt } from "../../format";
import { Notice } from "../../ui/Notice";
import { useAddNote, useSendReply, type Reply } from "./queries";

type Mode = "reply" | "note";

interface Props {
  thread: ConversationThread;
  /** Told what happened, for the thread's live region. */
  onDone(announcement: string): void;
}

/** Writes to the customer (on the web or by text) or, as a note, to colleagues only. */
export function Composer({ thread, onDone }: Props) {
  const id = thread.conversation.id;
  const [mode, setMode] = useState<Mode>("reply");
  const [channel, setChannel] = useState<Channel>(thread.canText ? thread.replyChannel : "web");
  const [text, setText] = useState("");
  // One id per message being written: sending it again (after a lost answer, or to confirm) is not a second message.
  const [clientMessageId, setClientMessageId] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ reply: Reply; opensAt: string | null } | null>(null);
  const reply = useSendReply(id);
  const note = useAddNote(id);
  const box = useRef<HTMLTextAreaElement>(null);
  const formId = useId();
  const busy = reply.isPending || note.isPending;
  const smsChannel = channel === "sms" && thread.canText;

  function sent(announcement: string) {
    setText("");
    setConfirm(null);
    setClientMessageId(crypto.randomUUID());
    onDone(announcement);
    box.current?.focus();
  }

  async function sendReply(message: Reply) {
    setError(null);
    try {
      await reply.mutateAsync(message);
      sent(message.channel === "sms" ? "Reply sent by text." : "Reply sent to the web chat.");
    } catch (e) {
      if (e instanceof ApiError && e.code === "outside_sms_window") {
        setConfirm({ reply: message, opensAt: typeof e.body.opensAt === "string" ? e.body.opensAt : null });
      } else if (e instanceof ApiError && e.code === "opted_out") {
        setError("This customer opted out of texts; nothing was sent.");
      } else {
        setError(problemText(e));
      }
    }
  }

  async function addNote(body: string) {
    setError(null);
    try {
      await note.mutateAsync(body);
      sent("Note added. Only staff see it.");
    } catch (e) {
      setError(problemText(e));
    }
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    if (mode === "note") void addNote(body);
    else void sendReply({ text: body, channel: smsChannel ? "sms" : "web", clientMessageId });
  }

  // Ctrl+Enter (⌘+Enter on a Mac) sends; Enter alone is a new line, as staff write longer replies.
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
  }

  const reasonId = `${formId}-cannot-text`;
  return (
    <form className={`composer composer-${mode}`} onSubmit={submit} aria-label={mode === "note" ? "Add a note" : "Reply"}>
      <div className="composer-options">
        <fieldset className="segmented">
          <legend className="sr-only">Write</legend>
          <label>
            <input type="radio" name={`${formId}-mode`} checked={mode === "reply"} onChange={() => setMode("reply")} /> Reply
          </label>
          <label>
            <input type="radio" name={`${formId}-mode`} checked={mode === "note"} onChange={() => setMode("note")} /> Note
          </label>
        </fieldset>
        {mode === "reply" && (
          <fieldset className="channels">
            <legend className="sr-only">Send by</legend>
            {/* The legend, shown; a floated or inline legend does not lay out in a flex row. */}
            <span className="channels-label" aria-hidden="true">
              Send by
            </span>
            <label>
              <input type="radio" name={`${formId}-channel`} checked={!smsChannel} onChange={() => setChannel("web")} /> Web chat
            </label>
            <label>
              <input
                type="radio"
                name={`${formId}-channel`}
                checked={smsChannel}
                disabled={!thread.canText}
                aria-describedby={thread.canText ? undefined : reasonId}
                onChange={() => setChannel("sms")}
              />{" "}
              Text (SMS)
            </label>
            {!thread.canText && (
              <p id={reasonId} className="muted">
                Can't text: {thread.cannotTextReason ?? "texting is not possible for this customer"}.
              </p>
            )}
          </fieldset>
        )}
      </div>
      {mode === "note" && <p className="note-hint">Only staff see notes; the customer never does.</p>}
      <label htmlFor={`${formId}-text`} className="sr-only">
        {mode === "note" ? "Note for staff" : `Reply to ${thread.conversation.customer}`}
      </label>
      <div className="composer-row">
        <textarea
          id={`${formId}-text`}
          ref={box}
          rows={2}
          value={text}
          placeholder={mode === "note" ? "Write a note for staff…" : "Write a reply…"}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? "Sending…" : mode === "note" ? "Add note" : "Send"}
        </button>
      </div>
      {confirm && (
        <div className="confirm" role="alertdialog" aria-labelledby={`${formId}-confirm`}>
          <p id={`${formId}-confirm`}>
            It's outside the shop's texting hours{confirm.opensAt ? ` (opens ${opensAt(confirm.opensAt)})` : ""}. Send anyway?
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void sendReply({ ...confirm.reply, confirmOutsideSmsWindow: true })}>
              Send anyway
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              Don't send
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

/** A refusal in words: the field's own message for a 400, the server's detail otherwise. */
function problemText(e: unknown): string {
  if (e instanceof ApiError) {
    const errors = e.body.errors as Record<string, string[]> | undefined;
    const field = errors?.text?.[0];
    if (e.code === "invalid" && field) return field;
    return e.message;
  }
  return e instanceof Error ? e.message : "That didn't work. Try again.";
}
