import type { ConversationThread, DeliveryStatus, ThreadMessage } from "../../api/types";
import { useServerNow } from "../../clock";
import { cost, messageTime } from "../../format";
import { ChannelIcon } from "../../ui/icons";
import { customerLang } from "../../ui/LanguageTag";

const delivery: Record<DeliveryStatus, string> = {
  sending: "Sending text…",
  queued: "Text queued",
  sent: "Text sent",
  delivered: "Text delivered",
  read: "Text read",
  failed: "Text failed",
  undelivered: "Text not delivered",
  bounced: "Text bounced",
  dropped: "Text dropped",
  in_doubt: "Not sure the text went out",
  received: "Text received",
};
const failedDelivery = new Set<DeliveryStatus>(["failed", "undelivered", "bounced", "dropped", "in_doubt"]);

/** One message of the thread: who wrote it, how it went, and what it says (always as text). */
export function MessageItem({ message: m, thread }: { message: ThreadMessage; thread: ConversationThread }) {
  const now = useServerNow();
  // Something the assistant's tools did (a booking, a move, a cancellation), said in words between the messages.
  if (m.role === "event")
    return (
      <li className="tmsg tmsg-system tmsg-event">
        <p>{m.text}</p>
        <time dateTime={m.at}>{messageTime(m.at, now)}</time>
      </li>
    );
  if (m.role === "system")
    return (
      <li className="tmsg tmsg-system">
        <p>{m.text}</p>
        <time dateTime={m.at}>{messageTime(m.at, now)}</time>
      </li>
    );
  const who =
    m.role === "customer" ? thread.conversation.customer : m.role === "assistant" ? "AI assistant" : (m.author ?? "Staff");
  return (
    <li className={`tmsg tmsg-${m.role}`}>
      <p className="tmsg-from">
        {m.role === "note" && <span className="note-label">Internal note · </span>}
        <span className="tmsg-who">{who}</span>
        {m.role === "staff" && <span className="muted"> (staff)</span>}
        {" · "}
        <ChannelIcon channel={m.channel} /> <time dateTime={m.at}>{messageTime(m.at, now)}</time>
      </p>
      {/* What was written to or by the customer is in their language; a note is staff's own, in the console's. */}
      <p className="tmsg-text" lang={m.role === "note" ? undefined : customerLang(thread.conversation.language)}>
        {m.text}
      </p>
      {m.role === "note" && <p className="tmsg-aside">Only staff see this.</p>}
      {m.replaced && (
        <p className="tmsg-aside">Price guard: the model quoted a price that is not in the catalog, so this answer replaced it.</p>
      )}
      {m.status === "interrupted" && <p className="tmsg-aside tmsg-interrupted">Interrupted: this answer broke off before it was finished.</p>}
      {m.delivery && (
        <p className={`tmsg-aside ${failedDelivery.has(m.delivery.status) ? "tmsg-failed" : ""}`}>
          {delivery[m.delivery.status]}
          {m.delivery.error ? `: ${m.delivery.error}` : ""}
        </p>
      )}
      {m.role === "assistant" && (m.provider || m.model || m.costUsd !== null) && (
        <details className="tmsg-details">
          <summary>Details</summary>
          <dl>
            {m.provider && (
              <>
                <dt>Provider</dt>
                <dd>{m.provider}</dd>
              </>
            )}
            {m.model && (
              <>
                <dt>Model</dt>
                <dd>{m.model}</dd>
              </>
            )}
            {m.costUsd !== null && (
              <>
                <dt>Cost</dt>
                <dd>{cost(m.costUsd)}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </li>
  );
}
