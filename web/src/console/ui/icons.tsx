import type { Channel } from "../api/types";

/** Web chat or text message, as a small icon with its name for screen readers (and a tooltip). */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const label = channel === "sms" ? "Text message" : "Web chat";
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 24 24" role="img" aria-label={label}>
      <title>{label}</title>
      {channel === "sms" ? (
        // a phone
        <path fill="none" stroke="currentColor" strokeWidth="2" d="M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm3 17h2" />
      ) : (
        // a speech bubble
        <path fill="none" stroke="currentColor" strokeWidth="2" d="M4 4h16v12H8l-4 4z" />
      )}
    </svg>
  );
}
