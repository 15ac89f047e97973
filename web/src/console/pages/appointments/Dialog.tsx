import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';

interface Props {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** Where the focus goes on closing when what opened the dialog is gone (a block drawn anew elsewhere). */
  fallbackFocus?: () => HTMLElement | null | undefined;
}

/**
 * A modal dialog over a dimmed page, as the keyboard shortcuts' (inbox/shortcuts.tsx): it takes the focus
 * when it opens, keeps it inside (Tab goes round), closes on Escape, Close or a press outside it, and gives
 * the focus back to what opened it.
 */
export function Dialog({ title, onClose, children, className = "", fallbackFocus }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const id = useId();
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => {
      // After the page has rendered without the dialog: the opener may have gone with it.
      requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return;
        if (opener?.isConnected) opener.focus();
        else fallback.current?.()?.focus();
      });
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== "Tab") return;
    const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
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
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        className={`dialog card agenda-dialog ${className}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <div className="actions agenda-dialog-close">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
