import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import type { LeadItem, LeadStage, StageCounts } from "../../api/types";
import { useServerNow } from "../../clock";
import { ago } from "../../format";
import { Notice } from "../../ui/Notice";
import { LeadTags } from "./LeadTags";
import { useBoardColumn, useLeadList, type LeadFilters } from "./queries";
import { isStage, leadName, stageName, stages } from "./words";

/** Typing pauses this long before the search goes to the server: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The server refuses longer searches (search_too_long). */
const MAX_SEARCH = 200;

type View = "list" | "board";

/** The pipeline's state lives in the address (?q=&stage=&view=): a reload, or coming back from a lead, keeps it. */
function usePipelineParams() {
  const [params, setParams] = useSearchParams();
  const stage = params.get("stage");
  const filters: LeadFilters = { stage: isStage(stage) ? stage : undefined, q: params.get("q")?.trim() || undefined };
  const view: View = params.get("view") === "board" ? "board" : "list";
  const set = (name: "q" | "stage" | "view", value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return { filters, view, set, search: params.size ? `?${params}` : "" };
}

/** The leads pipeline: how many leads stand where, and the leads themselves as a list or a board of stages. */
export function LeadsPage() {
  const { filters, view, set, search } = usePipelineParams();
  const list = useLeadList(filters, view === "list");
  // Every answer carries the counts: on the board, the first column's (the same request the column makes).
  const column = useBoardColumn(filters.stage ?? stages[0]!, filters, view === "board");
  const counts = view === "list" ? list.data?.pages[0]?.counts : column.data?.counts;

  return (
    <main className="leads">
      <div className="leads-head">
        <h1>Leads</h1>
        <div className="segmented-buttons" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "list"} onClick={() => set("view", "")}>
            List
          </button>
          <button type="button" aria-pressed={view === "board"} onClick={() => set("view", "board")}>
            Board
          </button>
        </div>
      </div>
      <SearchBox value={filters.q ?? ""} onSearch={(q) => set("q", q)} />
      <StageBar counts={counts} current={filters.stage} onPick={(stage) => set("stage", stage)} />
      {view === "list" ? <LeadList list={list} filters={filters} counts={counts} search={search} /> : <Board filters={filters} search={search} />}
    </main>
  );
}

/**
 * The search box: what is typed goes to the address (and so to the server) once typing pauses, or at once
 * on Enter. Back and forward change the address under it: the box then shows that search.
 */
function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const send = useRef(onSearch);
  send.current = onSearch;

  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(value);
  }, [value]);

  const flush = (q: string) => {
    if (q === sent.current) return;
    sent.current = q;
    send.current(q);
  };
  useEffect(() => {
    const timer = setTimeout(() => flush(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function submit(e: FormEvent) {
    e.preventDefault();
    flush(text.trim());
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

/** What an empty list means, in words: nothing found, nothing at this stage, or no leads yet. */
function emptyWords(filters: LeadFilters): string {
  const where = filters.stage ? ` in “${stageName[filters.stage]}”` : "";
  if (filters.q) return `No leads${where} match “${filters.q}”. The search looks at names, phone numbers, emails, cars and order numbers.`;
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
  const all = new URLSearchParams({ stage, ...(filters.q ? { q: filters.q } : {}) });
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
        <p className="empty">{filters.q ? "None match the search." : "None right now."}</p>
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
