import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, unwrap } from "../../api/client";
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

export function SignInPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const expired = params.has("next");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [heldUntil, setHeldUntil] = useState<number | null>(null);
  const wait = useSecondsLeft(heldUntil);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  // Whatever the last session loaded (another user's customers, maybe) goes when the sign-in page shows.
  useEffect(() => {
    void queryClient.cancelQueries();
    queryClient.removeQueries();
  }, [queryClient]);

  async function signIn(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.client.POST("/api/console/auth/login", { body: { email, password } }));
      await queryClient.fetchQuery({ queryKey: meKey, queryFn: () => unwrap(api.client.GET("/api/console/me")) });
      navigate(next, { replace: true });
    } catch (failure) {
      setBusy(false);
      if (failure instanceof ApiError && failure.code === "wrong_credentials") {
        setError("Wrong email or password.");
        setPassword("");
        passwordRef.current?.focus();
      } else if (failure instanceof ApiError && failure.code === "sign_in_held_up") {
        const seconds = failure.retryAfterSeconds ?? 30;
        setHeldUntil(Date.now() + seconds * 1000);
        setError(`Too many wrong passwords for this address. Try again in ${seconds} seconds.`);
      } else {
        setError(failure instanceof Error ? failure.message : "Signing in didn't work. Try again.");
      }
    }
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
        {error && (
          <div id={errorId}>
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || wait > 0}>
          {busy ? "Signing in…" : wait > 0 ? `Sign in (wait ${wait} s)` : "Sign in"}
        </button>
      </form>
    </main>
  );
}
