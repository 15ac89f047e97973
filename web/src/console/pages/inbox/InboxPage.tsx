import { Suspense, useEffect, useRef, useState } from "react";
import { Outlet, useMatch, useNavigate, useSearchParams } from "react-router";
import type { ConversationSummary } from "../../api/types";
import { useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { ConversationList } from "./ConversationList";
import { useLocations } from "../appointments/queries";
import { useConversations, type InboxFilters } from "./queries";
import { ShortcutsDialog, useShortcuts } from "./shortcuts";

/** The filters live in the address (?status=done&assigned=me&location=…): a reload or a sign-in keeps them. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const filters: InboxFilters = {
    status: params.get("status") === "done" ? "done" : "open",
    assigned: params.get("assigned") === "me" ? "me" : params.get("assigned") === "unassigned" ? "unassigned" : undefined,
    locationId: params.get("location") || undefined,
  };
  const set = (name: "status" | "assigned" | "location", value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return { filters, set, search: params.size ? `?${params}` : "" };
}

/** The inbox: the list, and the open thread beside it on a tablet or instead of it on a phone. */
export function InboxPage() {
  const me = useCurrentStaff();
  const { filters, set, search } = useFilters();
  const selectedId = useMatch("/inbox/:conversationId")?.params.conversationId ?? null;
  const list = useConversations(filters);
  const conversations = list.data?.conversations ?? [];
  const [announcement, announce] = useAnnouncement();
  const move = useListMoves(conversations, selectedId, search, announce);

  // The shortcuts dialog (closing it puts the focus back where it was when it opened).
  const [showShortcuts, setShowShortcuts] = useState(false);
  const openShortcuts = () => setShowShortcuts(true);
  const closeShortcuts = () => setShowShortcuts(false);
  const shortcutsOn = useShortcuts({ j: () => move(1), k: () => move(-1), "?": openShortcuts });

  // The location filter offers the shop's locations (only when there is more than one to choose from).
  const shop = useLocations();
  const locations = new Map((shop.data?.locations ?? []).map((l) => [l.id, l.name] as const));

  return (
    <main className={`inbox ${selectedId ? "inbox-has-thread" : ""}`}>
      <section className="inbox-list" aria-labelledby="inbox-title">
        <div className="inbox-head">
          <h1 id="inbox-title">Inbox</h1>
          <button type="button" className="quiet shortcuts-button" aria-keyshortcuts={shortcutsOn ? "?" : undefined} onClick={openShortcuts}>
            Keyboard shortcuts
          </button>
        </div>
        <div className="filters" role="group" aria-label="Filters">
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" value={filters.status} onChange={(e) => set("status", e.target.value === "done" ? "done" : "")}>
              <option value="open">Open</option>
              <option value="done">Done</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-assigned">Assigned</label>
            <select id="filter-assigned" value={filters.assigned ?? ""} onChange={(e) => set("assigned", e.target.value)}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="unassigned">Unassigned</option>
            </select>
          </div>
          {(locations.size > 1 || filters.locationId) && (
            <div className="field">
              <label htmlFor="filter-location">Location</label>
              <select id="filter-location" value={filters.locationId ?? ""} onChange={(e) => set("location", e.target.value)}>
                <option value="">All locations</option>
                {[...locations].map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        {list.isPending ? (
          <p role="status">Loading conversations…</p>
        ) : list.error && !list.data ? (
          <Notice kind="error" action={{ label: "Try again", onClick: () => void list.refetch() }}>
            {list.error.message}
          </Notice>
        ) : (
          <div aria-busy={list.isPlaceholderData} className={list.isPlaceholderData ? "stale" : undefined}>
            {list.error && <Notice kind="info">Couldn't refresh the list ({list.error.message}). Trying again shortly.</Notice>}
            <ConversationList conversations={conversations} selectedId={selectedId} search={search} me={me} />
            {list.hasNextPage && (
              // Not while the list on screen is the previous filter's (its next page is not this one's).
              <button
                type="button"
                className="quiet show-more"
                disabled={list.isFetchingNextPage || list.isPlaceholderData}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? "Loading more…" : "Show more conversations"}
              </button>
            )}
          </div>
        )}
      </section>
      <section className="inbox-thread" aria-label="Conversation">
        <Suspense fallback={<p role="status">Loading the conversation…</p>}>
          <Outlet context={{ search }} />
        </Suspense>
      </section>
      {/* Read out when j or k moves to another conversation, or cannot. */}
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {showShortcuts && <ShortcutsDialog onClose={closeShortcuts} />}
    </main>
  );
}

/** A polite announcement, read out again when it is the same words as the last (a space is added or taken away). */
function useAnnouncement(): [string, (text: string) => void] {
  const [text, setText] = useState("");
  return [text, (next) => setText((previous) => (previous === next ? `${next}\u00a0` : next))];
}

/**
 * `j` and `k`: open the next or the previous conversation of the list, as a click on its row does (the
 * filters stay). When the open one has left the list (marked done, say), its neighbours in the list as it
 * was are the next and the previous; with none open, either key opens the first.
 */
function useListMoves(conversations: ConversationSummary[], selectedId: string | null, search: string, announce: (text: string) => void) {
  const navigate = useNavigate();
  // The list as it was when the open conversation was last in it.
  const lastSeen = useRef<string[]>([]);
  useEffect(() => {
    if (selectedId && conversations.some((c) => c.id === selectedId)) lastSeen.current = conversations.map((c) => c.id);
  }, [conversations, selectedId]);

  return (step: 1 | -1) => {
    const ids = conversations.map((c) => c.id);
    if (ids.length === 0) {
      announce("There are no conversations in this list.");
      return;
    }
    let target = selectedId ? ids.indexOf(selectedId) : -1;
    if (target >= 0) target += step;
    else if (selectedId && lastSeen.current.includes(selectedId)) {
      const at = lastSeen.current.indexOf(selectedId);
      const beyond = step === 1 ? lastSeen.current.slice(at + 1) : lastSeen.current.slice(0, at).reverse();
      const neighbour = beyond.find((id) => ids.includes(id));
      target = neighbour ? ids.indexOf(neighbour) : step === 1 ? ids.length : -1;
    } else target = 0;
    const next = conversations[target];
    if (!next) {
      announce(step === 1 ? "That was the last conversation in the list." : "That was the first conversation in the list.");
      return;
    }
    navigate(`/inbox/${next.id}${search}`);
    announce(`Conversation ${target + 1} of ${ids.length}: ${next.customer}.`);
  };
}

/** What the thread side shows on a tablet before a conversation is picked. */
export function NoThread() {
  return <p className="empty no-thread">Pick a conversation to read it and reply.</p>;
}
