import type { ReactNode } from "react";

type Block = { kind: "text"; lines: string[] } | { kind: "ul" | "ol"; items: string[] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,2}[.)]\s+(.*)$/;

/**
 * Splits a message into paragraphs and the simple lists models and the offline assistant write
 * ("- Ceramic tint: $399", "1. Saturday 9:00 am"); list lines in a row make one list. Everything stays text.
 */
export function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const line of text.split("\n")) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = (bullet ?? numbered)?.[1];
    const kind = item === undefined ? "text" : bullet ? "ul" : "ol";
    const last = out[out.length - 1];
    if (kind === "text") {
      if (last?.kind === "text") last.lines.push(line);
      else out.push({ kind, lines: [line] });
    } else if (last && last.kind === kind) last.items.push(item!);
    else out.push({ kind, items: [item!] });
  }
  return out;
}

/**
 * A message's text, with its simple lists shown as lists. Rendered as React text only: nothing from the
 * server or a model ever becomes markup.
 */
export function MessageText({ text, children }: { text: string; children?: ReactNode }) {
  const parts = blocks(text);
  return (
    <div className="msg-text">
      {parts.map((b, i) => {
        const tail = i === parts.length - 1 ? children : null;
        if (b.kind === "text") {
          const body = b.lines.join("\n").replace(/^\n+|\n+$/g, "");
          return body || tail ? (
            <p key={i}>
              {body}
              {tail}
            </p>
          ) : null;
        }
        const List = b.kind;
        return (
          <List key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                {item}
                {j === b.items.length - 1 ? tail : null}
              </li>
            ))}
          </List>
        );
      })}
    </div>
  );
}
