import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import type { SavedReply } from "../../api/types";
import { isManager, useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useSavedReplies } from "../saved-replies/queries";

interface Props {
  disabled: boolean;
  onPick(reply: SavedReply): void;
}

/**
 * "Saved replies": a button that opens the shop's saved replies, by title (a disclosure: Tab or the arrow
 * keys go through them, Escape closes). The list is asked for when it is first opened, not for every thread.
 */
export function SavedReplyPicker({ disabled, onPick }: Props) {
  const me = useCurrentStaff();
  const [open, setOpen] = useState(false);
  const shown = open && !disabled;
  const list = useSavedReplies(shown);
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();
  const panelId = `${id}-panel`;
  const replies = list.data ?? [];
  const hasReplies = replies.length > 0;

  // A press or the focus anywhere else closes it. (Not on blur: Safari does not focus a clicked button,
  // so the list would close before the click on a reply landed.)
  useEffect(() => {
    if (!shown) return;
    const outside = (e: Event) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("focusin", outside);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("focusin", outside);
    };
  }, [shown]);

  // Once the replies are there, the focus goes to the first, as in a menu.
  useEffect(() => {
    if (shown && hasReplies) items()[0]?.focus();
  }, [shown, hasReplies]);

  function items() {
    return [...(wrapper.current?.querySelectorAll<HTMLButtonElement>("button[data-reply]") ?? [])];
  }

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!shown) return;
    if (e.key === "Escape") {
      e.preventDefault();
      close();
      return;
    }
    const all = items();
    if (!all.length || !["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
    e.preventDefault();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : e.key === "ArrowDown" ? (at + 1) % all.length : (at - 1 + all.length) % all.length;
    all[next]?.focus();
  }

  return (
    <div className="saved-picker" ref={wrapper} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={toggle}
        aria-expanded={shown}
        aria-controls={shown ? panelId : undefined}
        disabled={disabled}
        onClick={() => setOpen(!shown)}
      >
        Saved replies
      </button>
      {shown && (
        <div id={panelId} className="saved-panel">
          {list.isPending ? (
            <p role="status">Loading saved replies…</p>
          ) : list.error ? (
            <Notice kind="error" action={{ label: "Try again", onClick: () => void list.refetch() }}>
              {list.error.message}
            </Notice>
          ) : !hasReplies ? (
            <p className="empty">No saved replies yet — managers can add them.</p>
          ) : (
            <ul aria-label="Saved replies">
              {replies.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    data-reply=""
                    aria-label={r.title}
                    aria-describedby={`${id}-${r.id}`}
                    onClick={() => {
                      setOpen(false);
                      onPick(r);
                    }}
                  >
                    <span className="saved-pick-title">{r.title}</span>
                    <span id={`${id}-${r.id}`} className="saved-pick-body">
                      {r.body}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {isManager(me) && (
            <Link to="/saved-replies" className="saved-manage">
              Manage saved replies
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
