import { useEffect, useRef } from "react";
import type { LocationView } from "../types";

/** An expired or broken link: no conversation, no personal data; only whom to call. */
export function LinkProblem({ location }: { location: Pick<LocationView, "name" | "phone" | "phoneDisplay"> | null }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="page link-problem">
      <h1 ref={heading} tabIndex={-1}>
        This link has expired
      </h1>
      {location ? (
        <p>
          For your privacy, chat links stop working after a while. Please call {location.name} at{" "}
          <a href={`tel:${location.phone}`}>{location.phoneDisplay}</a>, or reply to the shop's last text.
        </p>
      ) : (
        <p>This link is no longer valid. Please contact the shop directly.</p>
      )}
    </main>
  );
}
