import { useId, type RefObject } from "react";

/** The server's shortest password (Identity's RequiredLength); longer ones are better. */
export const MIN_PASSWORD_LENGTH = 12;

export interface NewPasswordErrors {
  password?: string | undefined;
  confirm?: string | undefined;
}

/** What the browser can tell before sending: long enough, and typed the same twice. The server checks the rest (common, your email…). */
export function checkNewPassword(password: string, confirm: string): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  if (!password) errors.password = "Choose a password.";
  else if (password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password && confirm !== password) errors.confirm = "The two passwords are not the same. Type it again.";
  return errors;
}

interface Props {
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  errors: NewPasswordErrors;
  passwordRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  /** "New password" (a reset, a change) or "Password" (a new account). */
  label?: string;
  confirmLabel?: string;
}

/**
 * A new password and the same again, each with its reason under it (aria-describedby): the hint says what makes
 * a good one. autocomplete="new-password" so a password manager offers to make and keep one.
 */
export function NewPasswordFields({ password, confirm, onPassword, onConfirm, errors, passwordRef, confirmRef, label = "New password", confirmLabel }: Props) {
  const id = useId();
  const hint = `${id}-hint`;
  const passwordError = `${id}-password-error`;
  const confirmError = `${id}-confirm-error`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-password`}>{label}</label>
        <input
          id={`${id}-password`}
          ref={passwordRef}
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          value={password}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? `${passwordError} ${hint}` : hint}
          onChange={(e) => onPassword(e.target.value)}
        />
        <p id={hint} className="muted field-hint">
          At least {MIN_PASSWORD_LENGTH} characters. A few words only you would put together make a good one; not a common password or your email address.
        </p>
        {errors.password && (
          <p id={passwordError} className="field-error">
            {errors.password}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{confirmLabel ?? `Type the ${label.toLowerCase()} again`}</label>
        <input
          id={`${id}-confirm`}
          ref={confirmRef}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          aria-invalid={errors.confirm ? true : undefined}
          aria-describedby={errors.confirm ? confirmError : undefined}
          onChange={(e) => onConfirm(e.target.value)}
        />
        {errors.confirm && (
          <p id={confirmError} className="field-error">
            {errors.confirm}
          </p>
        )}
      </div>
    </>
  );
}
