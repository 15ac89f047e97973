import { useId, useRef, useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, unwrap } from "../../api/client";
import { codeOf, failureWords, fieldErrors } from "../../api/problems";
import type { InvitationPreview, StaffRole } from "../../api/types";
import { shopTime } from "../../format";
import { meKey, useApi } from "../../session";
import { Notice } from "../../ui/Notice";
import { checkNewPassword, NewPasswordFields } from "./PasswordFields";

const invitationKey = (token: string) => ["invitation", token] as const;

const roleName: Record<StaffRole, string> = { owner: "Owner", manager: "Manager", front_desk: "Front desk" };

/** What the role means, in a sentence for the person joining. */
const roleMeaning: Record<StaffRole, string> = {
  owner: "An owner sees every location and can change anything, colleagues included.",
  manager: "A manager answers customers and runs the set-up of their locations: saved replies, the follow-ups, colleagues.",
  front_desk: "The front desk answers customers and books their appointments.",
};

/** A link that can't be used (unknown, used, withdrawn, ended): the server's words, and a way on. */
interface Gone {
  code: string | null;
  detail: string;
}

/** Unknown (404), or used, withdrawn or ended (410): trying again won't help. */
const isGone = (e: unknown): e is ApiError => e instanceof ApiError && (e.status === 404 || e.status === 410);

/**
 * /invite/:token (no sign-in needed), from the invitation email: whose console, which role and where, then their
 * name and a password. Accepting makes the account and signs this browser in, so the console opens at the inbox.
 */
export function InvitePage() {
  const api = useApi();
  const { token = "" } = useParams();
  const preview = useQuery({
    queryKey: invitationKey(token),
    queryFn: () => unwrap(api.client.GET("/api/console/auth/invitations/{token}", { params: { path: { token } } })),
    // A link is looked at once; another tab or a focus doesn't need it again.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [gone, setGone] = useState<Gone | null>(null);

  const refused = gone ?? (isGone(preview.error) ? { code: preview.error.code, detail: preview.error.message } : null);
  if (refused) return <GoneInvitation gone={refused} />;
  if (preview.isPending) {
    return (
      <p className="loading" role="status">
        Loading your invitation…
      </p>
    );
  }
  if (preview.error) {
    return (
      <main className="sign-in">
        <div className="card sign-in-card">
          <h1>Your invitation</h1>
          <Notice kind="error" action={{ label: "Try again", onClick: () => void preview.refetch() }}>
            {preview.error.message}
          </Notice>
        </div>
      </main>
    );
  }
  return <AcceptForm token={token} invitation={preview.data} onGone={setGone} />;
}

function GoneInvitation({ gone }: { gone: Gone }) {
  const used = gone.code === "invitation_used";
  return (
    <main className="sign-in">
      <div className="card sign-in-card">
        <h1>Your invitation</h1>
        <Notice kind="error">{gone.detail}</Notice>
        {used ? (
          <p>
            <Link to="/sign-in" className="button primary">
              Sign in
            </Link>
          </p>
        ) : (
          <p className="muted">Whoever invited you can send a new invitation from the console's Colleagues page.</p>
        )}
      </div>
    </main>
  );
}

interface FormErrors {
  name?: string | undefined;
  password?: string | undefined;
  confirm?: string | undefined;
  other?: string | undefined;
  /** The address has an account already: they sign in instead. */
  signIn?: boolean;
}

function AcceptForm({ token, invitation, onGone }: { token: string; invitation: InvitationPreview; onGone(gone: Gone): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const nameError = `${id}-name-error`;
  const places = invitation.role === "owner" || invitation.locationNames.length === 0 ? "Every location" : invitation.locationNames.join(", ");

  /** The first field with a reason takes the focus. */
  function show(found: FormErrors) {
    setErrors(found);
    (found.name ? nameRef : found.password ? passwordRef : found.confirm ? confirmRef : null)?.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const displayName = name.trim();
    const found: FormErrors = { ...checkNewPassword(password, confirm) };
    if (!displayName) found.name = "Type your name as colleagues will see it.";
    if (found.name || found.password || found.confirm) return show(found);
    setBusy(true);
    setErrors({});
    try {
      await unwrap(api.client.POST("/api/console/auth/accept-invitation", { body: { token, password, displayName } }));
      // Signed in as the new colleague now: whatever this browser had loaded before (another account's) goes, and
      // the console opens with their profile.
      await queryClient.cancelQueries();
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "invitation" });
      await queryClient.fetchQuery({ queryKey: meKey, queryFn: () => unwrap(api.client.GET("/api/console/me")) });
      navigate("/inbox", { replace: true });
    } catch (failure) {
      setBusy(false);
      const code = codeOf(failure);
      if (isGone(failure)) return onGone({ code, detail: failure.message });
      if (code === "already_a_colleague") return show({ other: failure instanceof Error ? failure.message : "", signIn: true });
      const fields = fieldErrors(failure);
      if (fields && (fields.password || fields.displayname)) {
        if (fields.password) setConfirm("");
        return show({ name: fields.displayname, password: fields.password });
      }
      show({ other: failureWords(failure, "Joining didn't work. Try again.") });
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card invite-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>Join {invitation.shopName}</h1>
        <p className="muted">You're invited to the shop's console, where the team answers customers and books their appointments.</p>
        <dl className="facts invite-facts">
          <div>
            <dt>Role</dt>
            <dd>{roleName[invitation.role]}</dd>
          </div>
          <div>
            <dt>Locations</dt>
            <dd>{places}</dd>
          </div>
        </dl>
        <p className="muted field-hint">{roleMeaning[invitation.role]}</p>
        <p className="muted field-hint">
          The invitation works until <time dateTime={invitation.expiresAt}>{shopTime(invitation.expiresAt)}</time>.
        </p>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          {/* Read-only: the invitation is for this address; a password manager keeps the new password with it. */}
          <input id={`${id}-email`} type="email" autoComplete="username" value={invitation.email} readOnly aria-describedby={`${id}-email-hint`} />
          <p id={`${id}-email-hint`} className="muted field-hint">
            You sign in with this address.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name (as colleagues see it)</label>
          <input
            id={`${id}-name`}
            ref={nameRef}
            type="text"
            autoComplete="name"
            required
            maxLength={200}
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? nameError : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {errors.name && (
            <p id={nameError} className="field-error">
              {errors.name}
            </p>
          )}
        </div>
        <NewPasswordFields
          label="Password"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
          passwordRef={passwordRef}
          confirmRef={confirmRef}
        />
        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        {errors.signIn && (
          <p>
            <Link to="/sign-in">Sign in instead</Link>
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Joining…" : `Join ${invitation.shopName}`}
        </button>
      </form>
    </main>
  );
}
