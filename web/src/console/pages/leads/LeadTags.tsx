import type { LeadItem } from "../../api/types";
import { reasonInWords, stageName } from "./words";

/**
 * Where a lead stands, as tags: its stage (a lost one with why), that a customer is waiting for a person
 * (a booked lead can be too: its stage says booked), and the demo's sample leads, so nobody calls them.
 */
export function LeadTags({ lead }: { lead: LeadItem }) {
  return (
    <>
      <span className={`chip chip-${lead.stage}`}>
        <span className="sr-only">Stage: </span>
        {stageName[lead.stage]}
        {lead.stage === "lost" && lead.stopReason && <span className="chip-reason"> · {reasonInWords(lead.stopReason)}</span>}
      </span>
      {lead.needsStaff && lead.stage !== "needs_staff" && <span className="why why-staff">Needs a person</span>}
      {lead.isSample && <span className="tag tag-sample">Sample</span>}
    </>
  );
}
