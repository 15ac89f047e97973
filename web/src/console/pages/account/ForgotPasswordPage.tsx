import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { unwrap } from "../../api/client";
import { failureWords } from "../../api/problems";
import { useApi } from "../../session";
import { Notice } from "../../ui/Notice";

/** The address the sign-in page had typed, passed along as the link's state. */
function typedEmail(state: unknown): string {
  return state && typeof state === "object" && typeof (state as { email?: unknown }).email === "string" ? (state as { email: string }).email : "";
}

/**
 * /forgot-password (no sign-in needed): the address to email a reset link to. The server answers the same for
 * any address (it tells nobody which ones have accounts), so the page does too.
 */
export function ForgotPasswordPage() {
  const api = useApi();
  const location = useLocation();
  const [email, setEmail] = useState(() => typedEmail(location.state));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The error is the field's own (nothing typed), not the server's.
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const errorId = `${id}-error`;

  useEffect(() => {
    if (sent) doneRef.current?.focus();
  }, [sent]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const address = email.trim();
    setMissing(!address);
    if (!address) {
      setError("Type the email address you sign in with.");
      emailRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.client.POST("/api/console/auth/forgot-password", { body: { email: address } }));
      setSent(true);
    } catch (failure) {
      setError(failureWords(failure, "Sending the link didn't work. Try again."));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <main className="sign-in">
        <div className="card sign-in-card">
          <h1 ref={doneRef} tabIndex={-1}>
            Check your email
          </h1>
          <p role="status">
            If that address has an account, we have emailed it a link to choose a new password. The link works for two hours.
          </p>
          <p className="muted">Nothing there after a few minutes? Look in the spam folder, or ask a manager to check the address.</p>
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </div>
      </main>
    );
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>Forgot your password?</h1>
        <p className="muted">Type the email address you sign in with. We'll email it a link to choose a new password.</p>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            ref={emailRef}
            type="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={missing ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        {error && (
          <div id={errorId}>
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Sending…" : "Email me a link"}
        </button>
        <p className="sign-in-links">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}
