import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, unwrap } from "../../api/client";
import type { LoginRequest } from "../../api/types";
import { meKey, safeNext, useApi } from "../../session";
import { Notice } from "../../ui/Notice";

/** Seconds until `until` (ms since the epoch), ticking down; 0 once there. */
function useSecondsLeft(until: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

type Step = "password" | "code";

export function SignInPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const expired = params.has("next");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // With two-factor sign-in on, the right password alone asks for the app's code (or a recovery code).
  const [step, setStep] = useState<Step>("password");
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");
  const [codeIntro, setCodeIntro] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [heldUntil, setHeldUntil] = useState<number | null>(null);
  const wait = useSecondsLeft(heldUntil);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const codeHintId = useId();

  // Whatever the last session loaded (another user's customers, maybe) goes when the sign-in page shows.
  useEffect(() => {
    void queryClient.cancelQueries();
    queryClient.removeQueries();
  }, [queryClient]);

  // The code's field takes the focus when it shows, and when it changes to a recovery code and back.
  useEffect(() => {
    if (step === "code") codeRef.current?.focus();
  }, [step, recovery]);

  function startAgain() {
    setStep("password");
    setRecovery(false);
    setCode("");
    setPassword("");
    setError(null);
    requestAnimationFrame(() => passwordRef.current?.focus());
  }

  async function signIn(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    let body: LoginRequest = { email, password };
    if (step === "code") {
      const typed = recovery ? code.trim() : code.replace(/\D/g, "");
      if (recovery ? !typed : typed.length !== 6) {
        setError(recovery ? "Type one of your recovery codes." : "Type the six digits your authenticator app shows.");
        codeRef.current?.focus();
        return;
      }
      body = recovery ? { ...body, recoveryCode: typed } : { ...body, code: typed };
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.client.POST("/api/console/auth/login", { body }));
      await queryClient.fetchQuery({ queryKey: meKey, queryFn: () => unwrap(api.client.GET("/api/console/me")) });
      navigate(next, { replace: true });
    } catch (failure) {
      setBusy(false);
      if (failure instanceof ApiError && failure.code === "two_factor_required") {
        setCodeIntro(failure.message);
        setCode("");
        setStep("code");
      } else if (failure instanceof ApiError && failure.code === "wrong_code") {
        setError(failure.message);
        setCode("");
        codeRef.current?.focus();
      } else if (failure instanceof ApiError && failure.code === "wrong_credentials") {
        // The password changed meanwhile (on the code step): back to it.
        setStep("password");
        setRecovery(false);
        setCode("");
        setError("Wrong email or password.");
        setPassword("");
        passwordRef.current?.focus();
        requestAnimationFrame(() => passwordRef.current?.focus());
      } else if (failure instanceof ApiError && failure.code === "sign_in_held_up") {
        const seconds = failure.retryAfterSeconds ?? 30;
        setHeldUntil(Date.now() + seconds * 1000);
        setError(`${step === "code" ? "Too many wrong tries" : "Too many wrong passwords"} for this address. Try again in ${seconds} seconds.`);
      } else {
        setError(failure instanceof Error ? failure.message : "Signing in didn't work. Try again.");
      }
    }
  }

  const errorNotice = error && (
    <div id={errorId}>
      <Notice kind="error">{error}</Notice>
    </div>
  );
  const submit = (
    <button type="submit" className="primary" disabled={busy || wait > 0}>
      {busy ? "Signing in…" : wait > 0 ? `Sign in (wait ${wait} s)` : "Sign in"}
    </button>
  );

  if (step === "code") {
    return (
      <main className="sign-in">
        <form className="card sign-in-card" onSubmit={signIn} noValidate>
          <h1>Sign in</h1>
          <p>{codeIntro || "Enter the six-digit code from your authenticator app (or one of your recovery codes)."}</p>
          <p className="muted">
            Signing in as <span className="sign-in-email">{email}</span>.
          </p>
          <div className="field">
            <label htmlFor="code">{recovery ? "Recovery code" : "Code from your authenticator app"}</label>
            {recovery ? (
              <input
                key="recovery"
                id="code"
                ref={codeRef}
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                required
                value={code}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${errorId} ${codeHintId}` : codeHintId}
                onChange={(e) => setCode(e.target.value)}
              />
            ) : (
              <input
                key="code"
                id="code"
                className="code-box"
                ref={codeRef}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                value={code}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${errorId} ${codeHintId}` : codeHintId}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
            <p id={codeHintId} className="muted field-hint">
              {recovery
                ? "One of the recovery codes you kept when you turned on two-factor sign-in. Each works once."
                : "Six digits. The app shows a new code every 30 seconds: type the one it shows now."}
            </p>
          </div>
          {errorNotice}
          {submit}
          <div className="sign-in-links">
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setRecovery(!recovery);
                setCode("");
                setError(null);
              }}
            >
              {recovery ? "Use the code from your app instead" : "Use a recovery code instead"}
            </button>
            <button type="button" className="quiet" onClick={startAgain}>
              Not you? Start again
            </button>
          </div>
        </form>
      </main>
    );
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={signIn} aria-describedby={error ? errorId : undefined}>
        <h1>Sign in</h1>
        {expired && !error && <p className="muted">Your session ended. Sign in to pick up where you left off.</p>}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            ref={passwordRef}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {errorNotice}
        {submit}
        <p className="sign-in-links">
          <Link to="/forgot-password" state={{ email }}>
            Forgot your password?
          </Link>
        </p>
      </form>
    </main>
  );
}
