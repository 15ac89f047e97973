import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { unwrap } from "../../api/client";
import { codeOf, failureWords, fieldErrors } from "../../api/problems";
import { useApi } from "../../session";
import { Notice } from "../../ui/Notice";
import { checkNewPassword, NewPasswordFields, type NewPasswordErrors } from "./PasswordFields";

type Outcome = { kind: "changed" } | { kind: "dead-link"; detail: string };

/**
 * /reset-password/:token (no sign-in needed), from the emailed link: a new password, typed twice. The server
 * checks the link (two hours, once) and the password's rules (too short, too common, your email…), whose reasons
 * show under the field. Every session of the account ends; they sign in with the new password.
 */
export function ResetPasswordPage() {
  const api = useApi();
  const { token = "" } = useParams();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors & { other?: string }>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const outcomeRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found = checkNewPassword(password, confirm);
    if (found.password || found.confirm) {
      setErrors(found);
      (found.password ? passwordRef : confirmRef).current?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await unwrap(api.client.POST("/api/console/auth/reset-password", { body: { token, password } }));
      setOutcome({ kind: "changed" });
    } catch (failure) {
      setBusy(false);
      if (codeOf(failure) === "reset_link_invalid") {
        setOutcome({ kind: "dead-link", detail: failureWords(failure) });
        return;
      }
      const fields = fieldErrors(failure);
      if (fields?.password) {
        setErrors({ password: fields.password });
        setConfirm("");
        passwordRef.current?.focus();
        return;
      }
      setErrors({ other: failureWords(failure, "Changing the password didn't work. Try again.") });
    }
  }

  if (outcome?.kind === "changed") {
    return (
      <main className="sign-in">
        <div className="card sign-in-card">
          <h1 ref={outcomeRef} tabIndex={-1}>
            Password changed
          </h1>
          <p role="status">Your password is changed. Sign in with it.</p>
          <p className="muted">Anywhere you were signed in with the old password is signed out.</p>
          <p>
            <Link to="/sign-in" className="button primary">
              Sign in
            </Link>
          </p>
        </div>
      </main>
    );
  }

  if (outcome?.kind === "dead-link") {
    return (
      <main className="sign-in">
        <div className="card sign-in-card">
          <h1 ref={outcomeRef} tabIndex={-1}>
            Choose a new password
          </h1>
          <Notice kind="error">{outcome.detail}</Notice>
          <p>
            <Link to="/forgot-password" className="button primary">
              Email me a new link
            </Link>
          </p>
          <p className="sign-in-links">
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </div>
      </main>
    );
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>Choose a new password</h1>
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
          passwordRef={passwordRef}
          confirmRef={confirmRef}
        />
        {errors.other && <Notice kind="error">{errors.other}</Notice>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save the new password"}
        </button>
        <p className="sign-in-links">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}
