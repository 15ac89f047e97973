import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import type { Channel, ConversationThread, SavedReply, Suggestion } from "../../api/types";
import { cost, opensAt } from "../../format";
import { Notice } from "../../ui/Notice";
import { savedRepliesKey, useFillIn } from "../saved-replies/queries";
import { whoIsTyping, type Presence } from "./presence";
import { useAddNote, useSendReply, useSuggestion, type Reply } from "./queries";
import { SavedReplyPicker } from "./SavedReplyPicker";
import { useShortcuts } from "./shortcuts";

type Mode = "reply" | "note";

interface Props {
  thread: ConversationThread;
  /** Colleagues in the conversation: told when staff type a reply, and who else is typing one. */
  presence: Pick<Presence, "others" | "typing" | "stoppedTyping">;
  /** Told what happened, for the thread's live region. */
  onDone(announcement: string): void;
}

/**
 * Text put in the box for staff: the assistant's draft or a saved reply, where it came from, and what
 * staff had written before it (to put back).
 */
interface Draft {
  text: string;
  from: { kind: "assistant"; suggestion: Suggestion } | { kind: "saved"; title: string };
  replaced: string | null;
}

/**
 * Writes to the customer (on the web or by text) or, as a note, to colleagues only. "Suggest a reply"
 * asks the assistant for a draft, and "Saved replies" fills one in for the customer; either goes into the
 * box for staff to edit and send, and is never sent by itself.
 */
export function Composer({ thread, presence, onDone }: Props) {
  const id = thread.conversation.id;
  const [mode, setMode] = useState<Mode>("reply");
  const [channel, setChannel] = useState<Channel>(thread.canText ? thread.replyChannel : "web");
  const [text, setText] = useState("");
  // One id per message being written: sending exactly it again (after a lost answer, or to confirm) is not
  // a second message. The ids are by text and channel, so an edit after a failed send is a new message
  // (the old id would get back the earlier reply, if the server stored it, and drop the edit), and going
  // back to the text first tried is that first message again.
  const messageIds = useRef(new Map<string, string>());
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ reply: Reply; opensAt: string | null } | null>(null);
  const reply = useSendReply(id);
  const note = useAddNote(id);
  const suggestion = useSuggestion(id);
  const fillIn = useFillIn(id);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const formId = useId();
  const drafting = suggestion.isPending || fillIn.isPending;
  const busy = reply.isPending || note.isPending;
  const smsChannel = channel === "sms" && thread.canText;
  // `r`: straight to the box, from anywhere on the page.
  const shortcutsOn = useShortcuts({ r: () => box.current?.focus() });

  function sent(announcement: string) {
    setText("");
    setDraft(null);
    setConfirm(null);
    newMessage();
    onDone(announcement);
    box.current?.focus();
  }

  /** The id for sending `body` by `by`: the one of an earlier try at exactly this message, else a new one. */
  function messageId(body: string, by: Channel) {
    const key = `${by}\n${body}`;
    let known = messageIds.current.get(key);
    if (!known) {
      known = crypto.randomUUID();
      messageIds.current.set(key, known);
    }
    return known;
  }

  /** What is sent from now on is a new message, whatever was tried before. */
  function newMessage() {
    messageIds.current.clear();
  }

  async function sendReply(message: Reply) {
    setError(null);
    try {
      await reply.mutateAsync(message);
      presence.stoppedTyping();
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

  async function suggest() {
    setError(null);
    setConfirm(null);
    onDone("The assistant is writing a draft…");
    try {
      const written = await suggestion.mutateAsync();
      putInBox(written.text, { kind: "assistant", suggestion: written });
      onDone("The assistant wrote a draft. Check it and edit it, then send it.");
    } catch (e) {
      setError(suggestionProblem(e));
      onDone("");
    }
  }

  async function pickSaved(saved: SavedReply) {
    setError(null);
    setConfirm(null);
    onDone(`Filling in “${saved.title}”…`);
    try {
      const filled = await fillIn.mutateAsync(saved.id);
      putInBox(filled, { kind: "saved", title: saved.title });
      onDone(`The saved reply “${saved.title}” is in the box, filled in for ${thread.conversation.customer}. Check it and edit it, then send it.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setError("That saved reply isn't there any more. Pick another.");
        void queryClient.invalidateQueries({ queryKey: savedRepliesKey });
      } else {
        setError(problemText(e));
      }
      onDone("");
    }
  }

  /** A draft or a saved reply goes in the box, to edit and send. */
  function putInBox(written: string, from: Draft["from"]) {
    // What staff had typed themselves can be put back; an earlier draft is simply replaced.
    const own = draft && text === draft.text ? draft.replaced : text.trim() ? text : null;
    setMode("reply");
    setText(written);
    setDraft({ text: written, from, replaced: own });
    // A new message: after a send whose answer was lost, the old id would return that reply, not this one.
    newMessage();
  }

  // A new draft is for editing: the cursor goes to its end.
  useEffect(() => {
    if (!draft) return;
    box.current?.focus();
    box.current?.setSelectionRange(draft.text.length, draft.text.length);
  }, [draft]);

  // The out-of-hours question is about the message as it was tried: a change to it takes the question away.
  function changeChannel(next: Channel) {
    setChannel(next);
    setConfirm(null);
  }

  function putBack() {
    if (!draft) return;
    setText(draft.replaced ?? "");
    setDraft(null);
    box.current?.focus();
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (!body || busy || drafting) return;
    if (mode === "note") void addNote(body);
    else {
      const by: Channel = smsChannel ? "sms" : "web";
      void sendReply({ text: body, channel: by, clientMessageId: messageId(body, by), confirmOutsideSmsWindow: false });
    }
  }

  // Ctrl+Enter (⌘+Enter on a Mac) sends; Enter alone is a new line, as staff write longer replies.
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
  }

  const reasonId = `${formId}-cannot-text`;
  const typingId = `${formId}-typing`;
  const colleagueTyping = whoIsTyping(presence.others);
  const describedBy = [colleagueTyping && typingId, draft && mode === "reply" && `${formId}-draft`].filter(Boolean).join(" ") || undefined;
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
              <input type="radio" name={`${formId}-channel`} checked={!smsChannel} onChange={() => changeChannel("web")} /> Web chat
            </label>
            <label>
              <input
                type="radio"
                name={`${formId}-channel`}
                checked={smsChannel}
                disabled={!thread.canText}
                aria-describedby={thread.canText ? undefined : reasonId}
                onChange={() => changeChannel("sms")}
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
        {mode === "reply" && (
          <div className="composer-tools">
            <SavedReplyPicker disabled={drafting || busy} onPick={(saved) => void pickSaved(saved)} />
            <button type="button" className="suggest" disabled={drafting || busy} onClick={() => void suggest()}>
              {suggestion.isPending ? "Writing a draft…" : "Suggest a reply"}
            </button>
          </div>
        )}
      </div>
      {mode === "note" && <p className="note-hint">Only staff see notes; the customer never does.</p>}
      {/* Not a live region: the thread's header already says it; this is for whoever is about to send. */}
      {colleagueTyping && (
        <p id={typingId} className="presence-warning">
          {colleagueTyping}
        </p>
      )}
      <label htmlFor={`${formId}-text`} className="sr-only">
        {mode === "note" ? "Note for staff" : `Reply to ${thread.conversation.customer}`}
      </label>
      <div className="composer-row">
        <textarea
          id={`${formId}-text`}
          ref={box}
          rows={2}
          value={text}
          placeholder={
            mode === "note"
              ? "Write a note for staff…"
              : suggestion.isPending
                ? "The assistant is writing a draft…"
                : fillIn.isPending
                  ? "Filling in the saved reply…"
                  : "Write a reply…"
          }
          // While the draft is being written the box waits for it, so nothing typed meanwhile is lost.
          readOnly={drafting}
          aria-busy={drafting || undefined}
          aria-describedby={describedBy}
          aria-keyshortcuts={shortcutsOn ? "r" : undefined}
          onChange={(e) => {
            setText(e.target.value);
            // Writing to the customer, not a note for staff: that is what colleagues must not do twice.
            if (mode === "reply" && e.target.value.trim()) presence.typing();
            if (!e.target.value) setDraft(null);
            setConfirm(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={busy || drafting || !text.trim()}>
          {busy ? "Sending…" : mode === "note" ? "Add note" : "Send"}
        </button>
      </div>
      {draft && mode === "reply" && (
        <div className="draft-note">
          <p id={`${formId}-draft`}>
            {draft.from.kind === "assistant"
              ? `Draft by the assistant (${draftBy(draft.from.suggestion)}).`
              : `Saved reply “${draft.from.title}”, filled in for ${thread.conversation.customer}.`}{" "}
            Nothing goes to the customer until you send it.
          </p>
          {draft.replaced !== null && (
            <button type="button" className="quiet" onClick={putBack}>
              Put back what I wrote
            </button>
          )}
        </div>
      )}
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

/** Which assistant wrote a draft, and what it cost: "openai gpt-4o-mini, $0.0004". */
function draftBy(s: Suggestion): string {
  return `${[s.provider, s.model].filter(Boolean).join(" ")}, ${cost(s.costUsd)}`;
}

const noDraft: Record<string, string> = {
  no_lead: "The assistant knows nothing of this number; write the reply yourself.",
  assistant_unavailable: "No assistant could write a draft just now.",
};

/** Why there is no draft: the server's detail, or (should a proxy have eaten it) the known reason in words. */
function suggestionProblem(e: unknown): string {
  if (e instanceof ApiError && typeof e.body.detail !== "string") {
    const known = (e.code && noDraft[e.code]) || (e.status === 503 ? noDraft.assistant_unavailable : undefined);
    if (known) return known;
  }
  return problemText(e);
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
