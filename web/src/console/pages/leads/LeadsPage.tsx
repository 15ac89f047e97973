import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import type { LeadItem, LeadStage, StageCounts } from "../../api/types";
import { useServerNow } from "../../clock";
import { ago } from "../../format";
import { Notice } from "../../ui/Notice";
import { useLocations } from "../appointments/queries";
import { LeadTags } from "./LeadTags";
import { useBoardColumn, useLeadList, type LeadFilters } from "./queries";
import { isStage, leadName, stageName, stages } from "./words";

/** Typing pauses this long before the search goes to the server: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The server refuses longer searches (search_too_long). */
const MAX_SEARCH = 200;

type View = "list" | "board";

/** The address's names: the inbox's `location`, the API's for the rest. */
type Param = "q" | "stage" | "view" | "location" | "service" | "from" | "to";

/** The filters of the Filters row (the search and the stage have their own controls). */
const narrowers = ["location", "service", "from", "to"] as const satisfies readonly Param[];

/** A day as a date input gives it; anything else in the address is left out rather than refused by the server. */
const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/** The pipeline's state lives in the address (?q=&stage=&view=&location=&service=&from=&to=): a reload, or coming back from a lead, keeps it. */
function usePipelineParams() {
  const [params, setParams] = useSearchParams();
  const stage = params.get("stage");
  const filters: LeadFilters = {
    stage: isStage(stage) ? stage : undefined,
    q: params.get("q")?.trim() || undefined,
    locationId: params.get("location") || undefined,
    service: params.get("service")?.trim() || undefined,
    from: day(params.get("from")),
    to: day(params.get("to")),
  };
  const view: View = params.get("view") === "board" ? "board" : "list";
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
  return { filters, view, set, search: params.size ? `?${params}` : "" };
}

/** The server refuses a To before the From (bad_dates): the page says so itself and asks for nothing. */
const datesWrong = (filters: LeadFilters) => !!filters.from && !!filters.to && filters.to < filters.from;

/** The leads pipeline: how many leads stand where, and the leads themselves as a list or a board of stages. */
export function LeadsPage() {
  const { filters, view, set, search } = usePipelineParams();
  const asking = !datesWrong(filters);
  const list = useLeadList(filters, asking && view === "list");
  // Every answer carries the counts: on the board, the first column's (the same request the column makes).
  const column = useBoardColumn(filters.stage ?? stages[0]!, filters, asking && view === "board");
  const counts = !asking ? undefined : view === "list" ? list.data?.pages[0]?.counts : column.data?.counts;

  return (
    <main className="leads">
      <div className="leads-head">
        <h1>Leads</h1>
        <div className="segmented-buttons" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "list"} onClick={() => set({ view: "" })}>
            List
          </button>
          <button type="button" aria-pressed={view === "board"} onClick={() => set({ view: "board" })}>
            Board
          </button>
        </div>
      </div>
      <SearchBox value={filters.q ?? ""} onSearch={(q) => set({ q })} />
      <FilterRow filters={filters} set={set} />
      <StageBar counts={counts} current={filters.stage} onPick={(stage) => set({ stage })} />
      {!asking ? null : view === "list" ? (
        <LeadList list={list} filters={filters} counts={counts} search={search} />
      ) : (
        <Board filters={filters} search={search} />
      )}
    </main>
  );
}

/**
 * Text that goes to the address (and so to the server) once typing pauses, or at once with `flush` (Enter).
 * Back and forward change the address under it: the box then shows that text.
 */
function useDebouncedText(value: string, onSend: (text: string) => void) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const send = useRef(onSend);
  send.current = onSend;

  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(value);
  }, [value]);

  const flush = (next: string) => {
    if (next === sent.current) return;
    sent.current = next;
    send.current(next);
  };
  useEffect(() => {
    const timer = setTimeout(() => flush(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return { text, setText, flush: () => flush(text.trim()) };
}

/** The search box: what is typed is searched for once typing pauses, or at once on Enter. */
function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const { text, setText, flush } = useDebouncedText(value, onSearch);

  function submit(e: FormEvent) {
    e.preventDefault();
    flush();
  }

  return (
    <form role="search" className="lead-search" onSubmit={submit}>
      <div className="field">
        <label htmlFor="lead-search">Search leads</label>
        <input
          id="lead-search"
          type="search"
          value={text}
          maxLength={MAX_SEARCH}
          autoComplete="off"
          aria-describedby="lead-search-hint"
          onChange={(e) => setText(e.target.value)}
        />
        <p id="lead-search-hint" className="muted field-hint">
          Name, phone, email, car or order number
        </p>
      </div>
    </form>
  );
}

/**
 * Location, service and creation dates. Inline beside each other from a large phone up; on a small one
 * they fold behind a Filters button (styles.css), which says how many are set.
 */
function FilterRow({ filters, set }: { filters: LeadFilters; set: ReturnType<typeof usePipelineParams>["set"] }) {
  const id = useId();
  const shop = useLocations();
  const locations = new Map((shop.data?.locations ?? []).map((l) => [l.id, l.name] as const));
  const [open, setOpen] = useState(false);
  // Clear filters remounts the service box: a word typed but not yet sent would come back after it.
  const [cleared, setCleared] = useState(0);
  const panel = useRef<HTMLDivElement>(null);
  const setCount = [filters.locationId, filters.service, filters.from, filters.to].filter(Boolean).length;
  const wrong = datesWrong(filters);
  const errorId = `${id}-dates`;

  function clear() {
    set(Object.fromEntries(narrowers.map((name) => [name, ""])));
    setCleared((n) => n + 1);
    // The button goes away with the filters: the focus stays in the row rather than falling to the page.
    requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>("input, select")?.focus());
  }

  return (
    <div className={`lead-filters ${open ? "lead-filters-open" : ""}`}>
      <button type="button" className="lead-filters-toggle" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        Filters{setCount > 0 && ` (${setCount} set)`}
      </button>
      <div id={`${id}-panel`} ref={panel} className="lead-filters-panel" role="group" aria-label="Filters">
        {(locations.size > 1 || filters.locationId) && (
          <div className="field">
            <label htmlFor={`${id}-location`}>Location</label>
            <select id={`${id}-location`} value={filters.locationId ?? ""} onChange={(e) => set({ location: e.target.value })}>
              <option value="">All locations</option>
              {[...locations].map(([locationId, name]) => (
                <option key={locationId} value={locationId}>
                  {name}
                </option>
              ))}
              {/* From a link to a location that is no longer the shop's (or before the list has come). */}
              {filters.locationId && !locations.has(filters.locationId) && <option value={filters.locationId}>The chosen location</option>}
            </select>
          </div>
        )}
        <ServiceBox key={cleared} id={`${id}-service`} value={filters.service ?? ""} onSend={(service) => set({ service })} />
        <div className="field">
          <label htmlFor={`${id}-from`}>Created from</label>
          <input id={`${id}-from`} type="date" value={filters.from ?? ""} max={filters.to} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>Created to</label>
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
          <button type="button" className="lead-filters-clear" onClick={clear}>
            Clear filters
          </button>
        )}
      </div>
      {wrong && (
        <p id={errorId} className="field-error" role="alert">
          “Created to” is before “Created from”. Pick a later day, or clear one of them.
        </p>
      )}
    </div>
  );
}

function ServiceBox({ id, value, onSend }: { id: string; value: string; onSend(service: string): void }) {
  const { text, setText, flush } = useDebouncedText(value, onSend);
  return (
    <div className="field">
      <label htmlFor={id}>Service</label>
      <input
        id={id}
        type="text"
        value={text}
        maxLength={MAX_SEARCH}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        // Enter sends at once, as in the search box.
        onKeyDown={(e) => e.key === "Enter" && flush()}
      />
    </div>
  );
}

/** How many leads each stage has (under the search); a stage picked filters the leads to it. */
function StageBar({ counts, current, onPick }: { counts: StageCounts | undefined; current: LeadStage | undefined; onPick(stage: string): void }) {
  const total = counts ? stages.reduce((sum, s) => sum + counts[s], 0) : undefined;
  return (
    <div className="stage-bar" role="group" aria-label="Stages">
      <button type="button" className="stage-button" aria-pressed={!current} onClick={() => onPick("")}>
        All {total !== undefined && <span className="stage-count">{total}</span>}
      </button>
      {stages.map((stage) => (
        <button
          key={stage}
          type="button"
          className={`stage-button stage-button-${stage}`}
          aria-pressed={current === stage}
          onClick={() => onPick(current === stage ? "" : stage)}
        >
          {stageName[stage]} {counts && <span className="stage-count">{counts[stage]}</span>}
        </button>
      ))}
    </div>
  );
}

/** Whether the Filters row narrows the leads (the search and the stage aside). */
const filtered = (filters: LeadFilters) => !!(filters.locationId || filters.service || filters.from || filters.to);

/** What an empty list means, in words: nothing found, nothing at this stage or under these filters, or no leads yet. */
function emptyWords(filters: LeadFilters): string {
  const where = filters.stage ? ` in “${stageName[filters.stage]}”` : "";
  const under = filtered(filters) ? " under these filters" : "";
  if (filters.q)
    return `No leads${where} match “${filters.q}”${under}. The search looks at names, phone numbers, emails, cars and order numbers.`;
  if (under) return `No leads${where} match these filters.`;
  if (filters.stage) return `No leads${where} right now.`;
  return "No leads yet. Each new estimate in ShopMonkey shows up here.";
}

interface ListProps {
  list: ReturnType<typeof useLeadList>;
  filters: LeadFilters;
  counts: StageCounts | undefined;
  /** The pipeline's query string, for the lead page's way back. */
  search: string;
}

function LeadList({ list, filters, counts, search }: ListProps) {
  if (list.isPending) return <p role="status">Loading leads…</p>;
  if (list.error && !list.data)
    return (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void list.refetch() }}>
        {list.error.message}
      </Notice>
    );
  // A lead that arrived between two pages can move into the next one: it is shown once.
  const leads = [...new Map(list.data.pages.flatMap((p) => p.items).map((l) => [l.id, l] as const)).values()];
  const total = counts ? (filters.stage ? counts[filters.stage] : stages.reduce((sum, s) => sum + counts[s], 0)) : leads.length;
  return (
    <div aria-busy={list.isPlaceholderData} className={list.isPlaceholderData ? "stale" : undefined}>
      {list.isRefetchError && <Notice kind="info">Couldn't refresh the leads ({list.error?.message}). Trying again shortly.</Notice>}
      <p className="muted lead-total" role="status">
        {leads.length === 0 ? "" : `Showing ${leads.length} of ${Math.max(total, leads.length)} ${total === 1 ? "lead" : "leads"}`}
      </p>
      {leads.length === 0 ? (
        <p className="empty">{emptyWords(filters)}</p>
      ) : (
        <ul className="lead-rows" aria-label="Leads">
          {leads.map((lead) => (
            <li key={lead.id}>
              <LeadLink lead={lead} search={search} className="row lead-row" />
            </li>
          ))}
        </ul>
      )}
      {list.isFetchNextPageError && (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void list.fetchNextPage() }}>
          Couldn't load more leads ({list.error?.message}).
        </Notice>
      )}
      {list.hasNextPage && !list.isFetchNextPageError && (
        <button type="button" className="load-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? "Loading more…" : "Load more"}
        </button>
      )}
    </div>
  );
}

/** A lead as a row of the list or a card of the board: who, which car and job, where it stands, when it last moved. */
function LeadLink({ lead, search, className }: { lead: LeadItem; search: string; className: string }) {
  const now = useServerNow();
  const job = [lead.vehicle, lead.service].filter(Boolean).join(" · ");
  return (
    <Link to={`/leads/${lead.id}`} state={{ back: `/leads${search}` }} className={className}>
      <span className="row-head">
        <span className="row-customer">{leadName(lead)}</span>
        <LeadTags lead={lead} />
      </span>
      {job && <span className="row-meta">{job}</span>}
      <span className="row-meta">
        Last activity <time dateTime={lead.lastActivityAt}>{ago(lead.lastActivityAt, now)}</time>
      </span>
    </Link>
  );
}

/**
 * The board: a column per stage (only the picked one, with a stage picked), each its own request for the
 * first leads. On a phone the columns scroll sideways inside the board, not the page.
 */
function Board({ filters, search }: { filters: LeadFilters; search: string }) {
  const shown = filters.stage ? [filters.stage] : stages;
  return (
    // Focusable, so the keyboard can scroll it sideways.
    <div className="board" role="region" aria-label="Board" tabIndex={0}>
      {shown.map((stage) => (
        <BoardColumn key={stage} stage={stage} filters={filters} search={search} />
      ))}
    </div>
  );
}

function BoardColumn({ stage, filters, search }: { stage: LeadStage; filters: LeadFilters; search: string }) {
  const column = useBoardColumn(stage, filters);
  const titleId = `board-${stage}`;
  const count = column.data?.counts[stage];
  // The list of this stage, under the same search and filters.
  const all = new URLSearchParams(search);
  all.set("stage", stage);
  all.delete("view");
  return (
    <section className={`board-column board-column-${stage}`} aria-labelledby={titleId} aria-busy={column.isPlaceholderData}>
      <h2 id={titleId} className="board-title">
        {stageName[stage]} {count !== undefined && <span className="stage-count">{count}</span>}
      </h2>
      {column.isPending ? (
        <p role="status">Loading…</p>
      ) : column.error && !column.data ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void column.refetch() }}>
          {column.error.message}
        </Notice>
      ) : column.data.items.length === 0 ? (
        <p className="empty">{filters.q ? "None match the search." : filtered(filters) ? "None match the filters." : "None right now."}</p>
      ) : (
        <ul className="board-cards">
          {column.data.items.map((lead) => (
            <li key={lead.id}>
              <LeadLink lead={lead} search={search} className="card board-card" />
            </li>
          ))}
        </ul>
      )}
      {count !== undefined && count > 0 && (
        <Link to={`/leads?${all}`} className="board-all">
          Show all <span className="sr-only">{stageName[stage]} leads</span>
        </Link>
      )}
    </section>
  );
}
