import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type RefObject } from "react";
import { ApiError } from "../../api/client";
import { codeOf, fieldErrors } from "../../api/problems";
import type { InvitationView, StaffProfile, StaffRole, UserView } from "../../api/types";
import { shortDay } from "../../format";
import { isManager, useCurrentStaff } from "../../session";
import { Dialog } from "../../ui/Dialog";
import { Notice } from "../../ui/Notice";
import { useLocations, type LocationSummary } from "../appointments/queries";
import { useChangeUser, useInvitations, useInvite, useResendInvitation, useSwitchUser, useUsers, useWithdrawInvitation } from "./queries";

const roleName: Record<StaffRole, string> = { owner: "Owner", manager: "Manager", front_desk: "Front desk" };
/** The role in a sentence: "Marco Silva is now a manager." */
const roleInSentence: Record<StaffRole, string> = { owner: "an owner", manager: "a manager", front_desk: "on the front desk" };
/** The roles in the order the form offers them; only an owner is offered "owner". */
const roles: readonly StaffRole[] = ["owner", "manager", "front_desk"];
/** An invitation's roles, the usual one first; only an owner is offered "owner". */
const inviteRoles: readonly StaffRole[] = ["front_desk", "manager", "owner"];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** Where a colleague (or an invitee) works, by name: every location for an owner; locations the signed-in manager doesn't have are counted. */
function places(user: Pick<UserView, "role" | "locationIds">, locations: readonly LocationSummary[]): string {
  if (user.role === "owner") return "Every location";
  const names = locations.filter((l) => user.locationIds.includes(l.id)).map((l) => l.name);
  const others = user.locationIds.filter((id) => !locations.some((l) => l.id === id)).length;
  if (others) names.push(others === 1 ? "1 other location" : `${others} other locations`);
  return names.length ? names.join(", ") : "No location";
}

/**
 * Why the signed-in colleague can't change this account (null: they can), as the server decides it: an owner
 * changes anyone else; a manager the managers and front desk whose every location is theirs.
 */
function whyNot(me: StaffProfile, user: UserView): string | null {
  if (user.id === me.id) return me.role === "owner" ? "Another owner can change your own account." : "Another manager or an owner can change your own account.";
  if (me.role === "owner") return null;
  if (user.role === "owner") return "An owner can change this account.";
  const mine = me.locationIds ?? [];
  if (user.locationIds.some((id) => !mine.includes(id))) return "They also work at a location that isn't yours; an owner can change this account.";
  return null;
}

/** A refusal in shop words. */
function refusalWords(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "not_yourself") return "You can't change your own account. Ask another manager or an owner.";
    if (e.code === "not_your_colleague") return "They work at a location that isn't yours, or are an owner: only an owner can change their account.";
    if (e.code === "owner_only") return "Only an owner can make someone an owner.";
    if (e.status === 403) return "Only managers and owners manage colleagues.";
    if (e.status === 404) return "This colleague isn't in your list any more.";
    return e.message;
  }
  return e instanceof Error ? e.message : "That didn't work. Try again.";
}

interface ChangeErrors {
  locations?: string;
  other?: string;
}

/** A refused change: the locations' own reason under them (a 400's `errors.locationIds`), anything else as a notice. */
function changeErrors(e: unknown): ChangeErrors {
  if (e instanceof ApiError && e.status === 400) {
    const errors = e.body.errors && typeof e.body.errors === "object" ? (e.body.errors as Record<string, unknown>) : null;
    if (errors) {
      const found: ChangeErrors = {};
      const rest: string[] = [];
      for (const [key, messages] of Object.entries(errors)) {
        const message = Array.isArray(messages) ? messages.filter((m) => typeof m === "string").join(" ") : "";
        if (!message) continue;
        // The framework may name the field as the C# property does.
        if (key.toLowerCase() === "locationids") found.locations = found.locations ? `${found.locations} ${message}` : message;
        else rest.push(message);
      }
      if (rest.length) found.other = rest.join(" ");
      if (found.locations || found.other) return found;
    }
  }
  return { other: refusalWords(e) };
}

/** What a saved change did, to read out. */
function savedWords(before: UserView, after: UserView, locations: readonly LocationSummary[]): string {
  const said: string[] = [];
  if (after.role !== before.role) said.push(`${after.displayName} is now ${roleInSentence[after.role]} and was signed out everywhere.`);
  if (after.role !== "owner" && !sameSet(after.locationIds, before.role === "owner" ? [] : before.locationIds))
    said.push(`${after.displayName} works at ${places(after, locations)}.`);
  return said.length ? `Saved. ${said.join(" ")}` : `Saved ${after.displayName}.`;
}

/**
 * The shop's colleagues, for managers and owners: each one's role and locations, changed in a dialog, and
 * switching them off (no sign-in) or on again. The front desk is told it isn't theirs (the server refuses them).
 */
export function UsersPage() {
  const me = useCurrentStaff();
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <main className="colleagues">
      <h1 ref={heading} tabIndex={-1}>
        Colleagues
      </h1>
      {isManager(me) ? <Colleagues me={me} heading={heading} /> : <p>Only managers and owners manage colleagues.</p>}
    </main>
  );
}

type Open = { kind: "change" | "switch-off"; user: UserView } | { kind: "invite" } | { kind: "withdraw"; invitation: InvitationView };

/** `heading` takes the focus when a dialog closes and its row is gone (someone else took the colleague away). */
function Colleagues({ me, heading }: { me: StaffProfile; heading: RefObject<HTMLHeadingElement | null> }) {
  const users = useUsers();
  const invitations = useInvitations();
  const locations = useLocations();
  const [open, setOpen] = useState<Open | null>(null);
  const [announcement, setAnnouncement] = useState("");
  // A colleague switched off or on moves in the list: their button takes the focus once the row shows it.
  const [switched, setSwitched] = useState<{ id: string; off: boolean } | null>(null);

  // Active colleagues first, then by name (as the server sends them; a change shows before the list comes again).
  const sorted = useMemo(
    () =>
      users.data &&
      [...users.data].sort((a, b) => Number(a.deactivatedAt !== null) - Number(b.deactivatedAt !== null) || a.displayName.localeCompare(b.displayName)),
    [users.data],
  );
  const shopLocations = locations.data?.locations ?? [];

  /** The same words twice are read out twice. */
  function announce(text: string) {
    setAnnouncement((previous) => (previous === text ? `${text}\u00a0` : text));
  }

  function switchedOver(user: UserView) {
    const off = user.deactivatedAt !== null;
    announce(
      off
        ? `Switched off ${user.displayName}. They are signed out and can't sign in until switched on again.`
        : `Switched on ${user.displayName}. They can sign in again with their password.`,
    );
    setSwitched({ id: user.id, off });
  }

  const error = users.error ?? locations.error;
  const loaded = !!sorted && !!locations.data;
  return (
    <>
      <p className="muted">
        {me.role === "owner"
          ? "Everyone who works at the shop. A colleague who is switched off can't sign in."
          : "The colleagues of your locations, and the owners. You can change the front desk and managers who work only at your locations."}
      </p>
      {loaded && (
        <div className="actions colleagues-invite">
          <button type="button" className="primary" onClick={() => setOpen({ kind: "invite" })}>
            Invite a colleague
          </button>
        </div>
      )}
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {users.isPending || locations.isPending ? (
        <p role="status">Loading colleagues…</p>
      ) : error ? (
        <Notice
          kind="error"
          action={{ label: "Try again", onClick: () => void (users.error ? users.refetch() : locations.refetch()) }}
        >
          {refusalWords(error)}
        </Notice>
      ) : !sorted?.length ? (
        <p className="empty">No colleagues yet.</p>
      ) : (
        <ul className="colleague-list" aria-label="Colleagues">
          {sorted.map((user) => (
            <li key={user.id}>
              <ColleagueRow
                user={user}
                me={me}
                locations={shopLocations}
                focusSwitch={switched?.id === user.id && (user.deactivatedAt !== null) === switched.off}
                onFocused={() => setSwitched(null)}
                onChange={() => setOpen({ kind: "change", user })}
                onSwitchOff={() => setOpen({ kind: "switch-off", user })}
                onSwitchedOn={switchedOver}
              />
            </li>
          ))}
        </ul>
      )}
      {loaded && !!invitations.data?.length && (
        <Invitations
          invitations={invitations.data}
          locations={shopLocations}
          onResent={(sent) =>
            announce(`Sent the invitation to ${sent.email} again. The new link works until ${shortDay(sent.expiresAt)}; the old one no longer works.`)
          }
          onWithdraw={(invitation) => setOpen({ kind: "withdraw", invitation })}
        />
      )}
      {open?.kind === "invite" && (
        <InviteDialog
          me={me}
          locations={shopLocations}
          onClose={() => setOpen(null)}
          fallbackFocus={() => heading.current}
          onInvited={(sent) => {
            setOpen(null);
            announce(`Invited ${sent.email}. The link we emailed them works until ${shortDay(sent.expiresAt)}.`);
          }}
        />
      )}
      {open?.kind === "withdraw" && (
        <WithdrawDialog
          invitation={open.invitation}
          onClose={() => setOpen(null)}
          fallbackFocus={() => heading.current}
          onDone={(invitation) => {
            setOpen(null);
            announce(`Withdrew the invitation to ${invitation.email}. The link we emailed them no longer works.`);
          }}
        />
      )}
      {open?.kind === "change" && (
        <ChangeDialog
          user={open.user}
          me={me}
          locations={shopLocations}
          onClose={() => setOpen(null)}
          fallbackFocus={() => heading.current}
          onSaved={(saved) => {
            setOpen(null);
            announce(savedWords(open.user, saved, shopLocations));
          }}
        />
      )}
      {open?.kind === "switch-off" && (
        <SwitchOffDialog
          user={open.user}
          onClose={() => setOpen(null)}
          fallbackFocus={() => heading.current}
          onDone={(user) => {
            setOpen(null);
            switchedOver(user);
          }}
        />
      )}
    </>
  );
}

interface RowProps {
  user: UserView;
  me: StaffProfile;
  locations: readonly LocationSummary[];
  /** Just switched off or on (and moved in the list): the switch button takes the focus. */
  focusSwitch: boolean;
  onFocused(): void;
  onChange(): void;
  onSwitchOff(): void;
  onSwitchedOn(user: UserView): void;
}

function ColleagueRow({ user, me, locations, focusSwitch, onFocused, onChange, onSwitchOff, onSwitchedOn }: RowProps) {
  const switchOn = useSwitchUser();
  const [error, setError] = useState<string | null>(null);
  const switchButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const off = user.deactivatedAt !== null;
  const self = user.id === me.id;
  const cannot = whyNot(me, user);

  useEffect(() => {
    if (!focusSwitch) return;
    switchButton.current?.focus();
    onFocused();
  }, [focusSwitch]);

  async function turnOn() {
    if (switchOn.isPending) return;
    setError(null);
    try {
      onSwitchedOn(await switchOn.mutateAsync({ id: user.id, on: true }));
    } catch (e) {
      setError(refusalWords(e));
    }
  }

  return (
    <article className={off ? "card colleague colleague-off" : "card colleague"} aria-labelledby={titleId}>
      <div className="colleague-who">
        <div className="colleague-head">
          <h2 id={titleId} className="colleague-name">
            {user.displayName}
          </h2>
          {self && <span className="tag">You</span>}
        </div>
        <p className="colleague-email">{user.email}</p>
        <dl className="facts colleague-facts">
          <div>
            <dt>Role</dt>
            <dd>{roleName[user.role]}</dd>
          </div>
          <div>
            <dt>Locations</dt>
            <dd>{places(user, locations)}</dd>
          </div>
        </dl>
        {user.deactivatedAt !== null && (
          <p className="colleague-off-since">
            Switched off <time dateTime={user.deactivatedAt}>{shortDay(user.deactivatedAt)}</time>
          </p>
        )}
      </div>
      {cannot ? (
        <p className="muted colleague-why">{cannot}</p>
      ) : (
        <div className="actions colleague-actions">
          <button type="button" aria-label={`Change ${user.displayName}`} onClick={onChange}>
            Change
          </button>
          <button
            type="button"
            ref={switchButton}
            aria-label={`${off ? "Switch on" : "Switch off"} ${user.displayName}`}
            disabled={switchOn.isPending}
            onClick={() => {
              if (off) void turnOn();
              else {
                setError(null);
                onSwitchOff();
              }
            }}
          >
            {off ? (switchOn.isPending ? "Switching on…" : "Switch on") : "Switch off"}
          </button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </article>
  );
}

/** Asked before switching a colleague off; keeping them on is what has the focus (and what Escape does). */
interface SwitchOffProps {
  user: UserView;
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  onDone(user: UserView): void;
}

function SwitchOffDialog({ user, onClose, fallbackFocus, onDone }: SwitchOffProps) {
  const switchOff = useSwitchUser();
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);

  async function confirm() {
    if (switchOff.isPending) return;
    setError(null);
    try {
      onDone(await switchOff.mutateAsync({ id: user.id, on: false }));
    } catch (e) {
      setError(refusalWords(e));
    }
  }

  return (
    <Dialog
      role="alertdialog"
      title={`Switch off ${user.displayName}?`}
      description="They are signed out at once and cannot sign in until switched on again."
      onClose={onClose}
      initialFocus={keep}
      fallbackFocus={fallbackFocus}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        <button type="button" className="primary" disabled={switchOff.isPending} onClick={() => void confirm()}>
          {switchOff.isPending ? "Switching off…" : "Switch off"}
        </button>
        <button type="button" ref={keep} onClick={onClose}>
          Keep them on
        </button>
      </div>
    </Dialog>
  );
}

interface ChangeProps {
  user: UserView;
  me: StaffProfile;
  /** What the signed-in colleague can give: every location for an owner, a manager's own. */
  locations: readonly LocationSummary[];
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  onSaved(saved: UserView): void;
}

/** A colleague's role and locations; only what changed is sent (null leaves the rest as it is). */
function ChangeDialog({ user, me, locations, onClose, fallbackFocus, onSaved }: ChangeProps) {
  const change = useChangeUser();
  const [role, setRole] = useState<StaffRole>(user.role);
  const [chosen, setChosen] = useState<string[]>(() => (user.role === "owner" ? [] : user.locationIds));
  const [errors, setErrors] = useState<ChangeErrors>({});
  const checkedRole = useRef<HTMLInputElement>(null);
  const firstPlace = useRef<HTMLInputElement>(null);
  const id = useId();
  const offered = roles.filter((r) => r !== "owner" || me.role === "owner");

  function choose(locationId: string, on: boolean) {
    setChosen(on ? [...chosen, locationId] : chosen.filter((c) => c !== locationId));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (change.isPending) return;
    const roleChanged = role !== user.role;
    // An owner works at every location: none are sent.
    const wanted = role === "owner" ? null : locations.filter((l) => chosen.includes(l.id)).map((l) => l.id);
    if (wanted && wanted.length === 0) {
      setErrors({ locations: "Choose at least one location they work at." });
      firstPlace.current?.focus();
      return;
    }
    const placesChanged = wanted !== null && !sameSet(wanted, user.role === "owner" ? [] : user.locationIds);
    if (!roleChanged && !placesChanged) return onClose();
    setErrors({});
    try {
      onSaved(await change.mutateAsync({ id: user.id, role: roleChanged ? role : null, locationIds: placesChanged ? wanted : null }));
    } catch (failure) {
      const found = changeErrors(failure);
      setErrors(found);
      if (found.locations) firstPlace.current?.focus();
    }
  }

  const roleHint = `${id}-role-hint`;
  const placesHint = `${id}-places-hint`;
  const placesError = `${id}-places-error`;
  return (
    <Dialog title={`Change ${user.displayName}`} onClose={onClose} initialFocus={checkedRole} fallbackFocus={fallbackFocus} className="colleague-dialog">
      <form className="colleague-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset aria-describedby={roleHint}>
          <legend>Role</legend>
          {offered.map((r) => (
            <label key={r} className="check">
              <input
                type="radio"
                name={`${id}-role`}
                value={r}
                ref={r === user.role ? checkedRole : undefined}
                checked={role === r}
                onChange={() => setRole(r)}
              />{" "}
              {roleName[r]}
            </label>
          ))}
          <p id={roleHint} className="muted colleague-hint">
            Changing the role signs them out everywhere.
          </p>
        </fieldset>
        {role === "owner" ? (
          <p className="muted">An owner works at every location.</p>
        ) : (
          <fieldset aria-describedby={errors.locations ? `${placesError} ${placesHint}` : placesHint}>
            <legend>Locations</legend>
            {locations.length === 0 && <p className="muted">There are no locations to choose from.</p>}
            {locations.map((l, i) => (
              <label key={l.id} className="check">
                <input
                  type="checkbox"
                  ref={i === 0 ? firstPlace : undefined}
                  checked={chosen.includes(l.id)}
                  aria-invalid={errors.locations ? true : undefined}
                  onChange={(e) => choose(l.id, e.target.checked)}
                />{" "}
                {l.name}
              </label>
            ))}
            {errors.locations && (
              <p id={placesError} className="field-error">
                {errors.locations}
              </p>
            )}
            <p id={placesHint} className="muted colleague-hint">
              New locations count from their next click; they stay signed in.
            </p>
          </fieldset>
        )}
        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        <div className="actions">
          <button type="submit" className="primary" disabled={change.isPending}>
            {change.isPending ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A refused invitation change (send again, withdraw) in shop words. */
function invitationRefusal(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 404) return "This invitation isn't waiting any more: it was accepted or withdrawn.";
    if (e.status === 403 && !e.code) return "Only managers and owners invite colleagues.";
    return e.message;
  }
  return e instanceof Error ? e.message : "That didn't work. Try again.";
}

interface InvitationsProps {
  invitations: readonly InvitationView[];
  locations: readonly LocationSummary[];
  onResent(sent: InvitationView): void;
  onWithdraw(invitation: InvitationView): void;
}

/** The invitations nobody has accepted yet, newest first: each can be sent again (a new link, a new week) or withdrawn. */
function Invitations({ invitations, locations, onResent, onWithdraw }: InvitationsProps) {
  const titleId = useId();
  return (
    <section className="invitations" aria-labelledby={titleId}>
      <h2 id={titleId}>Invited — waiting for them to accept</h2>
      <ul className="colleague-list" aria-labelledby={titleId}>
        {invitations.map((invitation) => (
          <li key={invitation.id}>
            <InvitationRow invitation={invitation} locations={locations} onResent={onResent} onWithdraw={() => onWithdraw(invitation)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

interface InvitationRowProps {
  invitation: InvitationView;
  locations: readonly LocationSummary[];
  onResent(sent: InvitationView): void;
  onWithdraw(): void;
}

function InvitationRow({ invitation, locations, onResent, onWithdraw }: InvitationRowProps) {
  const resend = useResendInvitation();
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  async function sendAgain() {
    if (resend.isPending) return;
    setError(null);
    try {
      onResent(await resend.mutateAsync(invitation.id));
    } catch (e) {
      setError(invitationRefusal(e));
    }
  }

  return (
    <article className={invitation.expired ? "card colleague invitation invitation-expired" : "card colleague invitation"} aria-labelledby={titleId}>
      <div className="colleague-who">
        <div className="colleague-head">
          <h3 id={titleId} className="colleague-name colleague-email">
            {invitation.email}
          </h3>
          {invitation.expired && <span className="tag">Expired</span>}
        </div>
        <dl className="facts colleague-facts">
          <div>
            <dt>Role</dt>
            <dd>{roleName[invitation.role]}</dd>
          </div>
          <div>
            <dt>Locations</dt>
            <dd>{places(invitation, locations)}</dd>
          </div>
        </dl>
        <p className="invitation-when">
          Sent <time dateTime={invitation.sentAt}>{shortDay(invitation.sentAt)}</time>
          {invitation.invitedBy && ` by ${invitation.invitedBy}`}.{" "}
          {invitation.expired ? (
            <span className="invitation-ended">Expired: send it again to give them a new link.</span>
          ) : (
            <>
              Expires <time dateTime={invitation.expiresAt}>{shortDay(invitation.expiresAt)}</time>.
            </>
          )}
        </p>
      </div>
      <div className="actions colleague-actions">
        <button type="button" aria-label={`Send the invitation to ${invitation.email} again`} disabled={resend.isPending} onClick={() => void sendAgain()}>
          {resend.isPending ? "Sending…" : "Send again"}
        </button>
        <button
          type="button"
          aria-label={`Withdraw the invitation to ${invitation.email}`}
          onClick={() => {
            setError(null);
            onWithdraw();
          }}
        >
          Withdraw
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </article>
  );
}

interface WithdrawProps {
  invitation: InvitationView;
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  onDone(invitation: InvitationView): void;
}

/** Asked before withdrawing; keeping the invitation is what has the focus (and what Escape does). */
function WithdrawDialog({ invitation, onClose, fallbackFocus, onDone }: WithdrawProps) {
  const withdraw = useWithdrawInvitation();
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);

  async function confirm() {
    if (withdraw.isPending) return;
    setError(null);
    try {
      await withdraw.mutateAsync(invitation.id);
      onDone(invitation);
    } catch (e) {
      setError(invitationRefusal(e));
    }
  }

  return (
    <Dialog
      role="alertdialog"
      title={`Withdraw the invitation to ${invitation.email}?`}
      description="The link we emailed them stops working. You can invite them again later."
      onClose={onClose}
      initialFocus={keep}
      fallbackFocus={fallbackFocus}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        <button type="button" className="primary" disabled={withdraw.isPending} onClick={() => void confirm()}>
          {withdraw.isPending ? "Withdrawing…" : "Withdraw"}
        </button>
        <button type="button" ref={keep} onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}

interface InviteErrors {
  email?: string | undefined;
  locations?: string | undefined;
  other?: string | undefined;
}

/** A refused invitation: the address's and the locations' reasons under them, anything else as a notice. */
function inviteErrors(e: unknown): InviteErrors {
  // The address has an account already (here or at another shop): its field says so.
  if (codeOf(e) === "already_a_colleague" && e instanceof Error) return { email: e.message };
  const fields = fieldErrors(e);
  if (fields) {
    const { email, locationids, ...rest } = fields;
    const other = Object.values(rest).join(" ");
    if (email || locationids || other) return { email, locations: locationids, other: other || undefined };
  }
  return { other: invitationRefusal(e) };
}

/** A plausible address: the server checks it properly. */
const looksLikeEmail = (s: string) => /^[^@\s]+@[^@\s]+$/.test(s);

interface InviteProps {
  me: StaffProfile;
  /** What the signed-in colleague can give: every location for an owner, a manager's own. */
  locations: readonly LocationSummary[];
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  onInvited(sent: InvitationView): void;
}

/** Who to invite, as what and where; the server emails them a link that works for a week. */
function InviteDialog({ me, locations, onClose, fallbackFocus, onInvited }: InviteProps) {
  const invite = useInvite();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StaffRole>("front_desk");
  // A shop with one location: that one, already ticked.
  const [chosen, setChosen] = useState<string[]>(() => (locations.length === 1 ? [locations[0]!.id] : []));
  const [errors, setErrors] = useState<InviteErrors>({});
  const emailBox = useRef<HTMLInputElement>(null);
  const firstPlace = useRef<HTMLInputElement>(null);
  const id = useId();
  const offered = inviteRoles.filter((r) => r !== "owner" || me.role === "owner");

  function choose(locationId: string, on: boolean) {
    setChosen(on ? [...chosen, locationId] : chosen.filter((c) => c !== locationId));
  }

  function show(found: InviteErrors) {
    setErrors(found);
    if (found.email) emailBox.current?.focus();
    else if (found.locations) firstPlace.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (invite.isPending) return;
    const address = email.trim();
    // An owner works at every location: none are sent.
    const wanted = role === "owner" ? [] : locations.filter((l) => chosen.includes(l.id)).map((l) => l.id);
    const found: InviteErrors = {};
    if (!address) found.email = "Enter their email address.";
    else if (!looksLikeEmail(address)) found.email = "That is not an email address.";
    if (role !== "owner" && wanted.length === 0) found.locations = "Choose at least one location they will work at.";
    if (found.email || found.locations) return show(found);
    setErrors({});
    try {
      onInvited(await invite.mutateAsync({ email: address, role, locationIds: wanted }));
    } catch (failure) {
      show(inviteErrors(failure));
    }
  }

  const emailHint = `${id}-email-hint`;
  const emailError = `${id}-email-error`;
  const placesError = `${id}-places-error`;
  return (
    <Dialog
      title="Invite a colleague"
      description="We email them a link to choose their name and password. The link works for a week."
      onClose={onClose}
      initialFocus={emailBox}
      fallbackFocus={fallbackFocus}
      className="colleague-dialog"
    >
      <form className="colleague-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-email`}>Their email address</label>
          <input
            id={`${id}-email`}
            ref={emailBox}
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${emailError} ${emailHint}` : emailHint}
            onChange={(e) => setEmail(e.target.value)}
          />
          <p id={emailHint} className="muted field-hint">
            They sign in with it.
          </p>
          {errors.email && (
            <p id={emailError} className="field-error">
              {errors.email}
            </p>
          )}
        </div>
        <fieldset>
          <legend>Role</legend>
          {offered.map((r) => (
            <label key={r} className="check">
              <input type="radio" name={`${id}-role`} value={r} checked={role === r} onChange={() => setRole(r)} /> {roleName[r]}
            </label>
          ))}
        </fieldset>
        {role === "owner" ? (
          <p className="muted">An owner works at every location and can change anyone's account.</p>
        ) : (
          <fieldset aria-describedby={errors.locations ? placesError : undefined}>
            <legend>Locations</legend>
            {locations.length === 0 && <p className="muted">There are no locations to choose from.</p>}
            {locations.map((l, i) => (
              <label key={l.id} className="check">
                <input
                  type="checkbox"
                  ref={i === 0 ? firstPlace : undefined}
                  checked={chosen.includes(l.id)}
                  aria-invalid={errors.locations ? true : undefined}
                  onChange={(e) => choose(l.id, e.target.checked)}
                />{" "}
                {l.name}
              </label>
            ))}
            {errors.locations && (
              <p id={placesError} className="field-error">
                {errors.locations}
              </p>
            )}
          </fieldset>
        )}
        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        <div className="actions">
          <button type="submit" className="primary" disabled={invite.isPending}>
            {invite.isPending ? "Sending…" : "Send the invitation"}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
