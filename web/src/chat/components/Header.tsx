import { useWords } from "../i18n";
import type { LocationView } from "../types";

/** The shop: name, today's hours, the address as a map link and the phone as a tap-to-call link. */
export function Header({ location }: { location: LocationView }) {
  const words = useWords();
  return (
    <header className="shop">
      <h1 className="shop-name">{location.name}</h1>
      <p className="shop-today">{location.today}</p>
      <ul className="shop-links">
        <li>
          <a href={location.mapUrl} target="_blank" rel="noopener noreferrer">
            <Pin /> {location.address}
            <span className="sr-only">{words.opensMap}</span>
          </a>
        </li>
        <li>
          <a href={`tel:${location.phone}`}>
            <Phone /> {words.call(location.phoneDisplay)}
          </a>
        </li>
      </ul>
    </header>
  );
}

const Pin = () => (
  <svg className="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
    <path fill="currentColor" d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z" />
  </svg>
);

const Phone = () => (
  <svg className="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
    <path
      fill="currentColor"
      d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1L6.6 10.8Z"
    />
  </svg>
);
