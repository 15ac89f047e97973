import { Fragment, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useBlocker, useSearchParams, type BlockerFunction } from "react-router";
import { ApiError } from "../../api/client";
import { isManager, useCurrentStaff } from "../../session";
import { Dialog } from "../../ui/Dialog";
import { templateFields } from "../../ui/templateFields";
import { Notice } from "../../ui/Notice";
import { cadenceKey, useCadence, usePreview, useSaveStep, type CadenceChannel, type CadencePreview, type CadenceStep, type PreviewRequest, type StepChange } from "./queries";
import {
  LAST_OFFSET,
  MAX_BODY,
  dayOf,
  MAX_SUBJECT,
  firstLine,
  hasPlainTwin,
  humanMessage,
  joinOffset,
  lostChanges,
  quotedList,
  replaceTypography,
  splitOffset,
  stepTitle,
  timingSentence,
  whenInWords,
} from "./words";
import "./cadence.css";

/** How long the preview waits after the last keystroke before it asks the server. */
export const PREVIEW_DELAY_MS = 300;

type Language = "en" | "es";

/** A step's wording in one language: the subject (emails only) and the message. */
interface Wording {
  subject: string;
  body: string;
}

/** A step's wording and timing as they are being edited: the timing as the three boxes hold it. */
interface Draft {
  days: string;
  hours: string;
  minutes: string;
  subject: string;
  body: string;
  /** The Spanish wording being written; null while it is as saved (or there is none and none is begun). */
  spanish: Wording | null;
}

interface FieldErrors {
  body?: string;
  subject?: string;
  offset?: string;
  spanishBody?: string;
  spanishSubject?: string;
  other?: string;
}

const blank: Wording = { subject: "", body: "" };

function draftOf(step: CadenceStep): Draft {
  return { ...splitOffset(step.offsetMinutes), subject: step.subject ?? "", body: step.body, spanish: null };
}

/** A step's saved Spanish wording, or null: Spanish-speaking customers then get the English. */
function spanishOf(step: CadenceStep): Wording | null {
  return step.spanishBody ? { subject: step.spanishSubject ?? "", body: step.spanishBody } : null;
}

function englishDirty(step: CadenceStep, draft: Draft | undefined): boolean {
  if (!draft) return false;
  return (
    joinOffset(draft) !== step.offsetMinutes || draft.body !== step.body || (step.channel === "email" && draft.subject !== (step.subject ?? ""))
  );
}

/** A Spanish version begun but still empty is not a change yet: nothing is lost by leaving it. */
function spanishDirty(step: CadenceStep, draft: Draft | undefined): boolean {
  if (!draft?.spanish) return false;
  const saved = spanishOf(step) ?? blank;
  return draft.spanish.body !== saved.body || (step.channel === "email" && draft.spanish.subject !== saved.subject);
}

function isDirty(step: CadenceStep, draft: Draft | undefined): boolean {
  return englishDirty(step, draft) || spanishDirty(step, draft);
}

/** What of a draft to keep (after one language is saved or discarded): unsaved changes, or a Spanish version begun. */
function kept(step: CadenceStep, draft: Draft): Draft | null {
  return isDirty(step, draft) || (draft.spanish !== null && !spanishOf(step)) ? draft : null;
}

const linkId = (step: number) => `cadence-step-${step}`;

const NO_SPANISH = "No Spanish version: Spanish-speaking customers get the English text.";

/**
 * The shop's follow-up cadence: every step a new lead gets, in order, with when it goes out and what it says.
 * Managers and owners change a step's timing and wording here, with a preview for a sample customer as they
 * type; staff see the same steps, read only. On a phone the open step takes the whole screen (with a way
 * back); from a tablet up the steps and the open one sit side by side. The open step is in the address
 * (`?step=3`), so the browser's back button and a shared link work.
 */
export function CadencePage() {
  const me = useCurrentStaff();
  const manages = isManager(me);
  const cadence = useCadence();
  const [params] = useSearchParams();
  const steps = cadence.data?.steps ?? [];
  const index = steps.findIndex((s) => String(s.step) === params.get("step"));
  const selected = index >= 0 ? steps[index]! : null;
  // Unsaved edits by step, kept while the page is open so moving between steps loses nothing.
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [saved, setSaved] = useState<{ step: number; text: string } | null>(null);
  const editorHeading = useRef<HTMLHeadingElement>(null);
  const dirtySteps = steps.filter((s) => isDirty(s, drafts[s.step])).map((s) => s.step);
  const anyDirty = dirtySteps.length > 0;

  // Opening a step takes the focus to it; going back to the list, to the step that was open.
  const shown = useRef<number | null>(null);
  useEffect(() => {
    const was = shown.current;
    shown.current = selected?.step ?? null;
    if (selected && selected.step !== was) editorHeading.current?.focus();
    else if (!selected && was !== null) document.getElementById(linkId(was))?.focus();
  }, [selected?.step]);

  // Closing or reloading the tab with unsaved edits asks first (the browser's own question).
  useEffect(() => {
    if (!anyDirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [anyDirty]);

  // So does leaving the page inside the console (another section, the browser's back button): the
  // navigation waits for the answer in LeaveDialog. Moving between steps (?step=) keeps the drafts, so it
  // goes on; so does going to the sign-in page, as the session has ended by then (signed out, or expired).
  const blocker = useBlocker(
    useCallback<BlockerFunction>(
      ({ currentLocation, nextLocation }) =>
        anyDirty && nextLocation.pathname !== currentLocation.pathname && !nextLocation.pathname.startsWith("/sign-in"),
      [anyDirty],
    ),
  );

  function setDraft(step: number, draft: Draft | null) {
    setDrafts((all) => {
      const next = { ...all };
      if (draft) next[step] = draft;
      else delete next[step];
      return next;
    });
    if (saved?.step === step) setSaved(null);
  }

  return (
    <main className={selected ? "cadence cadence-has-step" : "cadence"}>
      <header className="cadence-head">
        <h1>Follow-up cadence</h1>
        <p className="muted">
          What every new lead gets, step by step, counted from when the lead comes in.{" "}
          {manages ? "Pick a step to change its wording or timing." : "Managers can change the wording and timing."}
        </p>
      </header>
      {cadence.isPending ? (
        <p className="loading" role="status">
          Loading the cadence…
        </p>
      ) : cadence.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void cadence.refetch() }}>
          {cadence.error.message}
        </Notice>
      ) : (
        <div className="cadence-panes">
          <div className="cadence-list">
            <p className="cadence-name">
              {cadence.data.name} · {steps.length} {steps.length === 1 ? "step" : "steps"}
              {steps.length > 0 ? ` over ${dayOf(steps.at(-1)!.offsetMinutes)} days` : ""}
            </p>
            <ol className="cadence-steps" aria-label="Steps">
              {steps.map((s) => (
                <li key={s.step}>
                  <Link
                    id={linkId(s.step)}
                    to={{ search: `?step=${s.step}` }}
                    className="cadence-step"
                    aria-current={selected?.step === s.step ? "true" : undefined}
                  >
                    <span className="cadence-step-head">
                      <ChannelGlyph channel={s.channel} />
                      <span className="cadence-step-title">{stepTitle(s)}</span>
                      {spanishOf(s) ? (
                        <span className="cadence-step-lang">
                          <span aria-hidden="true">ES</span>
                          <span className="sr-only">, with a Spanish version,</span>
                        </span>
                      ) : (
                        <span className="cadence-step-english">English only</span>
                      )}
                      <span className="cadence-step-number">Step {s.step}</span>
                    </span>
                    <span className="cadence-step-when">{whenInWords(s.offsetMinutes)}</span>
                    <span className="cadence-step-first">{firstLine(s)}</span>
                    {dirtySteps.includes(s.step) && <span className="cadence-unsaved">Unsaved changes</span>}
                  </Link>
                </li>
              ))}
            </ol>
          </div>
          <div className="cadence-editor">
            {selected ? (
              <>
                <Link to={{ search: "" }} className="cadence-back">
                  <span aria-hidden="true">← </span>All steps
                </Link>
                {manages ? (
                  <StepEditor
                    key={selected.step}
                    step={selected}
                    previous={steps[index - 1] ?? null}
                    next={steps[index + 1] ?? null}
                    draft={drafts[selected.step] ?? draftOf(selected)}
                    headingRef={editorHeading}
                    saved={saved?.step === selected.step ? saved.text : null}
                    onDraft={(d) => setDraft(selected.step, d)}
                    onSaved={(text, rest) => {
                      setDraft(selected.step, rest);
                      setSaved({ step: selected.step, text });
                    }}
                  />
                ) : (
                  <StepReadOnly step={selected} headingRef={editorHeading} />
                )}
              </>
            ) : (
              <p className="empty cadence-pick">Pick a step to see its wording{manages ? " and change it" : ""}.</p>
            )}
          </div>
        </div>
      )}
      {blocker.state === "blocked" && <LeaveDialog steps={dirtySteps} onStay={() => blocker.reset()} onLeave={() => blocker.proceed()} />}
    </main>
  );
}

/** Asked before leaving the page with unsaved edits; staying is the default (and what Escape does). */
function LeaveDialog({ steps, onStay, onLeave }: { steps: number[]; onStay(): void; onLeave(): void }) {
  const stay = useRef<HTMLButtonElement>(null);
  return (
    <Dialog role="alertdialog" title="Leave without saving?" description={lostChanges(steps)} onClose={onStay} initialFocus={stay}>
      <div className="actions">
        <button type="button" ref={stay} className="primary" onClick={onStay}>
          Keep editing
        </button>
        <button type="button" onClick={onLeave}>
          Leave
        </button>
      </div>
    </Dialog>
  );
}

/** A text's phone or an email's envelope; the words beside it say which. */
function ChannelGlyph({ channel }: { channel: CadenceChannel }) {
  return (
    <svg className="icon cadence-glyph" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {channel === "sms" ? (
        <path fill="none" stroke="currentColor" strokeWidth="2" d="M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm3 17h2" />
      ) : (
        <path fill="none" stroke="currentColor" strokeWidth="2" d="M3 5h18v14H3zm0 0 9 7 9-7" />
      )}
    </svg>
  );
}

function StepHeading({ id, step, headingRef }: { id: string; step: CadenceStep; headingRef: RefObject<HTMLHeadingElement | null> }) {
  return (
    <h2 id={id} ref={headingRef} tabIndex={-1} className="cadence-editor-title">
      Step {step.step} · {stepTitle(step)}
    </h2>
  );
}

/** What staff see of a step: its timing and wording, nothing to change them with. */
function StepReadOnly({ step, headingRef }: { step: CadenceStep; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const id = useId();
  const spanish = spanishOf(step);
  return (
    <article className="cadence-read" aria-labelledby={id}>
      <StepHeading id={id} step={step} headingRef={headingRef} />
      <p>{timingSentence(step.offsetMinutes)}</p>
      {step.channel === "email" && (
        <>
          <h3>Subject</h3>
          <p className="cadence-wording">{step.subject}</p>
        </>
      )}
      <h3>Wording</h3>
      <p className="cadence-wording">{step.body}</p>
      {spanish ? (
        <>
          {step.channel === "email" && (
            <>
              <h3>Spanish subject</h3>
              <p className="cadence-wording" lang="es">
                {spanish.subject}
              </p>
            </>
          )}
          <h3>Spanish wording</h3>
          <p className="cadence-wording" lang="es">
            {spanish.body}
          </p>
        </>
      ) : (
        <p className="cadence-fallback">{NO_SPANISH}</p>
      )}
      <p className="muted">Fields in double braces, such as {"{{ first_name }}"}, are filled in for each customer.</p>
    </article>
  );
}

/** The range a step may move in: between its neighbours (the last one up to day 60), as the server keeps it. */
function bounds(previous: CadenceStep | null, next: CadenceStep | null) {
  return {
    earliest: previous?.offsetMinutes ?? 0,
    latest: next?.offsetMinutes ?? LAST_OFFSET,
    lower: previous ? `${whenInWords(previous.offsetMinutes)} (step ${previous.step})` : "at once",
    upper: next ? `${whenInWords(next.offsetMinutes)} (step ${next.step})` : whenInWords(LAST_OFFSET),
  };
}

/** Why the timing cannot be saved, or null. */
function timingProblem(offset: number | null, previous: CadenceStep | null, next: CadenceStep | null): string | null {
  if (offset === null) return "Use whole numbers of days, hours and minutes.";
  const { earliest, latest } = bounds(previous, next);
  if (offset < earliest && previous)
    return `Too early: step ${previous.step} goes out ${whenInWords(previous.offsetMinutes)}, and the steps stay in order.`;
  if (offset > latest)
    return next
      ? `Too late: step ${next.step} goes out ${whenInWords(next.offsetMinutes)}, and the steps stay in order.`
      : `Too late: the last step goes out by ${whenInWords(LAST_OFFSET)} at the latest.`;
  return null;
}

/** A refusal, field by field where the server names the field (a 400's `errors`). */
function fieldErrors(e: unknown): FieldErrors {
  if (e instanceof ApiError) {
    if (e.status === 403) return { other: "Only managers and owners can change the cadence." };
    if (e.status === 404) return { other: "This step isn't in the cadence any more. Reload the page." };
    const errors = e.body.errors && typeof e.body.errors === "object" ? (e.body.errors as Record<string, unknown>) : null;
    if (e.status === 400 && errors) {
      const found: FieldErrors = {};
      const rest: string[] = [];
      for (const [key, messages] of Object.entries(errors)) {
        const list = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === "string") : [];
        if (!list.length) continue;
        const field = key.toLowerCase();
        if (field === "offsetminutes") {
          // "Between 1440 and 4320 (the neighbouring steps' offsets)." in the editor's words.
          const range = /Between (\d+) and (\d+)/.exec(list.join(" "));
          found.offset = range
            ? `It must go out between ${whenInWords(Number(range[1]))} and ${whenInWords(Number(range[2]))}, so the steps stay in order.`
            : list.map(humanMessage).join(" ");
        } else if (field === "body" || field === "subject") found[field] = list.map(humanMessage).join(" ");
        else if (field === "spanishbody") found.spanishBody = list.map(humanMessage).join(" ");
        else if (field === "spanishsubject") found.spanishSubject = list.map(humanMessage).join(" ");
        else rest.push(...list.map(humanMessage));
      }
      if (rest.length) found.other = rest.join(" ");
      if (Object.values(found).some(Boolean)) return found;
    }
    return { other: e.message };
  }
  return { other: e instanceof Error ? e.message : "That didn't work. Try again." };
}

/** `value`, once it has stayed the same for `ms`; the first value at once, and so the first of another `group`. */
function useDebounced<T>(value: T, ms: number, group = ""): T {
  const [settled, setSettled] = useState({ value, group });
  useEffect(() => {
    const timer = setTimeout(() => setSettled((s) => (s.value === value && s.group === group ? s : { value, group })), ms);
    return () => clearTimeout(timer);
  }, [value, ms, group]);
  // Switching to the other language's wording shows it at once, not the last language's for `ms`.
  if (settled.group !== group) {
    setSettled({ value, group });
    return value;
  }
  return settled.value;
}

interface EditorProps {
  step: CadenceStep;
  previous: CadenceStep | null;
  next: CadenceStep | null;
  draft: Draft;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** What the last save of this step said, until it is edited again. */
  saved: string | null;
  onDraft(draft: Draft | null): void;
  /** `rest`: what is left to keep of the draft (the other language's unsaved changes), or null. */
  onSaved(text: string, rest: Draft | null): void;
}

/**
 * A manager's editor of one step: timing, subject (emails), wording with fields, and the live preview; the
 * wording in English or in Spanish, one at a time. The timing is the same for both, so it is changed (and
 * saved) with the English, and a Spanish save sends only the Spanish.
 */
function StepEditor({ step, previous, next, draft, headingRef, saved, onDraft, onSaved }: EditorProps) {
  const save = useSaveStep();
  const queryClient = useQueryClient();
  const email = step.channel === "email";
  const [language, setLanguage] = useState<Language>("en");
  const spanish = language === "es";
  const savedSpanish = spanishOf(step);
  // The wording on show; null on the Spanish side when there is no Spanish version and none is begun.
  const words: Wording | null = spanish ? (draft.spanish ?? savedSpanish) : draft;
  const dirty: Record<Language, boolean> = { en: englishDirty(step, draft), es: spanishDirty(step, draft) };
  const begun = draft.spanish !== null && !savedSpanish;
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const bodyBox = useRef<HTMLTextAreaElement>(null);
  const subjectBox = useRef<HTMLInputElement>(null);
  const daysBox = useRef<HTMLInputElement>(null);
  // Where "Insert field" puts a field: the box last in use (the wording to start with).
  const target = useRef<"body" | "subject">("body");
  const cursor = useRef<{ box: "body" | "subject"; at: number } | null>(null);
  const id = useId();

  const offset = joinOffset(draft);
  const range = bounds(previous, next);
  const liveTiming = timingProblem(offset, previous, next);

  // The preview follows the wording PREVIEW_DELAY_MS after the last change.
  // (A string, so the debounce compares by value: [subject or null, body].)
  const wording = useDebounced(JSON.stringify([email ? (words?.subject ?? "") : null, words?.body ?? ""]), PREVIEW_DELAY_MS, language);
  const [previewSubject, previewBody] = JSON.parse(wording) as [string | null, string];
  const request: PreviewRequest | null = previewBody.trim()
    ? { channel: step.channel, subject: previewSubject, body: previewBody, ...(spanish ? { language: "es" } : {}) }
    : null;
  const preview = usePreview(step.step, request);
  // What the last preview that answered said of the fields: it stays up while the next one is on its way, so
  // an error does not flicker on and off as the manager types.
  const [previewErrors, setPreviewErrors] = useState<Pick<FieldErrors, "body" | "subject">>({});
  const settled = !request ? "none" : preview.isFetching ? "fetching" : preview.error ? "error" : "ok";
  useEffect(() => {
    if (settled === "none" || settled === "ok") setPreviewErrors({});
    else if (settled === "error" && preview.error) {
      const found = fieldErrors(preview.error);
      setPreviewErrors({ body: found.body, subject: found.subject });
    }
  }, [settled, preview.error]);
  const previewBroken = !!(previewErrors.body || previewErrors.subject);
  // The preview failed for another reason (offline, the server): it says so, the fields are fine.
  const previewRefusal = !preview.data && preview.error ? fieldErrors(preview.error) : null;
  const previewFailed = previewRefusal && !previewRefusal.body && !previewRefusal.subject ? (previewRefusal.other ?? "Try again.") : null;

  // A save's refusal names the language's own fields; a preview's, the wording on show.
  const errors: FieldErrors = {
    body: (spanish ? saveErrors.spanishBody : saveErrors.body) ?? previewErrors.body,
    subject: (spanish ? saveErrors.spanishSubject : saveErrors.subject) ?? previewErrors.subject,
    offset: saveErrors.offset ?? liveTiming ?? undefined,
    other: saveErrors.other,
  };

  // An inserted field leaves the cursor after it, to type on; a Spanish version begun, at its first box.
  useLayoutEffect(() => {
    const at = cursor.current;
    if (!at) return;
    const box = at.box === "subject" ? subjectBox.current : bodyBox.current;
    box?.focus();
    box?.setSelectionRange(at.at, at.at);
    cursor.current = null;
  }, [draft.body, draft.subject, draft.spanish?.body, draft.spanish?.subject]);

  function switchTo(next: Language) {
    if (next === language) return;
    setLanguage(next);
    // The preview's complaints were about the other language's wording.
    setPreviewErrors({});
  }

  /** Changes the draft; a save's refusal of the fields changed (`fixes`) goes until the next save. */
  function change(part: Partial<Draft>, fixes: (keyof FieldErrors)[]) {
    onDraft({ ...draft, ...part });
    const cleared = { ...saveErrors };
    for (const key of fixes) delete cleared[key];
    delete cleared.other;
    setSaveErrors(cleared);
  }

  /** Changes the wording on show: the English or the Spanish. */
  function changeWords(part: Partial<Wording>) {
    const fields = Object.keys(part) as (keyof Wording)[];
    if (!spanish) return change(part, fields);
    change(
      { spanish: { ...(words ?? blank), ...part } },
      fields.map((f) => (f === "body" ? "spanishBody" : "spanishSubject")),
    );
  }

  function insert(field: string) {
    const name = email && target.current === "subject" ? "subject" : "body";
    const box = name === "subject" ? subjectBox.current : bodyBox.current;
    const value = words?.[name] ?? "";
    const start = box?.selectionStart ?? value.length;
    const end = box?.selectionEnd ?? value.length;
    cursor.current = { box: name, at: start + field.length };
    changeWords({ [name]: value.slice(0, start) + field + value.slice(end) });
  }

  // Written from scratch: the English is a tab away, and a copy of it would go out as "Spanish" if saved as it is.
  function beginSpanish() {
    cursor.current = { box: email ? "subject" : "body", at: 0 };
    change({ spanish: blank }, []);
  }

  function show(found: FieldErrors) {
    setSaveErrors(found);
    if (!spanish && found.offset) daysBox.current?.focus();
    else if (spanish ? found.spanishSubject : found.subject) subjectBox.current?.focus();
    else if (spanish ? found.spanishBody : found.body) bodyBox.current?.focus();
  }

  /** Only what changed goes (left out, or null, keeps the rest), so another manager's change to the other parts stays. */
  function changes(wording: Wording): StepChange {
    if (spanish) {
      const was = savedSpanish ?? blank;
      return {
        ...(wording.body !== was.body ? { spanishBody: wording.body } : {}),
        ...(email && wording.subject !== was.subject ? { spanishSubject: wording.subject } : {}),
      };
    }
    return {
      body: draft.body !== step.body ? draft.body : null,
      subject: email && draft.subject !== (step.subject ?? "") ? draft.subject : null,
      offsetMinutes: offset !== step.offsetMinutes ? offset : null,
    };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending || !dirty[language] || !words) return;
    const missing: FieldErrors = {};
    if (!spanish && liveTiming) missing.offset = liveTiming;
    // An empty Spanish body would remove the version: that is the Remove button's to do, with its question.
    if (email && !words.subject.trim()) missing[spanish ? "spanishSubject" : "subject"] = "Give the email a subject.";
    if (!words.body.trim()) missing[spanish ? "spanishBody" : "body"] = "Write the message.";
    if (Object.values(missing).some(Boolean)) return show(missing);
    const sent = changes(words);
    setSaveErrors({});
    try {
      const cadence = await save.mutateAsync({ step: step.step, change: sent });
      const now = cadence.steps.find((s) => s.step === step.step) ?? step;
      const parts = spanish
        ? ["Touches not sent yet to Spanish-speaking customers use the new wording."]
        : [
            sent.body !== null || sent.subject !== null ? "Touches not sent yet use the new wording." : "",
            sent.offsetMinutes !== null ? "The new timing applies to leads that come in from now on." : "",
          ].filter(Boolean);
      const what = spanish ? `the Spanish version of step ${now.step}` : `step ${now.step}`;
      // The other language's unsaved changes stay, to be saved on their own.
      const rest = spanish ? { ...draft, spanish: null } : { ...draftOf(now), spanish: draft.spanish };
      onSaved(`Saved ${what} (${stepTitle(now)}). ${parts.join(" ")}`.trim(), kept(now, rest));
      headingRef.current?.focus();
    } catch (failure) {
      const found = fieldErrors(failure);
      // The neighbours may have moved since the page loaded: show the cadence as it is now.
      if (found.offset) void queryClient.invalidateQueries({ queryKey: cadenceKey });
      show(found);
    }
  }

  async function removeSpanish() {
    if (save.isPending) return;
    setRemoveError(null);
    try {
      // An empty Spanish body is how the server is told to drop the version.
      const cadence = await save.mutateAsync({ step: step.step, change: { spanishBody: "" } });
      const now = cadence.steps.find((s) => s.step === step.step) ?? step;
      setRemoving(false);
      setSaveErrors(({ spanishBody: _b, spanishSubject: _s, ...rest }) => rest);
      onSaved(
        `Removed the Spanish version of step ${now.step} (${stepTitle(now)}). Spanish-speaking customers get the English text.`,
        kept(now, { ...draft, spanish: null }),
      );
    } catch (failure) {
      const found = fieldErrors(failure);
      setRemoveError(found.spanishBody ?? found.other ?? "That didn't work. Try again.");
    }
  }

  function discard() {
    const rest = spanish ? { ...draft, spanish: null } : { ...draftOf(step), spanish: draft.spanish };
    onDraft(kept(step, rest));
    setSaveErrors(({ body, subject, offset, spanishBody, spanishSubject }) => (spanish ? { body, subject, offset } : { spanishBody, spanishSubject }));
    headingRef.current?.focus();
  }

  const ids = {
    timingHint: `${id}-timing-hint`,
    timingError: `${id}-timing-error`,
    subjectError: `${id}-subject-error`,
    bodyError: `${id}-body-error`,
    bodyHint: `${id}-body-hint`,
  };
  // A box's id names its language, as its label does.
  const box = (part: "subject" | "body") => `${id}-${language}-${part}`;
  const timingDescribedBy = [ids.timingHint, errors.offset ? ids.timingError : ""].filter(Boolean).join(" ");
  const timingBox = (part: "days" | "hours" | "minutes", label: string, max: number, ref?: RefObject<HTMLInputElement | null>) => (
    <div className="field cadence-timing-box">
      <label htmlFor={`${id}-${part}`}>{label}</label>
      <input
        id={`${id}-${part}`}
        ref={ref}
        type="number"
        inputMode="numeric"
        min={0}
        max={max}
        step={1}
        value={draft[part]}
        aria-invalid={errors.offset ? true : undefined}
        aria-describedby={timingDescribedBy}
        onChange={(e) => change({ [part]: e.target.value }, ["offset"])}
      />
    </div>
  );
  const inSpanish = spanish ? " in Spanish" : "";
  const unsaved = dirty.en && dirty.es ? "Unsaved changes in English and Spanish" : dirty.es ? "Unsaved Spanish changes" : dirty.en ? "Unsaved changes" : null;

  return (
    <>
      <form className="cadence-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
        <div className="cadence-editor-head">
          <StepHeading id={`${id}-title`} step={step} headingRef={headingRef} />
          {unsaved && <p className="cadence-unsaved">{unsaved}</p>}
        </div>

        <div className="segmented-buttons cadence-languages" role="group" aria-label="Language">
          <button type="button" aria-pressed={!spanish} onClick={() => switchTo("en")}>
            English
            {dirty.en && <span className="cadence-dot" aria-hidden="true" />}
          </button>
          <button type="button" lang="es" aria-pressed={spanish} onClick={() => switchTo("es")}>
            Español
            {dirty.es && <span className="cadence-dot" aria-hidden="true" />}
          </button>
        </div>

        {spanish ? (
          <div className="cadence-timing-shared">
            <p className="cadence-timing-words">{timingSentence(step.offsetMinutes)}</p>
            <p className="field-hint muted">Both languages go out at the same time; change it under English.</p>
          </div>
        ) : (
          <fieldset className="cadence-timing">
            <legend>When it goes out</legend>
            <div className="cadence-timing-boxes">
              {timingBox("days", "Days", 60, daysBox)}
              {timingBox("hours", "Hours", 23)}
              {timingBox("minutes", "Minutes", 59)}
            </div>
            <p className="cadence-timing-words">{offset === null ? "Not a time yet." : timingSentence(offset)}</p>
            <p id={ids.timingHint} className="field-hint muted">
              It can go out from {range.lower} to {range.upper}.
            </p>
            {errors.offset && (
              <p id={ids.timingError} className="field-error">
                {errors.offset}
              </p>
            )}
          </fieldset>
        )}

        {!words ? (
          <div className="cadence-fallback">
            <p>{NO_SPANISH}</p>
            <button type="button" onClick={beginSpanish}>
              Write a Spanish version
            </button>
          </div>
        ) : (
          // Each language's boxes are their own (remounted on a switch): the browser's undo stays with its language.
          <Fragment key={language}>
            {email && (
              <div className="field">
                <label htmlFor={box("subject")}>Subject{inSpanish}</label>
                <input
                  id={box("subject")}
                  ref={subjectBox}
                  lang={spanish ? "es" : undefined}
                  value={words.subject}
                  maxLength={MAX_SUBJECT}
                  aria-invalid={errors.subject ? true : undefined}
                  aria-describedby={errors.subject ? ids.subjectError : undefined}
                  onFocus={() => (target.current = "subject")}
                  onChange={(e) => changeWords({ subject: e.target.value })}
                />
                {errors.subject && (
                  <p id={ids.subjectError} className="field-error">
                    {errors.subject}
                  </p>
                )}
              </div>
            )}

            <div className="field">
              <label htmlFor={box("body")}>
                {email ? "Email" : "Text message"}
                {inSpanish}
              </label>
              <textarea
                id={box("body")}
                ref={bodyBox}
                lang={spanish ? "es" : undefined}
                rows={email ? 10 : 5}
                value={words.body}
                maxLength={MAX_BODY[step.channel]}
                aria-invalid={errors.body ? true : undefined}
                aria-describedby={[errors.body ? ids.bodyError : "", ids.bodyHint].filter(Boolean).join(" ")}
                onFocus={() => (target.current = "body")}
                onChange={(e) => changeWords({ body: e.target.value })}
              />
              {errors.body && (
                <p id={ids.bodyError} className="field-error">
                  {errors.body}
                </p>
              )}
              <p id={ids.bodyHint} className="field-hint muted">
                Fields in double braces are filled in for each customer.
                {email
                  ? spanish
                    ? " The shop's address and an unsubscribe link (“Darse de baja”) are added at the end."
                    : " The shop's address and an unsubscribe link are added at the end."
                  : spanish
                    ? " Leave the accent off á, í, ó and ú: they are not in the plain texting alphabet and make a text UCS-2 (é, ñ, ü, ¿ and ¡ are fine)."
                    : ""}
              </p>
            </div>

            <InsertField onInsert={insert} />

            <PreviewPanel
              channel={step.channel}
              language={language}
              empty={request === null}
              preview={preview.data}
              updating={preview.isFetching}
              failed={previewFailed}
              broken={!preview.data && previewBroken}
              onPlain={() => changeWords({ body: replaceTypography(words.body) })}
            />
          </Fragment>
        )}

        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        <p className="cadence-saved" role="status">
          {saved}
        </p>
        {words && (
          <div className="actions cadence-actions">
            <button type="submit" className="primary" disabled={save.isPending || !dirty[language]}>
              {save.isPending ? "Saving…" : "Save"}
            </button>
            <button type="button" disabled={save.isPending || !(dirty[language] || (spanish && begun))} onClick={discard}>
              Discard changes
            </button>
            {spanish && savedSpanish && (
              <button type="button" className="cadence-remove" disabled={save.isPending} onClick={() => setRemoving(true)}>
                Remove the Spanish version
              </button>
            )}
          </div>
        )}
      </form>
      {removing && (
        <RemoveSpanishDialog
          step={step.step}
          unsaved={dirty.es}
          pending={save.isPending}
          error={removeError}
          onRemove={() => void removeSpanish()}
          onKeep={() => {
            setRemoving(false);
            setRemoveError(null);
          }}
          fallbackFocus={() => headingRef.current}
        />
      )}
    </>
  );
}

interface RemoveProps {
  step: number;
  /** The Spanish wording has unsaved changes, which go too. */
  unsaved: boolean;
  pending: boolean;
  error: string | null;
  onRemove(): void;
  onKeep(): void;
  fallbackFocus(): HTMLElement | null;
}

/** Asked before a step's Spanish version goes; keeping it is the default (and what Escape does). */
function RemoveSpanishDialog({ step, unsaved, pending, error, onRemove, onKeep, fallbackFocus }: RemoveProps) {
  const keep = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      role="alertdialog"
      title={`Remove the Spanish version of step ${step}?`}
      description={`Spanish-speaking customers get the English text instead.${unsaved ? " Your unsaved Spanish changes go too." : ""}`}
      onClose={onKeep}
      initialFocus={keep}
      fallbackFocus={fallbackFocus}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        <button type="button" className="danger" disabled={pending} onClick={onRemove}>
          {pending ? "Removing…" : "Remove"}
        </button>
        <button type="button" ref={keep} onClick={onKeep}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}

/** "Insert field": the fields a template can use, put in where the cursor is. */
function InsertField({ onInsert }: { onInsert(field: string): void }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <div
      className="cadence-insert"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button type="button" ref={toggle} aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen(!open)}>
        Insert field <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id={id} className="cadence-insert-list" aria-label="Fields">
          {templateFields.map((f) => (
            <li key={f.field}>
              <button
                type="button"
                aria-label={`Insert ${f.field}, ${f.what}`}
                onClick={() => {
                  setOpen(false);
                  onInsert(f.field);
                }}
              >
                <code>{f.field}</code> <span className="muted">{f.what}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface PreviewProps {
  channel: CadenceChannel;
  /** The wording's language: the sample is rendered in it (Spanish shop hours, footer and STOP line). */
  language: Language;
  /** There is no wording to preview. */
  empty: boolean;
  preview: CadencePreview | undefined;
  updating: boolean;
  /** Why there is no preview, when it is not the wording's fault. */
  failed: string | null;
  /** The wording does not parse (the field says why). */
  broken: boolean;
  onPlain(): void;
}

/** The step as a sample customer would get it: a text's bubble and size, an email's subject and text. Text only, never markup. */
function PreviewPanel({ channel, language, empty, preview, updating, failed, broken, onPlain }: PreviewProps) {
  const id = useId();
  const lang = language === "es" ? "es" : undefined;
  const who = preview?.customer ? preview.customer : "a sample customer";
  return (
    <section className="cadence-preview" aria-labelledby={id} aria-busy={updating || undefined}>
      <h3 id={id}>
        Preview {updating && <span className="muted cadence-updating">Updating…</span>}
      </h3>
      {empty ? (
        <p className="muted">Write the message to see the preview.</p>
      ) : broken ? (
        <p className="muted">The preview shows again once the wording is fixed.</p>
      ) : failed ? (
        <Notice kind="info">The preview isn't available right now: {failed}</Notice>
      ) : !preview ? (
        <p className="muted">Loading the preview…</p>
      ) : channel === "sms" ? (
        <SmsPreview preview={preview} who={who} lang={lang} onPlain={onPlain} />
      ) : (
        <>
          <p className="muted">As {who} would get it:</p>
          <div className="cadence-email" lang={lang}>
            <p className="cadence-email-subject">
              <span className="muted">Subject: </span>
              {preview.subject}
            </p>
            <p className="cadence-email-text">{preview.text}</p>
          </div>
          <p className="muted cadence-footnote">It goes with an HTML version of the same words, its links clickable.</p>
        </>
      )}
    </section>
  );
}

function SmsPreview({ preview, who, lang, onPlain }: { preview: CadencePreview; who: string; lang: string | undefined; onPlain(): void }) {
  const ucs2 = preview.ucs2Characters;
  const fixable = ucs2.some(hasPlainTwin);
  const segments = preview.segments ?? 1;
  return (
    <>
      <p className="muted">As {who} would get it:</p>
      <div className="cadence-phone">
        <p className="cadence-bubble" lang={lang}>
          {preview.text}
        </p>
      </div>
      <p className="cadence-size" aria-live="polite">
        {preview.units ?? preview.text.length} characters · {segments} {segments === 1 ? "segment" : "segments"}
        {preview.encoding ? ` (${preview.encoding})` : ""}
      </p>
      {ucs2.length > 0 && (
        <div className="cadence-warning">
          <p>
            {quotedList(ucs2)} {ucs2.length === 1 ? "makes" : "make"} this a UCS-2 text: 70 characters per segment instead of 160.
          </p>
          {fixable && (
            <button type="button" onClick={onPlain}>
              Replace curly quotes and dashes
            </button>
          )}
        </div>
      )}
      <p className="muted cadence-footnote">
        Curly quotes, dashes, “…” and non-breaking spaces are replaced with plain ones when a text is sent, so they don't make it UCS-2; the preview
        shows the text as sent.
      </p>
    </>
  );
}
