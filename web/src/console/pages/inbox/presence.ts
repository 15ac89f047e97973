import { useCallback, useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { PresenceState } from "../../api/types";
import { useLive } from "../../live/context";
import { useApi, useCurrentStaff } from "../../session";
import { useColleagues } from "./queries";

// Presence: colleagues see who else has a conversation open, and who is typing, so a customer never gets
// two answers. Opening one ("viewing") also tells the server someone looked: its handoff alerts stop.

/** While a thread is open and in sight it says so this often; the server forgets a viewer after VIEWER_FOR_MS without. */
export const HEARTBEAT_MS = 30_000;
/** Typing is said at most this often while staff keep typing. */
export const TYPING_EVERY_MS = 4_000;
/** A colleague not heard from for this long has gone (closed the laptop, lost the network): the server's own rule. */
export const VIEWER_FOR_MS = 75_000;
/** "is typing…" lasts this long after a colleague's last typing, then they are viewing again. */
export const TYPING_FOR_MS = 8_000;

/** How far this console's idea of the server's clock may be off (its Date header is in whole seconds). */
const CLOCK_SLACK_MS = 2_000;

export const presenceKey = (conversationId: string) => ["presence", conversationId] as const;

export interface PresentColleague {
  userId: string;
  name: string;
  typing: boolean;
}

export interface Presence {
  /** The other colleagues with this conversation open now, in the order they came. */
  others: PresentColleague[];
  /** Staff typed a reply: colleagues see "… is typing…". Call it on every keystroke; it throttles itself. */
  typing(): void;
  /** The reply went: colleagues stop seeing "typing" now, not 8 s later. */
  stoppedTyping(): void;
}

/**
 * This staff member's presence in the conversation while `open` (the thread is on screen), and the other
 * colleagues'. Fire and forget: presence is a courtesy, so a lost one is left to the next heartbeat.
 */
export function usePresence(conversationId: string, open: boolean): Presence {
  const others = useOthers(conversationId, open);
  return { others, ...useOwnPresence(conversationId, open) };
}

/** The last presence request per conversation, while it is on its way. */
const inFlight = new Map<string, Promise<unknown>>();

function useOwnPresence(conversationId: string, open: boolean) {
  const { client } = useApi();
  // When "typing" was last said, and when staff last typed (local clock: only ever compared with itself).
  const saidTyping = useRef(-Infinity);
  const typed = useRef(-Infinity);

  const say = useCallback(
    (state: PresenceState, leaving = false) => {
      const send = () =>
        client
          .POST("/api/console/conversations/{conversationId}/presence", {
            params: { path: { conversationId } },
            body: { state },
            // Leaving may be the page going away: keepalive lets the request outlive it.
            ...(leaving ? { keepalive: true } : {}),
          })
          .catch(() => undefined);
      // One after the other, so the server hears them in order: leaving and opening the thread again (the
      // back button; React's development double mount) must not end with "left". Leaving itself goes at once,
      // while the page is still there to send it.
      const before = inFlight.get(conversationId);
      const sent = leaving || !before ? send() : before.then(send);
      inFlight.set(conversationId, sent);
      void sent.then(() => {
        if (inFlight.get(conversationId) === sent) inFlight.delete(conversationId);
      });
    },
    [client, conversationId],
  );

  useEffect(() => {
    if (!open) return;
    const inSight = () => document.visibilityState !== "hidden";
    say("viewing");
    // A tab in the background says nothing: after VIEWER_FOR_MS colleagues no longer see it. Typing that
    // goes on through a heartbeat is said as typing, so colleagues do not see it stop and start again.
    const beat = setInterval(() => {
      if (!inSight()) return;
      const stillTyping = Date.now() - typed.current < TYPING_EVERY_MS;
      if (stillTyping) saidTyping.current = Date.now();
      say(stillTyping ? "typing" : "viewing");
    }, HEARTBEAT_MS);
    const backInSight = () => {
      if (inSight()) say("viewing");
    };
    const leaving = () => say("left", true);
    // Back from the browser's page cache (the back button): it left, and is here again.
    const back = (e: PageTransitionEvent) => {
      if (e.persisted) say("viewing");
    };
    document.addEventListener("visibilitychange", backInSight);
    window.addEventListener("pagehide", leaving);
    window.addEventListener("pageshow", back);
    return () => {
      clearInterval(beat);
      document.removeEventListener("visibilitychange", backInSight);
      window.removeEventListener("pagehide", leaving);
      window.removeEventListener("pageshow", back);
      say("left", true);
    };
  }, [open, say]);

  const typing = useCallback(() => {
    if (!open) return;
    const now = Date.now();
    typed.current = now;
    if (now - saidTyping.current < TYPING_EVERY_MS) return;
    saidTyping.current = now;
    say("typing");
  }, [open, say]);

  const stoppedTyping = useCallback(() => {
    const shownTyping = Date.now() - saidTyping.current < TYPING_FOR_MS;
    saidTyping.current = -Infinity;
    typed.current = -Infinity;
    if (open && shownTyping) say("viewing");
  }, [open, say]);

  return { typing, stoppedTyping };
}

interface Heard {
  /** From the viewers list; a colleague first heard of on the stream is named from the staff list. */
  name: string | null;
  /** Their last word, by the server's clock. */
  at: number;
  typingAt: number | null;
}

/** The other colleagues in the conversation: the server's list on open, kept current by the live stream. */
function useOthers(conversationId: string, open: boolean): PresentColleague[] {
  const { client, clock } = useApi();
  const me = useCurrentStaff();
  const { status, onPresence } = useLive();
  const colleagues = useColleagues();
  const staff = useRef(colleagues.data);
  staff.current = colleagues.data;
  const heard = useRef(new Map<string, Heard>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [others, setOthers] = useState<PresentColleague[]>([]);

  const list = useQuery({
    queryKey: presenceKey(conversationId),
    queryFn: async () => {
      const asked = clock.now();
      const { viewers } = await unwrap(client.GET("/api/console/conversations/{conversationId}/presence", { params: { path: { conversationId } } }));
      return { viewers, asked };
    },
    enabled: open,
    // Without the stream, asking is the only way to hear of colleagues: as often as they say they are here.
    refetchInterval: status === "live" ? false : HEARTBEAT_MS,
    // A miss is made good by the next event or the next ask.
    retry: false,
  });

  /** Shows who is here now, forgets who has gone, and comes back when the next of them goes or stops typing. */
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    const now = clock.now();
    let next = Infinity;
    const shown: PresentColleague[] = [];
    for (const [userId, h] of heard.current) {
      const until = h.at + VIEWER_FOR_MS;
      if (until <= now) {
        heard.current.delete(userId);
        continue;
      }
      const typingUntil = h.typingAt === null ? -Infinity : h.typingAt + TYPING_FOR_MS;
      const typing = typingUntil > now;
      next = Math.min(next, until, typing ? typingUntil : Infinity);
      const name = h.name ?? staff.current?.find((c) => c.id === userId)?.name ?? "A colleague";
      shown.push({ userId, name, typing });
    }
    if (next < Infinity) timer.current = setTimeout(refresh, next - now);
    setOthers((before) => (same(before, shown) ? before : shown));
  }, [clock]);

  useEffect(() => () => clearTimeout(timer.current), []);

  /** What a colleague said at `at`; an older word than the one already heard changes nothing. */
  const note = useCallback(
    (userId: string, state: PresenceState, atText: string, name: string | null = null) => {
      // Mine come back on the stream too; and I am not someone else in the conversation.
      if (userId === me.id) return;
      const parsed = Date.parse(atText);
      const at = Number.isNaN(parsed) ? clock.now() : parsed;
      const before = heard.current.get(userId);
      if (before && before.at > at) {
        before.name = name ?? before.name;
        return;
      }
      if (state === "left") heard.current.delete(userId);
      else heard.current.set(userId, { name: name ?? before?.name ?? null, at, typingAt: state === "typing" ? at : null });
    },
    [clock, me.id],
  );

  useEffect(() => {
    if (!list.data) return;
    const { viewers, asked } = list.data;
    const there = new Set(viewers.map((v) => v.userId));
    for (const v of viewers) note(v.userId, v.state, v.at, v.name);
    // Gone by the server's word, unless heard of since it was asked (give or take the clocks' difference).
    for (const [userId, h] of heard.current) if (!there.has(userId) && h.at < asked - CLOCK_SLACK_MS) heard.current.delete(userId);
    refresh();
  }, [list.data, note, refresh]);

  useEffect(
    () =>
      onPresence((event) => {
        if (event.conversationId !== conversationId) return;
        note(event.userId, event.presence, event.at);
        refresh();
      }),
    [onPresence, conversationId, note, refresh],
  );

  // The staff list arrived: a colleague heard of before it gets their name.
  useEffect(refresh, [colleagues.data, refresh]);

  return others;
}

function same(a: PresentColleague[], b: PresentColleague[]) {
  return a.length === b.length && a.every((x, i) => x.userId === b[i]!.userId && x.name === b[i]!.name && x.typing === b[i]!.typing);
}

/** "Dana", "Dana and Sam", "Dana, Sam and Lee", "Dana, Sam and 3 others". */
function names(list: string[]): string {
  if (list.length > 3) return `${list.slice(0, 2).join(", ")} and ${list.length - 2} others`;
  if (list.length <= 1) return list[0] ?? "";
  return `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** The thread header's line: "Dana is typing… · Sam is viewing"; empty with no one else there. */
export function whoIsHere(others: PresentColleague[]): string {
  const typing = others.filter((o) => o.typing).map((o) => o.name);
  const viewing = others.filter((o) => !o.typing).map((o) => o.name);
  return [
    typing.length > 0 && `${names(typing)} ${typing.length === 1 ? "is" : "are"} typing…`,
    viewing.length > 0 && `${names(viewing)} ${viewing.length === 1 ? "is" : "are"} viewing`,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The composer's warning while a colleague writes to the same customer; null while no one does. */
export function whoIsTyping(others: PresentColleague[]): string | null {
  const typing = others.filter((o) => o.typing).map((o) => o.name);
  if (typing.length === 0) return null;
  return `${names(typing)} ${typing.length === 1 ? "is" : "are"} typing a reply — check before you send.`;
}
