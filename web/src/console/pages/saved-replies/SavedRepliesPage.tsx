import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import type { SavedReply } from "../../api/types";
import { isManager, useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { templateFields } from "../../ui/templateFields";
import { useDeleteReply, useSavedReplies, useSaveReply, type SavedReplyInput } from "./queries";

const MAX_TITLE = 80;
const MAX_BODY = 1600;

/**
 * The shop's saved replies, which staff pick in the composer and the server fills in for the customer.
 * Managers and owners add, change and delete them; staff only see them (the server refuses them anyway).
 */
export function SavedRepliesPage() {
  const me = useCurrentStaff();
  const manages = isManager(me);
  const list = useSavedReplies();
  const [editing, setEditing] = useState<string | null>(null);
  // The reply whose form just closed: its Edit button takes the focus back.
  const [edited, setEdited] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  function stopEditing(id: string) {
    setEditing(null);
    setEdited(id);
  }

  return (
    <main className="saved-replies">
      <h1 ref={heading} tabIndex={-1}>
        Saved replies
      </h1>
      <p className="muted">
        Staff pick these in the composer under “Saved replies”. The fields are filled in for the customer, and the reply goes in the text box to check
        and send.
      </p>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {list.isPending ? (
        <p role="status">Loading saved replies…</p>
      ) : list.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void list.refetch() }}>
          {list.error.message}
        </Notice>
      ) : list.data.length === 0 ? (
        <p className="empty">No saved replies yet.</p>
      ) : (
        <ul className="saved-list" aria-label="Saved replies">
          {list.data.map((reply) => (
            <li key={reply.id} className="card">
              {editing === reply.id ? (
                <ReplyForm
                  reply={reply}
                  onCancel={() => stopEditing(reply.id)}
                  onSaved={(saved) => {
                    stopEditing(reply.id);
                    setAnnouncement(`Saved “${saved.title}”.`);
                  }}
                />
              ) : (
                <SavedReplyCard
                  reply={reply}
                  manages={manages}
                  focusEdit={edited === reply.id}
                  onEdit={() => setEditing(reply.id)}
                  onDeleted={() => {
                    setAnnouncement(`Deleted “${reply.title}”.`);
                    heading.current?.focus();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {manages ? (
        <section className="card saved-add" aria-labelledby="saved-add-title">
          <h2 id="saved-add-title">Add a saved reply</h2>
          <ReplyForm onSaved={(saved) => setAnnouncement(`Added “${saved.title}”.`)} />
        </section>
      ) : (
        <p className="muted">Only managers and owners can add or change saved replies.</p>
      )}
    </main>
  );
}

interface CardProps {
  reply: SavedReply;
  manages: boolean;
  /** Just back from its form: the Edit button has the focus. */
  focusEdit: boolean;
  onEdit(): void;
  onDeleted(): void;
}

function SavedReplyCard({ reply, manages, focusEdit, onEdit, onDeleted }: CardProps) {
  const remove = useDeleteReply();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const questionId = useId();

  // The question takes the focus; leaving it gives the focus back to the buttons it came from.
  const asked = useRef(false);
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (asked.current || focusEdit) editButton.current?.focus();
    asked.current = asking;
  }, [asking, focusEdit]);

  async function confirmDelete() {
    setError(null);
    try {
      await remove.mutateAsync(reply.id);
      onDeleted();
    } catch (e) {
      // Someone else deleted it first: it is gone either way, and the list is asked for again.
      if (e instanceof ApiError && e.status === 404) onDeleted();
      else setError(formErrors(e).other ?? "Deleting didn't work. Try again.");
    }
  }

  return (
    <article className="saved-reply" aria-labelledby={`${questionId}-title`}>
      <h2 id={`${questionId}-title`} className="saved-title">
        {reply.title}
      </h2>
      <p className="saved-body">{reply.body}</p>
      {manages && !asking && (
        <div className="actions">
          <button type="button" ref={editButton} aria-label={`Edit ${reply.title}`} onClick={onEdit}>
            Edit
          </button>
          <button type="button" aria-label={`Delete ${reply.title}`} onClick={() => setAsking(true)}>
            Delete
          </button>
        </div>
      )}
      {asking && (
        <div className="confirm" role="alertdialog" aria-labelledby={questionId}>
          <p id={questionId}>Delete “{reply.title}”? Staff can't pick it any more.</p>
          <div className="actions">
            <button type="button" className="primary" disabled={remove.isPending} onClick={() => void confirmDelete()}>
              {remove.isPending ? "Deleting…" : "Delete"}
            </button>
            <button
              type="button"
              ref={keep}
              onClick={() => {
                setAsking(false);
                setError(null);
              }}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </article>
  );
}

interface FormErrors {
  title?: string;
  body?: string;
  other?: string;
}

/** A refusal, field by field where the server names the field (a 400's `errors`, a taken title). */
function formErrors(e: unknown): FormErrors {
  if (e instanceof ApiError) {
    if (e.code === "title_taken") return { title: "Another saved reply has this title." };
    if (e.status === 403) return { other: "Only managers and owners can change saved replies." };
    if (e.status === 404) return { other: "This saved reply isn't there any more; someone deleted it." };
    const errors = e.body.errors && typeof e.body.errors === "object" ? (e.body.errors as Record<string, unknown>) : null;
    if (e.status === 400 && errors) {
      const found: FormErrors = {};
      const rest: string[] = [];
      for (const [key, messages] of Object.entries(errors)) {
        const message = Array.isArray(messages) ? messages.filter((m) => typeof m === "string").join(" ") : "";
        if (!message) continue;
        const field = key.toLowerCase();
        if (field === "title" || field === "body") found[field] = found[field] ? `${found[field]} ${message}` : message;
        else rest.push(message);
      }
      if (rest.length) found.other = rest.join(" ");
      if (found.title || found.body || found.other) return found;
    }
    return { other: e.message };
  }
  return { other: e instanceof Error ? e.message : "That didn't work. Try again." };
}

/** Adds a saved reply (no `reply`) or changes one. */
function ReplyForm({ reply, onSaved, onCancel }: { reply?: SavedReply; onSaved(saved: SavedReply): void; onCancel?(): void }) {
  const save = useSaveReply();
  const [title, setTitle] = useState(reply?.title ?? "");
  const [body, setBody] = useState(reply?.body ?? "");
  const [errors, setErrors] = useState<FormErrors>({});
  const titleBox = useRef<HTMLInputElement>(null);
  const bodyBox = useRef<HTMLTextAreaElement>(null);
  const cursor = useRef<number | null>(null);
  const id = useId();

  // Editing starts in the form (once, when it opens).
  useEffect(() => {
    if (reply) titleBox.current?.focus();
  }, []);

  // An inserted field leaves the cursor after it, to type on.
  useLayoutEffect(() => {
    if (cursor.current === null) return;
    bodyBox.current?.focus();
    bodyBox.current?.setSelectionRange(cursor.current, cursor.current);
    cursor.current = null;
  }, [body]);

  function insert(field: string) {
    const box = bodyBox.current;
    const start = box?.selectionStart ?? body.length;
    const end = box?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + field + body.slice(end));
    cursor.current = start + field.length;
  }

  function show(found: FormErrors) {
    setErrors(found);
    if (found.title) titleBox.current?.focus();
    else if (found.body) bodyBox.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const input: SavedReplyInput = { title: title.trim(), body: body.trim() };
    const missing: FormErrors = {};
    if (!input.title) missing.title = "Give it a title.";
    if (!input.body) missing.body = "Write the reply.";
    if (missing.title || missing.body) return show(missing);
    setErrors({});
    try {
      const saved = await save.mutateAsync({ ...input, id: reply?.id });
      if (!reply) {
        setTitle("");
        setBody("");
        titleBox.current?.focus();
      }
      onSaved(saved);
    } catch (failure) {
      show(formErrors(failure));
    }
  }

  const titleError = `${id}-title-error`;
  const bodyError = `${id}-body-error`;
  return (
    <form className="saved-form" onSubmit={(e) => void submit(e)} aria-label={reply ? `Edit ${reply.title}` : undefined} noValidate>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          ref={titleBox}
          value={title}
          maxLength={MAX_TITLE}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? titleError : undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
        {errors.title && (
          <p id={titleError} className="field-error">
            {errors.title}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Reply</label>
        <textarea
          id={`${id}-body`}
          ref={bodyBox}
          rows={4}
          value={body}
          maxLength={MAX_BODY}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? bodyError : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
        {errors.body && (
          <p id={bodyError} className="field-error">
            {errors.body}
          </p>
        )}
      </div>
      <div className="saved-fields">
        <p>Fields you can use; each is filled in for the customer:</p>
        <ul aria-label="Insert a field">
          {templateFields.map((f) => (
            <li key={f.field}>
              <button type="button" className="field-chip" aria-label={`Insert ${f.field}, ${f.what}`} onClick={() => insert(f.field)}>
                <code>{f.field}</code>
              </button>
              <span className="muted">{f.what}</span>
            </li>
          ))}
        </ul>
      </div>
      {errors.other && <Notice kind="error">{errors.other}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : reply ? "Save" : "Add saved reply"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
