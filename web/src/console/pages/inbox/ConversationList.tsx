import { useEffect, useRef } from "react";
import { Link } from "react-router";
import type { ConversationSummary, StaffProfile } from "../../api/types";
import { useServerNow } from "../../clock";
import { waitedFor } from "../../format";
import { ChannelIcon } from "../../ui/icons";
import { customerLang, LanguageTag } from "../../ui/LanguageTag";

interface Props {
  conversations: ConversationSummary[];
  selectedId: string | null;
  /** The list's query string, kept on every link so the filters stay as they are. */
  search: string;
  me: StaffProfile;
}

/** The conversations in the server's order (who needs a person first, then unanswered, then recent). */
export function ConversationList({ conversations, selectedId, search, me }: Props) {
  const list = useRef<HTMLUListElement>(null);
  // The open conversation's row stays in sight when j or k moves down a long list.
  useEffect(() => {
    list.current?.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: "nearest" });
  }, [selectedId]);
  if (conversations.length === 0) return <p className="empty">Nothing here. New conversations show up on their own.</p>;
  return (
    <ul className="conversations" ref={list}>
      {conversations.map((c) => (
        <li key={c.id}>
          <Link to={`/inbox/${c.id}${search}`} className="row" aria-current={c.id === selectedId ? "page" : undefined}>
            <span className="row-head">
              <span className="row-customer">{c.customer}</span>
              <LanguageTag language={c.language} />
              <WhyWaiting conversation={c} />
            </span>
            {(c.vehicle || c.locationName) && <span className="row-meta">{[c.vehicle, c.locationName].filter(Boolean).join(" · ")}</span>}
            {c.lastMessage && (
              <span className="row-last">
                <ChannelIcon channel={c.lastMessage.channel} /> <span className="row-author">{authorLabel(c.lastMessage, me)}</span>
                <span lang={c.lastMessage.role === "system" ? undefined : customerLang(c.language)}>{c.lastMessage.text}</span>
              </span>
            )}
            <span className="row-tags">
              {c.staffTakeover && <span className="tag tag-takeover">Staff took over</span>}
              {c.assignedTo && <span className="tag">{c.assignedTo.id === me.id ? "Assigned to you" : `Assigned to ${c.assignedTo.name}`}</span>}
              {c.done && <span className="tag">Done</span>}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Why a conversation is in front of staff, in words: a person was asked for (and why), or nobody answered yet. */
export function WhyWaiting({ conversation: c }: { conversation: ConversationSummary }) {
  const now = useServerNow();
  if (c.waiting === "none") return null;
  const since = c.waitingSince ? waitedFor(c.waitingSince, now) : null;
  if (c.waiting === "needs_staff")
    return (
      <span className="why why-staff">
        {/* The reason is already in words ("Asked for a person: wants to reschedule"); the category is for screen readers. */}
        {c.needsStaffReason ? (
          <>
            <span className="sr-only">Needs a person: </span>
            {c.needsStaffReason}
          </>
        ) : (
          "Needs a person"
        )}
        {since && <span className="why-since"> · {since}</span>}
      </span>
    );
  return (
    <span className="why why-unanswered">
      Waiting for a reply{since && <span className="why-since"> · {since}</span>}
    </span>
  );
}

/**
 * Who wrote the last message, as staff say it: "You", "AI", a colleague's name; the customer goes unnamed
 * (it is their row), as do system lines. Notes are never a conversation's last message: staff-only words
 * do not show in the list.
 */
function authorLabel(last: NonNullable<ConversationSummary["lastMessage"]>, me: StaffProfile): string {
  const who = last.author && last.author === me.displayName ? "You" : last.author;
  switch (last.role) {
    case "assistant":
      return "AI: ";
    case "staff":
      return `${who ?? "Staff"}: `;
    default:
      return "";
  }
}
