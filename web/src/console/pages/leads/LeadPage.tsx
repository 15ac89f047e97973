import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { failureWords, fieldErrors } from "../../api/problems";
import type { ChannelConsent, LeadDetail, StaffAppointment, Touch } from "../../api/types";
import { phoneForReading, shopTime, shortDay } from "../../format";
import { LanguageTag } from "../../ui/LanguageTag";
import { Notice } from "../../ui/Notice";
import { BookAppointment } from "../appointments/BookDialog";
import { appointmentStatusName, shopMonkeySync } from "../appointments/words";
import { LeadTags } from "./LeadTags";
import { useCadenceAction, useLead, useLeadLanguage, type CadenceAction } from "./queries";
import {
  cadenceInWords,
  channelName,
  languageName,
  languageSourceWords,
  leadName,
  reasonInWords,
  timelineKindName,
  touchStatusName,
} from "./words";

/** The lead's page, keyed by its id so nothing (a question asked, an error) carries over to the next lead. */
export function LeadRoute() {
  const { leadId } = useParams();
  return <LeadPage key={leadId} id={leadId!} />;
}

/** Where "← Leads" goes: back to the pipeline as it was (its search and stage), when the lead was opened from it. */
function useBackToLeads(): string {
  const state: unknown = useLocation().state;
  const back = state && typeof state === "object" && "back" in state ? state.back : null;
  return typeof back === "string" && back.startsWith("/leads") ? back : "/leads";
}

function LeadPage({ id }: { id: string }) {
  const lead = useLead(id);
  const backTo = useBackToLeads();
  const heading = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState("");

  // Opening a lead takes keyboard and screen-reader users to it, as opening a conversation does.
  const opened = useRef(false);
  useEffect(() => {
    if (lead.data && !opened.current) {
      opened.current = true;
      heading.current?.focus({ preventScroll: true });
    }
  }, [lead.data]);

  const back = (
    <Link to={backTo} className="back">
      ← Leads
    </Link>
  );
  if (lead.isPending)
    return (
      <main className="lead-page">
        {back}
        <p role="status">Loading the lead…</p>
      </main>
    );
  if (lead.error && !lead.data)
    return (
      <main className="lead-page">
        {lead.error instanceof ApiError && lead.error.status === 404 ? (
          <>
            <h1>This lead was not found</h1>
            <p>The link may be wrong, or the lead belongs to another shop.</p>
            <p>
              <Link to="/leads">Back to Leads</Link>
            </p>
          </>
        ) : (
          <>
            {back}
            <Notice kind="error" action={{ label: "Try again", onClick: () => void lead.refetch() }}>
              {lead.error.message}
            </Notice>
          </>
        )}
      </main>
    );

  const data = lead.data;
  // Said again, it is said again: a screen reader hears only a change of the status's text.
  const say = (said: string) => setAnnouncement((previous) => (previous === said ? `${said}\u00a0` : said));
  const conversationId = data.conversation?.id ?? data.lead.conversationId;
  // The address comes from the server's settings; anything but a web address is not made a link.
  const shopMonkeyUrl = /^https?:\/\//i.test(data.estimate.url) ? data.estimate.url : null;
  return (
    <main className="lead-page">
      {back}
      <header className="lead-head">
        <div className="lead-who">
          <h1 ref={heading} tabIndex={-1}>
            {leadName(data.customer)}
          </h1>
          <p className="row-tags">
            <LeadTags lead={data.lead} />
            <LanguageTag language={data.language.language} />
          </p>
        </div>
        <div className="actions">
          {conversationId && (
            <Link to={`/inbox/${conversationId}`} className="button">
              Open conversation
            </Link>
          )}
          {shopMonkeyUrl && (
            <a href={shopMonkeyUrl} target="_blank" rel="noopener noreferrer" className="button">
              Open in ShopMonkey <span className="sr-only">(opens in a new tab)</span>
            </a>
          )}
        </div>
      </header>
      {lead.isRefetchError && <Notice kind="info">Couldn't refresh the lead ({lead.error?.message}). Trying again shortly.</Notice>}
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <div className="lead-sections">
        <CustomerSection lead={data} onDone={say} />
        <VehicleSection lead={data} />
        <EstimateSection lead={data} />
        <ConsentSection lead={data} />
        <FollowUps lead={data} onDone={say} />
        <AppointmentsSection lead={data} />
        <TimelineSection lead={data} />
      </div>
    </main>
  );
}

function Section({ title, className = "", children, headingRef }: { title: string; className?: string; children: ReactNode; headingRef?: Ref<HTMLHeadingElement> }) {
  const id = useId();
  return (
    <section className={`card lead-section ${className}`} aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One fact of a section, as a term and its value. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function CustomerSection({ lead, onDone }: { lead: LeadDetail; onDone(said: string): void }) {
  const { firstName, lastName, phone, email } = lead.customer;
  const name = [firstName, lastName].filter(Boolean).join(" ");
  return (
    <Section title="Customer">
      <dl className="facts">
        <Fact term="Name">{name || <span className="muted">Not given</span>}</Fact>
        <Fact term="Phone">{phone ? <a href={`tel:${phone}`}>{phoneForReading(phone)}</a> : <span className="muted">No phone number</span>}</Fact>
        <Fact term="Email">{email ? <a href={`mailto:${email}`}>{email}</a> : <span className="muted">No email address</span>}</Fact>
        <Fact term="Language">
          <LanguageChoice lead={lead} onDone={onDone} />
        </Fact>
      </dl>
    </Section>
  );
}

const languages = ["en", "es"] as const;
/** For the announcement, in the console's own English. */
const languageInEnglish: Record<string, string> = { en: "English", es: "Spanish" };

/**
 * The language the customer is written to in, and where that came from; English | Español changes it in one
 * tap, with no question asked: it is undone as easily. Staff's choice then stands over what the customer's
 * messages or ShopMonkey suggest.
 */
function LanguageChoice({ lead, onDone }: { lead: LeadDetail; onDone(said: string): void }) {
  const change = useLeadLanguage(lead.lead.id);
  const [error, setError] = useState<string | null>(null);
  const sourceId = useId();
  const { language, source } = lead.language;

  async function choose(next: string) {
    // Not disabled while it is asked: the tapped button keeps the focus (a disabled one would drop it).
    if (next === language || change.isPending) return;
    setError(null);
    try {
      const now = await change.mutateAsync(next);
      onDone(`The customer will be written to in ${languageInEnglish[now.language] ?? now.language}.`);
    } catch (e) {
      setError(fieldErrors(e)?.language ?? failureWords(e));
    }
  }

  return (
    <>
      <div className="lead-language">
        <div className="segmented-buttons" role="group" aria-label="Language" aria-describedby={sourceId}>
          {languages.map((l) => (
            <button
              key={l}
              type="button"
              lang={l === "es" ? "es" : undefined}
              aria-pressed={l === language}
              onClick={() => void choose(l)}
            >
              {languageName[l]}
            </button>
          ))}
        </div>
        <span id={sourceId} className="muted">
          {languageSourceWords[source] ?? source}
        </span>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </>
  );
}

function VehicleSection({ lead }: { lead: LeadDetail }) {
  const v = lead.vehicle;
  return (
    <Section title="Vehicle">
      {v ? (
        <>
          <p className="lead-lede">{v.description}</p>
          <dl className="facts">
            {v.year !== null && <Fact term="Year">{v.year}</Fact>}
            {v.make && <Fact term="Make">{v.make}</Fact>}
            {v.model && <Fact term="Model">{v.model}</Fact>}
            {v.submodel && <Fact term="Trim">{v.submodel}</Fact>}
          </dl>
        </>
      ) : (
        <p className="muted">No vehicle on the estimate.</p>
      )}
    </Section>
  );
}

function EstimateSection({ lead }: { lead: LeadDetail }) {
  const e = lead.estimate;
  const flags = [e.authorized && "Authorized", e.invoiced && "Invoiced", e.paid && "Paid", e.archived && "Archived"].filter((f): f is string => !!f);
  return (
    <Section title="Estimate">
      <dl className="facts">
        <Fact term="Order">{e.orderNumber ? `#${e.orderNumber}` : e.orderId}</Fact>
        {e.name && <Fact term="Service">{e.name}</Fact>}
        <Fact term="Total">{e.total ?? <span className="muted">No total yet</span>}</Fact>
        <Fact term="Status in ShopMonkey">{e.status}</Fact>
        <Fact term="Created">{shortDay(e.orderCreatedAt)}</Fact>
        {e.convertedAt && <Fact term="Bought in the shop">{shortDay(e.convertedAt)}</Fact>}
      </dl>
      {flags.length > 0 ? (
        <ul className="flags" aria-label="Order status">
          {flags.map((f) => (
            <li key={f} className="tag">
              {f}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not authorized, invoiced or paid yet.</p>
      )}
    </Section>
  );
}

/** May the lead be texted or emailed, and if not why (and since when, where that is known). */
function consentWords(consent: ChannelConsent): string {
  if (consent.allowed) return "Allowed";
  const why = consent.reason ? reasonInWords(consent.reason) : "Not allowed";
  return consent.since ? `${why} since ${shortDay(consent.since)}` : why;
}

function ConsentSection({ lead }: { lead: LeadDetail }) {
  const { sms, email } = lead.consent;
  return (
    <Section title="Consent">
      <dl className="facts">
        <Fact term="SMS">
          <span className={sms.allowed ? undefined : "consent-no"}>{consentWords(sms)}</span>
        </Fact>
        <Fact term="Email">
          <span className={email.allowed ? undefined : "consent-no"}>{consentWords(email)}</span>
        </Fact>
      </dl>
    </Section>
  );
}

const cadenceDone: Record<CadenceAction, string> = {
  pause: "Follow-ups paused.",
  resume: "Follow-ups resumed.",
  stop: "Follow-ups stopped.",
};

/** The cadence: where it stands, each follow-up, and pause, resume or stop (stop asks first: it is for good). */
function FollowUps({ lead, onDone }: { lead: LeadDetail; onDone(said: string): void }) {
  const { cadence } = lead;
  const action = useCadenceAction(lead.lead.id);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);

  // The question takes the focus; leaving it gives the focus back to Stop, or to the section once stopped.
  const asked = useRef(false);
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (asked.current) (stopButton.current ?? heading.current)?.focus();
    asked.current = asking;
  }, [asking]);

  async function run(name: CadenceAction) {
    setError(null);
    try {
      await action.mutateAsync(name);
      onDone(cadenceDone[name]);
    } catch (e) {
      setError(e instanceof Error ? e.message : "That didn't work.");
    }
    setAsking(false);
  }

  const running = cadence.status === "active" || cadence.status === "paused";
  return (
    <Section title="Follow-ups" headingRef={heading}>
      <p>
        {cadenceInWords(cadence)}
        {cadence.status === "paused" && cadence.pausedAt && <span className="muted"> Since {shopTime(cadence.pausedAt)}.</span>}
        {cadence.status === "stopped" && cadence.stoppedAt && <span className="muted"> On {shopTime(cadence.stoppedAt)}.</span>}
      </p>
      {cadence.touches.length > 0 && (
        <ol className="touches" aria-label="Follow-up steps">
          {cadence.touches.map((t) => (
            <TouchItem key={t.id} touch={t} />
          ))}
        </ol>
      )}
      {running && !asking && (
        <div className="actions">
          <button type="button" disabled={action.isPending} onClick={() => void run(cadence.status === "active" ? "pause" : "resume")}>
            {cadence.status === "active" ? "Pause" : "Resume"}
          </button>
          <button type="button" ref={stopButton} disabled={action.isPending} onClick={() => setAsking(true)}>
            Stop
          </button>
        </div>
      )}
      {asking && (
        <div className="confirm" role="alertdialog" aria-labelledby={questionId} onKeyDown={(e) => e.key === "Escape" && setAsking(false)}>
          <p id={questionId}>Stop every follow-up to {leadName(lead.customer)}? The texts and emails still to come are cancelled, and they can't be started again.</p>
          <div className="actions">
            <button type="button" className="primary" disabled={action.isPending} onClick={() => void run("stop")}>
              {action.isPending ? "Stopping…" : "Stop follow-ups"}
            </button>
            <button type="button" ref={keep} disabled={action.isPending} onClick={() => setAsking(false)}>
              Keep them
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </Section>
  );
}

function TouchItem({ touch: t }: { touch: Touch }) {
  const at = t.sentAt ?? t.dueAt;
  const detail =
    t.status === "cancelled" && t.cancelReason ? reasonInWords(t.cancelReason) : (t.status === "failed" || t.status === "in_doubt") && t.lastError ? t.lastError : null;
  return (
    <li className={t.status === "failed" || t.status === "in_doubt" ? "touch touch-failed" : "touch"}>
      <span className="touch-step">Step {t.step}</span> · {channelName[t.channel]} · {touchStatusName[t.status]}
      {detail && `: ${detail}`} · <time dateTime={at}>{shopTime(at)}</time>
    </li>
  );
}

function AppointmentsSection({ lead }: { lead: LeadDetail }) {
  const appointments: StaffAppointment[] = lead.appointments;
  return (
    <Section title="Appointments">
      {appointments.length === 0 ? (
        <p className="muted">No appointments booked.</p>
      ) : (
        <ul className="lead-appointments">
          {appointments.map((a) => {
            const sync = shopMonkeySync(a);
            return (
              <li key={a.id}>
                <p className="appt-when">
                  <time dateTime={a.start}>{shopTime(a.local)}</time>
                </p>
                <p>{a.service}</p>
                <p className="muted">
                  {appointmentStatusName[a.status]}
                  {sync && <span className={a.syncState === "failed" ? "tmsg-failed" : undefined}> · {sync}</span>}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <BookAppointment lead={lead} />
    </Section>
  );
}

function TimelineSection({ lead }: { lead: LeadDetail }) {
  return (
    <Section title="Timeline" className="lead-section-wide">
      {lead.timeline.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" aria-label="Timeline, oldest first">
          {lead.timeline.map((entry, i) => (
            <li key={i} className={`timeline-entry timeline-${entry.kind}`}>
              <p className="timeline-meta">
                <time dateTime={entry.at}>{shopTime(entry.at)}</time> · <span className="timeline-kind">{timelineKindName[entry.kind] ?? entry.kind}</span>
              </p>
              <p className="timeline-summary">{entry.summary}</p>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
