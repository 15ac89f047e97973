import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { failureWords, fieldErrors } from "../../api/problems";
import { cost } from "../../format";
import { isManager, useCurrentStaff } from "../../session";
import { customerLang } from "../../ui/LanguageTag";
import { Notice } from "../../ui/Notice";
import { useLocations } from "../appointments/queries";
import { AssistantNav } from "../try/AssistantNav";
import { useCheckup, useRunCheckup, type CheckupItem, type CheckupOverview, type CheckupResult } from "./api";
import { categoryName, languageName, leftOutReason, passed, scoreWords, seconds, tally, type Outcome } from "./tally";

/** A run of the check-up: what it was run on (the choice may change after), and what has come back so far. */
interface Run {
  location: string;
  who: string;
  /** The overview's conversations when it started, left-out ones too: the tables' rows and order. */
  conversations: CheckupItem[];
  /** How many it requests: the ones not left out. */
  total: number;
  outcomes: Outcome[];
  state: "running" | "stopped" | "done";
}

/**
 * The assistant's check-up (managers and owners): the conversations customers have, scripted and shipped with the
 * app, run one by one against the shop's own catalog, hours and free times, and checked. Nothing is booked, sent
 * or counted; the results live only in this page.
 */
export function CheckupPage() {
  const me = useCurrentStaff();
  return (
    <main className="checkup">
      {/* Its two pages are managers' and owners' only: the front desk is not shown the way to either. */}
      {isManager(me) && <AssistantNav />}
      <h1>Assistant check-up</h1>
      {isManager(me) ? <Checkup /> : <p>Only managers and owners run the assistant's check-up.</p>}
    </main>
  );
}

function Checkup() {
  const id = useId();
  const locations = useLocations();
  const shops = locations.data?.locations ?? [];
  const [chosenShop, setChosenShop] = useState<string | null>(null);
  const overview = useCheckup(chosenShop);
  const runOne = useRunCheckup();
  // "" is the shop's own assistant, as its customers get it (no provider in the request).
  const [provider, setProvider] = useState("");
  const [run, setRun] = useState<Run | null>(null);
  // Stop (or leaving the page) ends the loop: what was on its way then is not counted.
  const current = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  const data = overview.data;
  const running = run?.state === "running";
  const applicable = data?.conversations.filter((c) => !c.notApplicable) ?? [];

  useEffect(
    () => () => {
      current.current++;
      inFlight.current?.abort();
    },
    [],
  );

  // Run and Stop take each other's place: the focus goes with them, not to the page's start.
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    (running ? stopButton : runButton).current?.focus();
  }, [running]);

  async function start() {
    if (!data || running) return;
    const mine = ++current.current;
    const chosen = data.providers.some((p) => p.name === provider) ? provider : null;
    refocus.current = true;
    setRun({ location: data.location, who: whoWords(data, chosen), conversations: data.conversations, total: applicable.length, outcomes: [], state: "running" });
    for (const item of applicable) {
      const controller = new AbortController();
      inFlight.current = controller;
      let outcome: Outcome;
      try {
        const result = await runOne.mutateAsync({ checkId: item.id, locationId: data.locationId, provider: chosen, signal: controller.signal });
        outcome = { item, result, error: null };
      } catch (e) {
        // One that cannot be run is a failure of the check-up, not the end of it.
        outcome = { item, result: null, error: problemWords(e) };
      }
      if (mine !== current.current) return;
      setRun((r) => r && { ...r, outcomes: [...r.outcomes, outcome] });
    }
    inFlight.current = null;
    if (document.activeElement === stopButton.current) refocus.current = true;
    setRun((r) => r && { ...r, state: "done" });
  }

  function stop() {
    current.current++;
    inFlight.current?.abort();
    inFlight.current = null;
    refocus.current = true;
    setRun((r) => r && { ...r, state: "stopped" });
  }

  const shopId = chosenShop ?? data?.locationId ?? shops[0]?.id ?? "";
  return (
    <>
      {data && (
        <p className="muted">
          {data.conversations.length} conversations customers have, run against {data.location}'s own prices, hours and free times. Nothing is booked, sent
          or counted.
          {data.conversations.length > applicable.length && ` ${leftOutWords(data.conversations.length - applicable.length)}`}
        </p>
      )}

      <div className="try-controls checkup-controls">
        {shops.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-shop`}>Shop</label>
            <select id={`${id}-shop`} value={shopId} disabled={running} onChange={(e) => setChosenShop(e.target.value)}>
              {shops.map((shop) => (
                <option key={shop.id} value={shop.id}>
                  {shop.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {data && (
          <div className="field">
            <label htmlFor={`${id}-provider`}>Provider</label>
            <select id={`${id}-provider`} value={provider} disabled={running} aria-describedby={`${id}-provider-hint`} onChange={(e) => setProvider(e.target.value)}>
              <option value="">{whoWords(data, null)}</option>
              {data.providers.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.model})
                </option>
              ))}
            </select>
          </div>
        )}
        {data &&
          (running ? (
            <button type="button" ref={stopButton} className="checkup-go" onClick={stop}>
              Stop
            </button>
          ) : (
            <button type="button" ref={runButton} className="primary checkup-go" disabled={applicable.length === 0} onClick={() => void start()}>
              Run the check-up
            </button>
          ))}
      </div>
      {/* Under the row, not the field: the button lines up with the boxes. */}
      {data && (
        <p id={`${id}-provider-hint`} className="field-hint muted">
          Your assistant answers as customers get it; a provider named answers alone, to check it before it goes live.
        </p>
      )}

      {overview.isError ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void overview.refetch() }}>
          {overviewWords(overview.error)}
        </Notice>
      ) : (
        !data && (
          <p className="loading" role="status">
            Loading…
          </p>
        )
      )}

      {run && (
        <div className="checkup-progress">
          <progress value={run.outcomes.length} max={run.total} aria-label="Check-up progress" />
        </div>
      )}
      {/* There before a run starts, so the first count is read out too. */}
      <p className="checkup-status" role="status" aria-live="polite">
        {run && statusWords(run)}
      </p>

      {run && <Results run={run} />}
    </>
  );
}

/** Where the run is: "12 of 34", then how it ended. */
function statusWords(run: Run) {
  const done = `${run.outcomes.length} of ${run.total}`;
  if (run.state === "running") return `${done} done`;
  const { total } = tally(run.conversations, run.outcomes);
  if (run.state === "stopped") return `Stopped after ${done}: ${total.passed} of ${total.ran} passed.`;
  return `Finished: ${total.passed} of ${total.ran} passed.`;
}

function Results({ run }: { run: Run }) {
  const id = useId();
  const counts = tally(run.conversations, run.outcomes);
  const byId = new Map(run.outcomes.map((o) => [o.item.id, o]));
  const failed = run.outcomes.filter((o) => !passed(o) && !o.result?.notApplicable);
  const good = run.outcomes.filter(passed);
  const leftOut = run.conversations.flatMap((item) => {
    const reason = leftOutReason(item, byId.get(item.id));
    return reason ? [{ item, reason }] : [];
  });
  return (
    <section className="checkup-results" aria-labelledby={`${id}-results`}>
      <h2 id={`${id}-results`}>Results</h2>
      <p className="checkup-headline">
        {run.location}, {run.who}:{" "}
        <strong>
          {counts.total.passed} of {counts.total.ran} passed
        </strong>
      </p>
      <table className="checkup-table">
        <caption>Results by category</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Passed</th>
            <th scope="col">Left out</th>
          </tr>
        </thead>
        <tbody>
          {counts.categories.map((row) => (
            <tr key={row.category} className={row.passed < row.ran ? "checkup-short" : undefined}>
              <th scope="row">{categoryName(row.category)}</th>
              <td>{scoreWords(row)}</td>
              <td>{row.leftOut}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{scoreWords(counts.total)}</td>
            <td>{counts.total.leftOut}</td>
          </tr>
        </tfoot>
      </table>
      <dl className="checkup-figures">
        {counts.languages.map((l) => (
          <div key={l.language}>
            <dt>{languageName(l.language)}</dt>
            <dd>{scoreWords(l)}</dd>
          </div>
        ))}
        <div>
          <dt>Cost</dt>
          <dd>{cost(counts.costUsd)}</dd>
        </div>
        <div>
          <dt>Average time per conversation</dt>
          <dd>{counts.averageMs === null ? "None answered yet" : seconds(counts.averageMs)}</dd>
        </div>
        <div>
          <dt>Prices not in the catalog</dt>
          <dd>{counts.groundingErrors}</dd>
        </div>
      </dl>

      <h2>Failed ({failed.length})</h2>
      {failed.length > 0 ? (
        <ul className="checkup-list" aria-label="Failed">
          {failed.map((o) => (
            <li key={o.item.id}>
              <OutcomeDetails outcome={o} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{run.state === "running" ? "None so far." : "None."}</p>
      )}

      <details className="checkup-group">
        <summary>Passed ({good.length})</summary>
        <ul className="checkup-list" aria-label="Passed">
          {good.map((o) => (
            <li key={o.item.id}>
              <OutcomeDetails outcome={o} />
            </li>
          ))}
        </ul>
      </details>

      <details className="checkup-group">
        <summary>Left out here ({leftOut.length})</summary>
        <ul className="checkup-list checkup-left-out" aria-label="Left out here">
          {leftOut.map(({ item, reason }) => (
            <li key={item.id}>
              <span className="checkup-name">{item.name}</span> <span className="muted">· {categoryName(item.category)}</span>
              <p className="muted">{reason}</p>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** One conversation, folded: what did not hold, then what was said, turn by turn. */
function OutcomeDetails({ outcome: { item, result, error } }: { outcome: Outcome }) {
  return (
    <details className="checkup-item">
      <summary>
        <span className="checkup-name">{item.name}</span> <span className="muted">· {categoryName(item.category)}</span>
      </summary>
      <div className="checkup-body">
        {error && <p className="try-flag">Not run: {error}</p>}
        {result && result.failures.length > 0 && (
          <ul className="checkup-failures" aria-label="What failed">
            {result.failures.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        )}
        {result && <Transcript result={result} />}
      </div>
    </details>
  );
}

function Transcript({ result }: { result: CheckupResult }) {
  const lang = customerLang(result.language);
  const details = [result.provider, result.model, cost(result.costUsd), seconds(result.latencyMs)].filter(Boolean);
  return (
    <>
      <p className="try-details">{details.join(" · ")}</p>
      <ol className="try-transcript" aria-label="Transcript">
        {result.turns.flatMap((turn, i) => [
          <li key={`${i}-customer`} className="try-msg try-customer">
            <p className="try-who">Customer</p>
            <p className="try-text" lang={lang}>
              {turn.customer}
            </p>
          </li>,
          <li key={`${i}-assistant`} className="try-msg try-assistant">
            <p className="try-who">Assistant</p>
            <p className="try-text" lang={lang}>
              {turn.answer}
            </p>
            {turn.needsStaff && <p className="try-flag">Would ask a person</p>}
            {turn.appointment && <p className="chip try-booking">Test appointment: {turn.appointment}</p>}
            {turn.tools.length > 0 && <p className="try-details">Tools used: {turn.tools.join(", ")}</p>}
          </li>,
        ])}
      </ol>
    </>
  );
}

/** The assistant the run asks: the shop's own (with the provider its customers get now), or one provider. */
function whoWords(data: CheckupOverview, provider: string | null) {
  if (!provider) return data.live ? `Your assistant (${data.live})` : "Your assistant";
  const model = data.providers.find((p) => p.name === provider)?.model;
  return model ? `${provider} (${model})` : provider;
}

function leftOutWords(n: number) {
  return n === 1 ? "1 of them does not apply to this shop and is left out." : `${n} of them do not apply to this shop and are left out.`;
}

/** Why the overview did not load: the server says a shop not the colleague's (or gone) with a bare 404. */
function overviewWords(e: unknown): string {
  if (e instanceof ApiError && e.status === 404) return "That shop is not one of yours, or it no longer exists.";
  return failureWords(e, "The check-up didn't load.");
}

/** A refusal in words: a validation problem's own reasons (an unknown provider), else the server's message. */
function problemWords(e: unknown): string {
  const fields = fieldErrors(e);
  if (fields) return Object.values(fields).join(" ");
  return failureWords(e);
}
