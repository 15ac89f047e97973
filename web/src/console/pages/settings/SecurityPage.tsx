import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { codeOf, failureWords, fieldErrors } from "../../api/problems";
import type { TwoFactorSetup } from "../../api/types";
import { useCurrentStaff } from "../../session";
import { Dialog } from "../../ui/Dialog";
import { Notice } from "../../ui/Notice";
import { checkNewPassword, NewPasswordFields, type NewPasswordErrors } from "../account/PasswordFields";
import {
  useChangePassword,
  useDisableTwoFactor,
  useEnableTwoFactor,
  useNewRecoveryCodes,
  useSetUpTwoFactor,
  useTwoFactor,
} from "./queries";
import { SettingsNav } from "./SettingsNav";

/** Copies to the clipboard; false where the browser won't (no permission, an old one, not a secure page). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const couldNotCopy = "Couldn't copy here: select the text and copy it yourself.";

/** The authenticator key in groups of four, as an app's "enter a key" screen is easiest to type from. */
const grouped = (key: string) => key.replace(/\s+/g, "").match(/.{1,4}/g)?.join(" ") ?? key;

/** Keeps the same words read out twice (a status region only speaks on a change). */
function useAnnouncer(): [string, (text: string) => void] {
  const [said, setSaid] = useState("");
  return [said, (text) => setSaid((previous) => (previous === text ? `${text}\u00a0` : text))];
}

/**
 * Settings → Security: the signed-in colleague's own sign-in. Two-factor sign-in with an authenticator app (owners and
 * managers: their accounts change what everyone sees and does), and their password.
 */
export function SecurityPage() {
  const me = useCurrentStaff();
  return (
    <main className="settings">
      <SettingsNav />
      <h1>Security</h1>
      <p className="muted">
        How you sign in as <span className="settings-email">{me.email}</span>.
      </p>
      <div className="settings-sections">
        <TwoFactorSection />
        <PasswordSection />
      </div>
    </main>
  );
}

function Section({ title, titleRef, children }: { title: string; titleRef?: RefObject<HTMLHeadingElement | null>; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card settings-section" aria-labelledby={id}>
      <h2 id={id} ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function TwoFactorSection() {
  const state = useTwoFactor();
  const setUp = useSetUpTwoFactor();
  const disable = useDisableTwoFactor();
  const newCodes = useNewRecoveryCodes();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  // Shown once, right after they are made; gone for good when the colleague says they have kept them.
  const [codes, setCodes] = useState<string[] | null>(null);
  const [asking, setAsking] = useState<"off" | "codes" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, announce] = useAnnouncer();
  const heading = useRef<HTMLHeadingElement>(null);
  const turnOnButton = useRef<HTMLButtonElement>(null);

  async function turnOn() {
    if (setUp.isPending) return;
    setError(null);
    try {
      setSetup(await setUp.mutateAsync());
    } catch (e) {
      // Turned on meanwhile (another tab): the page catches up.
      if (codeOf(e) === "two_factor_on") void state.refetch();
      setError(failureWords(e));
    }
  }

  let body: ReactNode;
  if (state.isPending) body = <p role="status">Loading…</p>;
  else if (state.error)
    body = (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void state.refetch() }}>
        {state.error.message}
      </Notice>
    );
  else if (!state.data.allowed)
    body = (
      <p>
        Two-factor sign-in is for owners and managers, whose accounts can change what everyone else sees and does. Your password keeps your account
        safe: keep it to yourself.
      </p>
    );
  else if (codes)
    body = (
      <RecoveryCodesPanel
        codes={codes}
        onDone={() => {
          setCodes(null);
          heading.current?.focus();
        }}
      />
    );
  else if (state.data.enabled) {
    const left = state.data.recoveryCodesLeft;
    body = (
      <>
        <p>
          <strong>On.</strong> Signing in asks for your password and a code from your authenticator app.
        </p>
        <p>{left === 1 ? "1 recovery code left" : `${left} recovery codes left`}</p>
        {left <= 2 && <p className="muted">Make new ones before they run out: they are how you sign in if your phone is lost.</p>}
        <div className="actions">
          <button type="button" onClick={() => setAsking("codes")}>
            New recovery codes
          </button>
          <button type="button" onClick={() => setAsking("off")}>
            Turn off
          </button>
        </div>
        <p className="muted field-hint">Turning it off signs you out on your other devices.</p>
      </>
    );
  } else if (setup)
    body = (
      <SetupSteps
        setup={setup}
        onCancel={() => {
          setSetup(null);
          requestAnimationFrame(() => turnOnButton.current?.focus());
        }}
        onEnabled={(made) => {
          setSetup(null);
          setCodes(made);
          announce("Two-factor sign-in is on.");
        }}
      />
    );
  else
    body = (
      <>
        <p>
          <strong>Off.</strong> Turn it on and signing in asks for a code from an authenticator app on your phone as well as your password: someone who
          learns your password still can't sign in as you.
        </p>
        {error && <Notice kind="error">{error}</Notice>}
        <div className="actions">
          <button type="button" ref={turnOnButton} className="primary" disabled={setUp.isPending} onClick={() => void turnOn()}>
            {setUp.isPending ? "Turning on…" : "Turn on"}
          </button>
        </div>
        <p className="muted field-hint">Turning it on signs you out on your other devices.</p>
      </>
    );

  return (
    <Section title="Two-factor sign-in" titleRef={heading}>
      {body}
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {asking === "off" && (
        <PasswordDialog
          title="Turn off two-factor sign-in?"
          description="Signing in will ask for your password only, and your recovery codes stop working. Type your password to turn it off."
          action="Turn off"
          busyAction="Turning off…"
          cancel="Keep it on"
          onClose={() => setAsking(null)}
          fallbackFocus={() => heading.current}
          run={async (password) => {
            await disable.mutateAsync(password);
            setAsking(null);
            announce("Two-factor sign-in is off. Signing in asks for your password only.");
          }}
        />
      )}
      {asking === "codes" && (
        <PasswordDialog
          title="New recovery codes"
          description="You get ten new codes, and the ones you have now stop working. Type your password to make them."
          action="Make new codes"
          busyAction="Making codes…"
          cancel="Cancel"
          onClose={() => setAsking(null)}
          fallbackFocus={() => heading.current}
          run={async (password) => {
            const made = await newCodes.mutateAsync(password);
            setAsking(null);
            setCodes(made.codes);
          }}
        />
      )}
    </Section>
  );
}

/** The key (as a link for the phone the app is on, and to type in), then a code from the app to prove it has it. */
function SetupSteps({ setup, onCancel, onEnabled }: { setup: TwoFactorSetup; onCancel(): void; onEnabled(codes: string[]): void }) {
  const enable = useEnableTwoFactor();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [copied, setCopied] = useState("");
  const title = useRef<HTMLHeadingElement>(null);
  const codeBox = useRef<HTMLInputElement>(null);
  const id = useId();
  const key = grouped(setup.sharedKey);

  useEffect(() => title.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (enable.isPending) return;
    setOther(null);
    const digits = code.replace(/\D/g, "");
    if (digits.length !== 6) {
      setCodeError("Type the six digits the app shows.");
      codeBox.current?.focus();
      return;
    }
    setCodeError(null);
    try {
      onEnabled((await enable.mutateAsync(digits)).codes);
    } catch (failure) {
      const fields = fieldErrors(failure);
      if (fields?.code) {
        setCodeError(fields.code);
        setCode("");
        codeBox.current?.focus();
      } else setOther(failureWords(failure, "Turning it on didn't work. Try again."));
    }
  }

  const hint = `${id}-code-hint`;
  const error = `${id}-code-error`;
  return (
    <div className="security-setup">
      <h3 ref={title} tabIndex={-1}>
        Set up your authenticator app
      </h3>
      <ol className="security-steps">
        <li>
          <p>Add Lead Orchestrator to an authenticator app, such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
          <p>
            <a href={setup.authenticatorUri} className="button">
              Open in your authenticator app
            </a>
          </p>
          <p className="muted field-hint" id={`${id}-key-hint`}>
            The link works on the phone or tablet the app is on. On another device, add an account in the app by hand and type this key:
          </p>
          <p className="security-key-row">
            <code className="security-key" aria-describedby={`${id}-key-hint`}>
              {key}
            </code>
            <button
              type="button"
              aria-label="Copy the key"
              onClick={async () => setCopied((await copyText(key.replace(/\s+/g, ""))) ? "Copied the key." : couldNotCopy)}
            >
              Copy
            </button>
          </p>
        </li>
        <li>
          <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Confirm a code from the app" noValidate>
            <div className="field">
              <label htmlFor={`${id}-code`}>Code from the app</label>
              <input
                id={`${id}-code`}
                ref={codeBox}
                className="code-box"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                value={code}
                aria-invalid={codeError ? true : undefined}
                aria-describedby={codeError ? `${error} ${hint}` : hint}
                onChange={(e) => setCode(e.target.value)}
              />
              <p id={hint} className="muted field-hint">
                The six digits the app shows for Lead Orchestrator now.
              </p>
              {codeError && (
                <p id={error} className="field-error">
                  {codeError}
                </p>
              )}
            </div>
            {other && <Notice kind="error">{other}</Notice>}
            <div className="actions">
              <button type="submit" className="primary" disabled={enable.isPending}>
                {enable.isPending ? "Turning on…" : "Confirm and turn on"}
              </button>
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
            </div>
          </form>
        </li>
      </ol>
      <p className="sr-only" role="status">
        {copied}
      </p>
    </div>
  );
}

/** The ten codes, once: to copy or write down; each signs in once instead of the app's code. */
function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState("");
  const title = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => title.current?.focus(), []);

  return (
    <div className="security-codes">
      <h3 ref={title} tabIndex={-1} aria-describedby={`${id}-warning`}>
        Your recovery codes
      </h3>
      <p id={`${id}-warning`} className="security-warning">
        <strong>Keep these somewhere safe; each works once.</strong> If your phone is lost or the app is gone, sign in with one of them instead of a
        code. You won't see them again.
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={async () => setCopied((await copyText(codes.join("\n"))) ? `Copied the ${codes.length} codes.` : couldNotCopy)}>
          Copy
        </button>
        <button type="button" className="primary" onClick={onDone}>
          I've kept them
        </button>
      </div>
      <p role="status" className="muted">
        {copied}
      </p>
    </div>
  );
}

interface PasswordDialogProps {
  title: string;
  description: string;
  action: string;
  busyAction: string;
  cancel: string;
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  /** Does the thing with the password; a refusal shows in the dialog (a wrong password under its field). */
  run(password: string): Promise<void>;
}

/** Asks the password again before a change to two-factor sign-in: a session left open on a shared tablet must not be enough. */
function PasswordDialog({ title, description, action, busyAction, cancel, onClose, fallbackFocus, run }: PasswordDialogProps) {
  const me = useCurrentStaff();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const id = useId();
  const errorId = `${id}-error`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setOther(null);
    if (!password) {
      setError("Type your password.");
      box.current?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await run(password);
    } catch (failure) {
      setBusy(false);
      if (codeOf(failure) === "wrong_password") {
        setError(failureWords(failure));
        setPassword("");
        box.current?.focus();
      } else setOther(failureWords(failure));
    }
  }

  return (
    <Dialog title={title} description={description} onClose={onClose} initialFocus={box} fallbackFocus={fallbackFocus}>
      <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        {/* For a password manager: whose password this is. */}
        <input type="email" autoComplete="username" value={me.email} readOnly hidden />
        <div className="field">
          <label htmlFor={`${id}-password`}>Your password</label>
          <input
            id={`${id}-password`}
            ref={box}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error && (
            <p id={errorId} className="field-error">
              {error}
            </p>
          )}
        </div>
        {other && <Notice kind="error">{other}</Notice>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? busyAction : action}
          </button>
          <button type="button" onClick={onClose}>
            {cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type PasswordErrors = NewPasswordErrors & { current?: string | undefined; other?: string | undefined };

/** A new password for the signed-in colleague: the current one first. Every other session ends; this one goes on. */
function PasswordSection() {
  const me = useCurrentStaff();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [done, setDone] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const currentError = `${id}-current-error`;

  function show(found: PasswordErrors) {
    setErrors(found);
    (found.current ? currentRef : found.password ? passwordRef : found.confirm ? confirmRef : null)?.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (change.isPending) return;
    setDone(false);
    const found: PasswordErrors = { ...checkNewPassword(password, confirm) };
    if (!current) found.current = "Type the password you sign in with now.";
    if (found.current || found.password || found.confirm) return show(found);
    setErrors({});
    try {
      await change.mutateAsync({ currentPassword: current, newPassword: password });
      setCurrent("");
      setPassword("");
      setConfirm("");
      setDone(true);
    } catch (failure) {
      if (codeOf(failure) === "wrong_password") {
        setCurrent("");
        return show({ current: failureWords(failure) });
      }
      const fields = fieldErrors(failure);
      if (fields && (fields.newpassword || fields.currentpassword)) {
        setConfirm("");
        return show({ current: fields.currentpassword, password: fields.newpassword });
      }
      show({ other: failureWords(failure, "Changing the password didn't work. Try again.") });
    }
  }

  return (
    <Section title="Password">
      <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Change your password" noValidate>
        {/* For a password manager: whose password this is. */}
        <input type="email" autoComplete="username" value={me.email} readOnly hidden />
        <div className="field">
          <label htmlFor={`${id}-current`}>Current password</label>
          <input
            id={`${id}-current`}
            ref={currentRef}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            aria-invalid={errors.current ? true : undefined}
            aria-describedby={errors.current ? currentError : undefined}
            onChange={(e) => {
              setCurrent(e.target.value);
              setDone(false);
            }}
          />
          {errors.current && (
            <p id={currentError} className="field-error">
              {errors.current}
            </p>
          )}
        </div>
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={(v) => {
            setPassword(v);
            setDone(false);
          }}
          onConfirm={setConfirm}
          errors={errors}
          passwordRef={passwordRef}
          confirmRef={confirmRef}
        />
        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        <div className="actions">
          <button type="submit" className="primary" disabled={change.isPending}>
            {change.isPending ? "Changing…" : "Change password"}
          </button>
        </div>
        <p className="muted field-hint">Changing it signs you out on your other devices; you stay signed in here.</p>
        {/* There before it says anything, so the confirmation is read out. */}
        <div role="status">{done && <Notice kind="info">Your password is changed.</Notice>}</div>
      </form>
    </Section>
  );
}
