import { useEffect, useRef } from "react";
import { useWords } from "../i18n";
import type { LocationView } from "../types";

/** An expired or broken link: no conversation, no personal data; only whom to call. */
export function LinkProblem({ location }: { location: Pick<LocationView, "name" | "phone" | "phoneDisplay"> | null }) {
  const words = useWords();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="page link-problem">
      <h1 ref={heading} tabIndex={-1}>
        {words.linkExpired}
      </h1>
      {location ? (
        <p>
          {words.linkExpiredCall(location.name)[0]}
          <a href={`tel:${location.phone}`}>{location.phoneDisplay}</a>
          {words.linkExpiredCall(location.name)[1]}
        </p>
      ) : (
        <p>{words.linkInvalid}</p>
      )}
    </main>
  );
}
