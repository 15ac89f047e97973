import { Suspense, useEffect, useState } from "react";
import { Outlet, useMatch, useSearchParams } from "react-router";
import { useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { ConversationList } from "./ConversationList";
import { useConversations, type InboxFilters } from "./queries";

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

  // The location filter offers every location seen so far, so picking one does not hide the others.
  const [locations, setLocations] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    const seen = list.data?.conversations.filter((c) => c.locationId && c.locationName && !locations.has(c.locationId)) ?? [];
    if (seen.length) setLocations((known) => new Map([...known, ...seen.map((c) => [c.locationId!, c.locationName!] as const)]));
  }, [list.data, locations]);

  return (
    <main className={`inbox ${selectedId ? "inbox-has-thread" : ""}`}>
      <section className="inbox-list" aria-labelledby="inbox-title">
        <h1 id="inbox-title">Inbox</h1>
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
          {locations.size > 0 && (
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
            <ConversationList conversations={list.data?.conversations ?? []} selectedId={selectedId} search={search} me={me} />
          </div>
        )}
      </section>
      <section className="inbox-thread" aria-label="Conversation">
        <Suspense fallback={<p role="status">Loading the conversation…</p>}>
          <Outlet context={{ search }} />
        </Suspense>
      </section>
    </main>
  );
}

/** What the thread side shows on a tablet before a conversation is picked. */
export function NoThread() {
  return <p className="empty no-thread">Pick a conversation to read it and reply.</p>;
}
