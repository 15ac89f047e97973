import { useId } from "react";
import { Link } from "react-router";
import type { LocationSettings } from "../../api/types";
import { isManager, useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { useLocations, type LocationSummary } from "../appointments/queries";
import { useEachLocationSettings } from "./locationQueries";
import { SettingsNav } from "./SettingsNav";

/**
 * Settings → Locations (managers and owners): the colleague's locations, each with its time zone and, while
 * it is still being set up, a badge saying it isn't live yet. Each opens its settings.
 */
export function LocationsPage() {
  const me = useCurrentStaff();
  return (
    <main className="settings">
      <SettingsNav />
      <h1>Locations</h1>
      {isManager(me) ? <Locations owner={me.role === "owner"} /> : <p>Only managers and owners change a location's settings.</p>}
    </main>
  );
}

function Locations({ owner }: { owner: boolean }) {
  const locations = useLocations();
  const list = locations.data?.locations ?? [];
  const settings = useEachLocationSettings(list.map((l) => l.id));

  if (locations.isPending) return <p role="status">Loading locations…</p>;
  if (locations.error)
    return (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void locations.refetch() }}>
        {locations.error.message}
      </Notice>
    );
  return (
    <>
      <p className="muted">
        {owner
          ? "Every location of the shop: its opening hours, texting number and email, and what is left to set up."
          : "Your locations: their opening hours, texting number and email, and what is left to set up."}
      </p>
      {owner && (
        <p>
          <Link to="/settings/shopmonkey">Add a location from ShopMonkey</Link>
        </p>
      )}
      {list.length === 0 ? (
        <p className="empty">{owner ? "No locations yet. Add one from ShopMonkey." : "No locations yet."}</p>
      ) : (
        <ul className="location-list" aria-label="Locations">
          {list.map((location, i) => (
            <li key={location.id}>
              <LocationCard location={location} settings={settings[i]?.data} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function LocationCard({ location, settings }: { location: LocationSummary; settings: LocationSettings | undefined }) {
  const titleId = useId();
  return (
    <article className="card location-card" aria-labelledby={titleId}>
      <div className="location-card-head">
        <h2 id={titleId} className="location-card-name">
          <Link to={`/settings/locations/${location.id}`}>{location.name}</Link>
        </h2>
        {settings?.setupPending && <span className="tag tag-setting-up">Not live yet — setting up</span>}
      </div>
      <dl className="facts location-card-facts">
        <div>
          <dt>Time zone</dt>
          <dd>{location.timeZone}</dd>
        </div>
        <div>
          <dt>Bays</dt>
          <dd>{location.bays}</dd>
        </div>
      </dl>
    </article>
  );
}
