import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link, useOutletContext, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { ConversationThread } from "../../api/types";
import { phoneForReading } from "../../format";
import { useCurrentStaff } from "../../session";
import { LanguageTag } from "../../ui/LanguageTag";
import { Notice } from "../../ui/Notice";
import { Composer } from "./Composer";
import { WhyWaiting } from "./ConversationList";
import { MessageItem } from "./MessageItem";
import { usePresence, whoIsHere, type PresentColleague } from "./presence";
import { useAssign, useColleagues, useConversationAction, useThread, type ConversationAction } from "./queries";
import { useShortcuts } from "./shortcuts";

/** The open conversation, keyed by its id so nothing (a draft, a question) carries over to the next one. */
export function ThreadRoute() {
  const { conversationId } = useParams();
  return <ThreadPane key={conversationId} id={conversationId!} />;
}

function ThreadPane({ id }: { id: string }) {
  const { search } = useOutletContext<{ search: string }>();
  const thread = useThread(id);
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const opened = useRef(false);
  // Colleagues see that someone has it open (and the server stops the handoff's alerts) once it shows.
  const presence = usePresence(id, thread.data !== undefined);

  // Opening a conversation takes keyboard and screen-reader users to it (on a phone the list is gone),
  // and shows its latest messages, which are what staff answer.
  useEffect(() => {
    if (thread.data && !opened.current) {
      opened.current = true;
      heading.current?.focus({ preventScroll: true });
      end.current?.scrollIntoView?.({ block: "end" });
    }
  }, [thread.data]);

  // Read out what the customer writes while the thread is open (the live stream, or polling, brings it in).
  const seen = useRef<number | null>(null);
  useEffect(() => {
    const messages = thread.data?.messages;
    if (!messages) return;
    const last = messages[messages.length - 1];
    if (seen.current !== null && messages.length > seen.current && last?.role === "customer")
      setAnnouncement(`New message from ${thread.data!.conversation.customer}: ${last.text}`);
    seen.current = messages.length;
  }, [thread.data]);

  const back = (
    <Link to={`/inbox${search}`} className="back">
      ← All conversations
    </Link>
  );
  if (thread.isPending)
    return (
      <div className="thread">
        {back}
        <p role="status">Loading the conversation…</p>
      </div>
    );
  if (thread.error && !thread.data)
    return (
      <div className="thread">
        {back}
        {thread.error instanceof ApiError && thread.error.status === 404 ? (
          <Notice kind="error">This conversation isn't there any more.</Notice>
        ) : (
          <Notice kind="error" action={{ label: "Try again", onClick: () => void thread.refetch() }}>
            {thread.error.message}
          </Notice>
        )}
      </div>
    );

  const data = thread.data;
  return (
    <div className="thread">
      {back}
      <ThreadHeader thread={data} heading={heading} others={presence.others} onDone={setAnnouncement} />
      {thread.error && <Notice kind="info">Couldn't refresh the conversation ({thread.error.message}). Trying again shortly.</Notice>}
      <ol className="tmessages" aria-label="Messages">
        {data.messages.map((m) => (
          <MessageItem key={m.id} message={m} thread={data} />
        ))}
        <li ref={end} className="tmessages-end" aria-hidden="true" />
      </ol>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <Composer
        key={id}
        thread={data}
        presence={presence}
        onDone={(said) => {
          setAnnouncement(said);
          // After a send the refetched thread grows; keep its end in sight.
          requestAnimationFrame(() => end.current?.scrollIntoView?.({ block: "end" }));
        }}
      />
    </div>
  );
}

interface HeaderProps {
  thread: ConversationThread;
  heading: React.RefObject<HTMLHeadingElement | null>;
  /** The other colleagues who have it open now. */
  others: PresentColleague[];
  onDone(announcement: string): void;
}

const actionDone: Record<ConversationAction, string> = {
  takeover: "You took over. The assistant stays silent in this conversation.",
  release: "Handed back to the assistant.",
  done: "Marked done.",
  reopen: "Reopened.",
};

/** Who the customer is, and what staff can do with the conversation: take it over, finish it, assign it. */
function ThreadHeader({ thread, heading, others, onDone }: HeaderProps) {
  const c = thread.conversation;
  const me = useCurrentStaff();
  const action = useConversationAction(c.id);
  const assign = useAssign(c.id);
  const colleagues = useColleagues();
  const [error, setError] = useState<string | null>(null);
  // `e`: the Done button, from anywhere on the page.
  const shortcutsOn = useShortcuts({
    e: () => {
      if (c.done) onDone("This conversation is already done.");
      else if (!action.isPending) void run("done");
    },
  });

  async function run(name: ConversationAction) {
    setError(null);
    try {
      await action.mutateAsync(name);
      onDone(actionDone[name]);
    } catch (e) {
      setError(e instanceof Error ? e.message : "That didn't work.");
    }
  }

  async function assignTo(userId: string) {
    setError(null);
    try {
      const summary = await assign.mutateAsync(userId || null);
      onDone(summary.assignedTo ? `Assigned to ${summary.assignedTo.id === me.id ? "you" : summary.assignedTo.name}.` : "Unassigned.");
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? "That colleague isn't on the team any more." : e instanceof Error ? e.message : "That didn't work.");
    }
  }

  // The current assignee stays in the list even when the staff list has not loaded (or no longer has them).
  const people = colleagues.data ?? [];
  const options = c.assignedTo && !people.some((p) => p.id === c.assignedTo!.id) ? [c.assignedTo, ...people] : people;

  return (
    <header className="thread-head">
      <div className="thread-who">
        <div className="thread-name">
          <h2 ref={heading} tabIndex={-1}>
            {c.customer}
          </h2>
          <LanguageTag language={c.language} />
        </div>
        {/* Always there (empty while no one else is), so screen readers hear a colleague come and go. */}
        <p className="presence" role="status">
          {whoIsHere(others)}
        </p>
        <p className="muted">
          {[
            c.phone && <a key="phone" href={`tel:${c.phone}`}>{phoneForReading(c.phone)}</a>,
            c.vehicle,
            c.locationName,
            // The lead's whole story (estimate, follow-ups, appointments) is one tap away from its conversation.
            c.leadId && (
              <Link key="lead" to={`/leads/${c.leadId}`}>
                View lead
              </Link>
            ),
          ]
            .filter(Boolean)
            .flatMap((part, i) => (i ? [" · ", part] : [part]))}
        </p>
        <WhyWaiting conversation={c} />
        {c.staffTakeover && <p className="takeover-note">Staff took over: the assistant is silent.</p>}
      </div>
      <div className="thread-actions">
        <button type="button" disabled={action.isPending} onClick={() => void run(c.staffTakeover ? "release" : "takeover")}>
          {c.staffTakeover ? "Hand back to assistant" : "Take over"}
        </button>
        <MoreActions>
          <button
            type="button"
            disabled={action.isPending}
            aria-keyshortcuts={shortcutsOn && !c.done ? "e" : undefined}
            onClick={() => void run(c.done ? "reopen" : "done")}
          >
            {c.done ? "Reopen" : "Done"}
          </button>
          <div className="field field-inline">
            <label htmlFor={`assign-${c.id}`}>Assigned to</label>
            <select id={`assign-${c.id}`} value={c.assignedTo?.id ?? ""} disabled={assign.isPending} onChange={(e) => void assignTo(e.target.value)}>
              <option value="">No one</option>
              {options.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === me.id ? `${p.name} (you)` : p.name}
                </option>
              ))}
            </select>
          </div>
        </MoreActions>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </header>
  );
}

/**
 * The header's other actions, after the main one (take over or hand back). Beside it while the header has
 * room; in a narrow one (a phone, or a tablet's thread beside the list: styles.css) they fold behind "More",
 * a disclosure: Tab goes on into them, Escape or a press elsewhere closes it. Each control exists once either
 * way, so a screen reader never meets two of them, and the `e` shortcut works folded or not.
 */
function MoreActions({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = `${useId()}-more`;

  // As the saved replies: on a press or the focus elsewhere, not on blur (Safari does not focus a clicked button).
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("focusin", outside);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("focusin", outside);
    };
  }, [open]);

  return (
    <div
      ref={wrapper}
      className={`thread-more ${open ? "thread-more-open" : ""}`}
      onKeyDown={(e) => {
        if (!open || e.key !== "Escape") return;
        e.preventDefault();
        setOpen(false);
        toggle.current?.focus();
      }}
    >
      <button type="button" ref={toggle} className="thread-more-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        More <span className="sr-only">actions</span>
      </button>
      <div id={panelId} className="thread-more-panel">
        {children}
      </div>
    </div>
  );
}
