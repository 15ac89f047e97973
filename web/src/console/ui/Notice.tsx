import type { ReactNode } from "react";

interface Props {
  kind: "error" | "info";
  children: ReactNode;
  action?: { label: string; onClick(): void } | undefined;
}

/** A message in the page's flow; an error is an alert (read out when it appears), the rest are quiet. */
export function Notice({ kind, children, action }: Props) {
  return (
    <div className={`notice notice-${kind}`}>
      <p role={kind === "error" ? "alert" : undefined}>{children}</p>
      {action && (
        <button type="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
