import { useId, useMemo, useRef, type ReactNode, type RefObject } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import type { AuditView } from "../../api/types";
import { fullTime, logTime } from "../../format";
import { isManager, useApi, useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useLocations } from "../appointments/queries";
import { useLead } from "../leads/queries";
import { leadName } from "../leads/words";
import { useUsers } from "../users/queries";
import { csvHref, useActivity, type ActivityFilters } from "./queries";
import { actionWords, actorWords, detailWords, hasDetails, isActorType, refusalWords, whatChoices, whoChoices, type Names } from "./words";

/** The address's names, the API's: ?actorType=&action=&from=&to=&leadId= (the days as YYYY-MM-DD). */
type Param = "actorType" | "action" | "from" | "to" | "leadId";

/** The filters of the Filters row; the lead has its own line (and reset). */
const narrowers = ["actorType", "action", "from", "to"] as const satisfies readonly Param[];

// Anything else in the address is left out rather than refused by the server.
/** A day as a date input gives it. */
const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);
const guid = (value: string | null) => (value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined);
/** An action (conversation.taken_over) or a subject's actions (appointment.), at most the server's 64 characters. */
const action = (value: string | null) => (value && value.length <= 64 && /^[a-z_]+\.([a-z_]+)?$/.test(value) ? value : undefined);

/** The log's filters live in the address: a reload, a link from elsewhere, or coming back from a lead keeps them. */
function useActivityParams() {
  const [params, setParams] = useSearchParams();
  const actorType = params.get("actorType");
  const filters: ActivityFilters = {
    actorType: isActorType(actorType) ? actorType : undefined,
    action: action(params.get("action")),
    from: day(params.get("from")),
    to: day(params.get("to")),
    leadId: guid(params.get("leadId")),
  };
  // Several at once in one change: two changes in a row would each start from the same address.
  const set = (changes: Partial<Record<Param, string>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  return { filters, set };
}

type SetParams = ReturnType<typeof useActivityParams>["set"];

/** The server refuses a To before the From (bad_dates): the page says so itself and asks for nothing. */
const datesWrong = (filters: ActivityFilters) => !!filters.from && !!filters.to && filters.to < filters.from;

/**
 * The activity log, for managers and owners: who changed what and when (colleagues, the assistant,
 * customers, the app itself), newest first, narrowed by who, what, days or one lead, and as a CSV file.
 * The front desk is told it isn't theirs (the server refuses them).
 */
export function ActivityPage() {
  const me = useCurrentStaff();
  const heading = useRef<HTMLHeadingElement>(null);
  const title = (
    <h1 ref={heading} tabIndex={-1}>
      Activity
    </h1>
  );
  return (
    <main className="activity">
      {isManager(me) ? (
        <ActivityLog title={title} heading={heading} />
      ) : (
        <>
          {title}
          <p>Only managers and owners see the activity log.</p>
        </>
      )}
    </main>
  );
}

function ActivityLog({ title, heading }: { title: ReactNode; heading: RefObject<HTMLHeadingElement | null> }) {
  const { filters, set } = useActivityParams();
  const asking = !datesWrong(filters);
  const log = useActivity(filters, asking);
  const csvHint = useId();

  function showEverything() {
    set({ leadId: "", ...Object.fromEntries(narrowers.map((name) => [name, ""])) });
    // The button goes away with the lead: the focus goes to the top of the page rather than being lost.
    heading.current?.focus();
  }

  return (
    <>
      <div className="activity-head">
        {title}
        {asking && (
          <div className="activity-csv">
            {/* A plain link: the browser downloads the file itself, with the session cookie. */}
            <a className="button" href={csvHref(filters)} download aria-describedby={csvHint}>
              Download CSV
            </a>
            <p id={csvHint} className="muted field-hint">
              Every entry under these filters, for a spreadsheet
            </p>
          </div>
        )}
      </div>
      <p className="muted">Who changed what, and when: colleagues, the assistant, customers and the automatic follow-ups. Newest first.</p>
      {filters.leadId && <OnlyLead id={filters.leadId} onShowEverything={showEverything} />}
      <FilterRow filters={filters} set={set} />
      {asking && <Entries log={log} filters={filters} />}
    </>
  );
}

/** The log narrowed to one lead (?leadId=, from a link): which one, by name once the lead has come. */
function OnlyLead({ id, onShowEverything }: { id: string; onShowEverything(): void }) {
  const lead = useLead(id);
  return (
    <p className="activity-only">
      Only <Link to={`/leads/${id}`}>{lead.data ? leadName(lead.data.customer) : "this lead"}</Link>{" "}
      <button type="button" className="quiet" onClick={onShowEverything}>
        Show everything
      </button>
    </p>
  );
}

/** Who, what, and the days: side by side from a large phone up, one under the other on a small one. */
function FilterRow({ filters, set }: { filters: ActivityFilters; set: SetParams }) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const setCount = narrowers.filter((name) => filters[name]).length;
  const wrong = datesWrong(filters);
  const errorId = `${id}-dates`;
  // From a link with a choice the menus don't offer (one action exactly, the operator): shown, so it can be seen and undone.
  const otherWho = filters.actorType && !whoChoices.some((c) => c.value === filters.actorType) ? filters.actorType : null;
  const otherWhat = filters.action && !whatChoices.some((c) => c.value === filters.action) ? filters.action : null;

  function clear() {
    set(Object.fromEntries(narrowers.map((name) => [name, ""])));
    // The button goes away with the filters: the focus stays in the row rather than falling to the page.
    requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>("select")?.focus());
  }

  return (
    <div className="activity-filters">
      <div ref={panel} className="activity-filters-panel" role="group" aria-label="Filters">
        <div className="field">
          <label htmlFor={`${id}-who`}>Who</label>
          <select id={`${id}-who`} value={filters.actorType ?? ""} onChange={(e) => set({ actorType: e.target.value })}>
            <option value="">Anyone</option>
            {whoChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
            {otherWho && <option value={otherWho}>{actorWords({ actorType: otherWho, actorName: null, action: "" })}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-what`}>What</label>
          <select id={`${id}-what`} value={filters.action ?? ""} onChange={(e) => set({ action: e.target.value })}>
            <option value="">Anything</option>
            {whatChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
            {otherWhat && <option value={otherWhat}>{actionWords(otherWhat)}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={filters.from ?? ""} max={filters.to} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={filters.to ?? ""}
            min={filters.from}
            aria-invalid={wrong || undefined}
            aria-describedby={wrong ? errorId : undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        </div>
        {setCount > 0 && (
          <button type="button" className="activity-filters-clear" onClick={clear}>
            Clear filters
          </button>
        )}
      </div>
      {wrong && (
        <p id={errorId} className="field-error" role="alert">
          “To” is before “From”. Pick a later day, or clear one of them.
        </p>
      )}
    </div>
  );
}

/** A refusal in shop words: a 400 by its code (else the server's own detail). */
function errorWords(e: Error): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return "Only managers and owners see the activity log.";
    if (e.status === 400 && e.code && refusalWords[e.code]) return refusalWords[e.code]!;
  }
  return e.message;
}

/** Colleagues and locations by id, for the lines that name them; until the lists come (or if they can't), ids stay unnamed. */
function useNames(): Names {
  const users = useUsers();
  const locations = useLocations();
  return useMemo(() => {
    const people = new Map((users.data ?? []).map((u) => [u.id, u.displayName] as const));
    const places = new Map((locations.data?.locations ?? []).map((l) => [l.id, l.name] as const));
    return { colleague: (id) => people.get(id), location: (id) => places.get(id) };
  }, [users.data, locations.data]);
}

const filtered = (filters: ActivityFilters) => narrowers.some((name) => filters[name]) || !!filters.leadId;

function Entries({ log, filters }: { log: ReturnType<typeof useActivity>; filters: ActivityFilters }) {
  const { clock } = useApi();
  const names = useNames();
  if (log.isPending) return <p role="status">Loading the activity…</p>;
  if (log.error && !log.data)
    return (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void log.refetch() }}>
        {errorWords(log.error)}
      </Notice>
    );
  // An entry recorded between two pages can move into the next one: it is shown once.
  const entries = [...new Map(log.data.pages.flatMap((p) => p.entries).map((e) => [e.id, e] as const)).values()];
  // No ticking clock: a year's turn while the page is open changes nothing that matters.
  const now = clock.now();
  const badCursor = log.error instanceof ApiError && log.error.code === "bad_cursor";
  return (
    <div aria-busy={log.isPlaceholderData} className={log.isPlaceholderData ? "stale" : undefined}>
      {log.isRefetchError && <Notice kind="info">Couldn't refresh the activity ({errorWords(log.error)}). Trying again when you come back to it.</Notice>}
      <p className="muted activity-count" role="status">
        {entries.length === 0 ? "" : `${entries.length} ${entries.length === 1 ? "entry" : "entries"} shown${log.hasNextPage ? ", more below" : ""}`}
      </p>
      {entries.length === 0 ? (
        <p className="empty">{filtered(filters) ? "Nothing recorded for these filters." : "Nothing recorded yet."}</p>
      ) : (
        // On a phone the table scrolls sideways in its own box (focusable, so the keyboard can scroll it too).
        <div className="activity-scroll" role="region" aria-label="Activity log" tabIndex={0}>
          <table className="activity-table">
            <caption className="sr-only">Activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
                <th scope="col">Lead</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <EntryRow key={entry.id} entry={entry} names={names} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.isFetchNextPageError && (
        <Notice
          kind="error"
          action={badCursor ? { label: "Start again", onClick: () => void log.refetch() } : { label: "Try again", onClick: () => void log.fetchNextPage() }}
        >
          {badCursor ? errorWords(log.error) : `Couldn't load more (${errorWords(log.error)}).`}
        </Notice>
      )}
      {log.hasNextPage && !log.isFetchNextPageError && (
        <button type="button" className="load-more" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading more…" : "Show more"}
        </button>
      )}
    </div>
  );
}

function EntryRow({ entry, names, now }: { entry: AuditView; names: Names; now: number }) {
  const detail = detailWords(entry, names);
  return (
    <tr>
      <th scope="row" className="activity-when">
        <time dateTime={entry.at} title={fullTime(entry.at)}>
          {logTime(entry.at, now)}
        </time>
      </th>
      <td>{actorWords(entry)}</td>
      <td className="activity-what">{actionWords(entry.action)}</td>
      <td className="activity-detail">
        {detail && <p>{detail}</p>}
        {hasDetails(entry) && (
          <details className="activity-raw">
            <summary>Everything recorded</summary>
            <pre>{JSON.stringify(entry.details, null, 2)}</pre>
          </details>
        )}
      </td>
      <td>{entry.leadId && <Link to={`/leads/${entry.leadId}`}>Open lead</Link>}</td>
    </tr>
  );
}
