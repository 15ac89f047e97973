import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";

const FOCUSABLE = [
  "a[href]",
  "button:not(:disabled)",
  "input:not(:disabled):not([type=hidden])",
  "select:not(:disabled)",
  "textarea:not(:disabled)",
  "summary",
  "[tabindex]",
  "[contenteditable]:not([contenteditable=false])",
]
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(", ");

/** Whether `a` comes before `b` in the page (`b` inside `a` counts: it comes after its container). */
const before = (a: Node, b: Node) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

/** What Tab stops at inside `root`, in order: of a group of radios only the checked one (or the first). */
function tabStops(root: HTMLElement): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)]
    .filter((el) => !el.closest("[inert], [hidden], fieldset:disabled"))
    // In the page's order (jsdom's selector engine may give a selector list's matches group by group).
    .sort((a, b) => (before(a, b) ? -1 : 1));
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== "radio" || !el.name) return true;
    const group = all.filter((o): o is HTMLInputElement => o instanceof HTMLInputElement && o.type === "radio" && o.name === el.name);
    const checked = group.find((o) => o.checked);
    return checked ? el === checked : el === group[0];
  });
}

/** The focus has nowhere to be: on the page itself, or on an element no longer in it. */
const focusLost = () => !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;

interface Props {
  /** The dialog's name: its heading. */
  title: ReactNode;
  /** Escape, or a press on the dimmed page around it; the caller unmounts the dialog. */
  onClose(): void;
  children: ReactNode;
  /** A sentence under the title, read out with it (aria-describedby). */
  description?: ReactNode;
  /** More classes beside `dialog card`. */
  className?: string;
  /** "alertdialog" for a question that needs an answer before going on. */
  role?: "dialog" | "alertdialog";
  /** What takes the focus on opening (the dialog itself without it). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where the focus goes on closing when what had it before is gone (a block drawn anew elsewhere). */
  fallbackFocus?: () => HTMLElement | null | undefined;
}

/**
 * The console's modal dialog, over a dimmed page: it takes the focus when it opens (the dialog, or
 * `initialFocus`), keeps it inside (Tab and Shift+Tab go round), closes on Escape or a press outside it, and
 * gives the focus back to what had it before, or to `fallbackFocus` when that is gone. Its buttons are the
 * caller's. A div, not a native <dialog>: jsdom, which the tests run in, has no showModal().
 */
export function Dialog({ title, onClose, children, description, className, role = "dialog", initialFocus, fallbackFocus }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const id = useId();
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;
  const initial = useRef(initialFocus);
  initial.current = initialFocus;

  // A layout effect: the opener is read before anything the contents do on mount can move the focus.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const node = dialog.current;
    (initial.current?.current ?? node)?.focus();
    return () => {
      // This runs before the dialog leaves the page: the focus goes back at once when the opener is still
      // there (unless what closed it put the focus somewhere else). If it is not, or goes with the same
      // change, once the page has rendered without the dialog (what replaces the opener is there by then).
      if (opener?.isConnected && (focusLost() || node?.contains(document.activeElement))) opener.focus();
      requestAnimationFrame(() => {
        if (!focusLost()) return;
        if (opener?.isConnected) opener.focus();
        else fallback.current?.()?.focus();
      });
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Something inside handled it (a menu closing, a question inside answering "no").
    if (e.defaultPrevented) return;
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== "Tab" || !dialog.current) return;
    const stops = tabStops(dialog.current);
    const active = document.activeElement;
    const first = stops[0];
    const last = stops.at(-1);
    if (!first || !last || !active) {
      e.preventDefault();
      dialog.current.focus();
      return;
    }
    // Past either end the focus goes round (from the dialog itself, Shift+Tab goes to the last).
    if (e.shiftKey ? !stops.some((s) => before(s, active)) : !stops.some((s) => before(active, s))) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  return (
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={dialog}
        role={role}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-description` : undefined}
        className={className ? `dialog card ${className}` : "dialog card"}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {description && <p id={`${id}-description`}>{description}</p>}
        {children}
      </div>
    </div>
  );
}
