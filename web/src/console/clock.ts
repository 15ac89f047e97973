import { useSyncExternalStore } from "react";
import { useApi } from "./session";

// One timer for every age on the screen: while any is shown, they are all worked out again this often, so
// "waiting 12 min" keeps up between the inbox's polls (which bring nothing new when nothing changed).
const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let tick = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1)
    timer = setInterval(() => {
      tick++;
      listeners.forEach((l) => l());
    }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) clearInterval(timer);
  };
}

/**
 * Now by the server's clock (this device's plus the offset the API client keeps from the answers' `Date`
 * headers), for anything shown relative to now. The component renders again every half minute.
 */
export function useServerNow(): number {
  const { clock } = useApi();
  useSyncExternalStore(subscribe, () => tick);
  return clock.now();
}
