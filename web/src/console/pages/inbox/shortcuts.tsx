import { useEffect, useRef, useSyncExternalStore } from "react";
import { Dialog } from "../../ui/Dialog";

// The inbox's keyboard shortcuts, for a desktop or a tablet with a keyboard: single keys, as in a mail
// app. They never act while staff type (in a box, a list or a choice), with Ctrl, Alt or ⌘ held (the
// browser's and the screen reader's own keys), or behind the shortcuts dialog. Single-key shortcuts get in
// the way of speech input, so they can be turned off (WCAG 2.1.4); this device remembers it.

export const shortcutList = [
  { key: "j", does: "Next conversation" },
  { key: "k", does: "Previous conversation" },
  { key: "r", does: "Write in the reply box" },
  { key: "e", does: "Mark the conversation done" },
  { key: "?", does: "Show these shortcuts" },
] as const;

const storageKey = "console.shortcuts";
const settingListeners = new Set<() => void>();

function shortcutsOn(): boolean {
  try {
    return localStorage.getItem(storageKey) !== "off";
  } catch {
    return true;
  }
}

function setShortcutsOn(on: boolean) {
  try {
    if (on) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, "off");
  } catch {
    // Storage refused (private mode): the setting holds until the page reloads.
  }
  settingListeners.forEach((l) => l());
}

function subscribeSetting(listener: () => void) {
  settingListeners.add(listener);
  // Another tab of the console changed it.
  window.addEventListener("storage", listener);
  return () => {
    settingListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** Whether the shortcuts are on (the default) on this device, and the switch. */
export function useShortcutsSetting(): [boolean, (on: boolean) => void] {
  return [useSyncExternalStore(subscribeSetting, shortcutsOn), setShortcutsOn];
}

/** Where a key press is typing (or choosing), not a command. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null;
}

/**
 * Calls `keys[e.key]` for a shortcut pressed anywhere on the page (see above for when one is not). The
 * handlers may change every render; the listener stays.
 */
export function useShortcuts(keys: Partial<Record<string, () => void>>) {
  const [on] = useShortcutsSetting();
  const current = useRef(keys);
  current.current = keys;
  useEffect(() => {
    if (!on) return;
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTyping(e.target)) return;
      if (e.target instanceof Element && e.target.closest('[aria-modal="true"]')) return;
      const handler = current.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, [on]);
  return on;
}

/** The list of shortcuts, as a modal dialog (Escape, Close, or a press outside it closes it). */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const [on, setOn] = useShortcutsSetting();
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcut-list">
        {shortcutList.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Not while you are typing in a box.</p>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> Use keyboard shortcuts on this device
      </label>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
