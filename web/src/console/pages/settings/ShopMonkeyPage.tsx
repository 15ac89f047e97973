import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../../api/client";
import { codeOf, failureWords, fieldErrors } from "../../api/problems";
import type { ShopMonkeyConnection, ShopMonkeyLocation } from "../../api/types";
import { useCurrentStaff } from "../../session";
import { Notice } from "../../ui/Notice";
import { logTime } from "../../format";
import {
  useConnectShopMonkey,
  useEnableLocation,
  useImportCatalog,
  useRegisterWebhook,
  useShopMonkeyConnection,
  useShopMonkeyLocations,
} from "./locationQueries";
import { SettingsNav } from "./SettingsNav";
import { TimeZoneField } from "./TimeZoneField";

/** ShopMonkey's own API address, used when the owner leaves the field empty. */
const defaultAddress = "https://api.shopmonkey.cloud";

/** Copies to the clipboard; false where the browser won't (no permission, an old one, not a secure page). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Keeps the same words read out twice (a status region only speaks on a change). */
function useAnnouncer(): [string, (text: string) => void] {
  const [said, setSaid] = useState("");
  return [said, (text) => setSaid((previous) => (previous === text ? `${text}\u00a0` : text))];
}

/**
 * Settings → ShopMonkey (owners): the shop's ShopMonkey account, by its API key. Not connected yet, the key
 * (checked with ShopMonkey before it is kept); connected, where it points, the webhook address to paste into
 * ShopMonkey, a new key, and the account's locations, each enabled here or not yet.
 */
export function ShopMonkeyPage() {
  const me = useCurrentStaff();
  return (
    <main className="settings shopmonkey">
      <SettingsNav />
      <h1>ShopMonkey</h1>
      {me.role === "owner" ? <ShopMonkey /> : <p>Only an owner connects ShopMonkey and adds its locations.</p>}
    </main>
  );
}

function ShopMonkey() {
  const connection = useShopMonkeyConnection();
  const [announcement, announce] = useAnnouncer();
  const notConnected = connection.error instanceof ApiError && connection.error.status === 404;
  // Connected from the form just now: the form is gone, the connection's heading takes the focus.
  const [justConnected, setJustConnected] = useState(false);
  const connectTitle = useId();

  let body;
  if (connection.isPending) body = <p role="status">Loading the connection…</p>;
  else if (notConnected)
    body = (
      <section className="card settings-section" aria-labelledby={connectTitle}>
        <h2 id={connectTitle}>Connect ShopMonkey</h2>
        <p>Its estimates become leads here, and bookings go into its calendar. Paste an API key from your ShopMonkey account.</p>
        <ConnectForm
          action="Connect"
          onConnected={(n) => {
            setJustConnected(true);
            announce(connectedWords(n));
          }}
        />
      </section>
    );
  else if (connection.error)
    body = (
      <Notice kind="error" action={{ label: "Try again", onClick: () => void connection.refetch() }}>
        {connection.error.message}
      </Notice>
    );
  else body = <Connected connection={connection.data} focusTitle={justConnected} onConnected={(n) => announce(connectedWords(n))} />;

  return (
    <>
      <p className="muted">Where leads come from: the shop's ShopMonkey account and its locations.</p>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <div className="settings-sections">{body}</div>
    </>
  );
}

const connectedWords = (locations: number) =>
  `Connected: ShopMonkey accepted the key. ${locations === 1 ? "1 location" : `${locations} locations`} in the account.`;

interface ConnectedProps {
  connection: ShopMonkeyConnection;
  /** Shown in place of the form that connected it: its heading takes the focus. */
  focusTitle: boolean;
  onConnected(locations: number): void;
}

function Connected({ connection, focusTitle, onConnected }: ConnectedProps) {
  const [changing, setChanging] = useState(false);
  const [copied, setCopied] = useState("");
  const changeButton = useRef<HTMLButtonElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const hasKey = !!connection.apiKeyHint;

  useEffect(() => {
    if (focusTitle) title.current?.focus();
  }, []);

  return (
    <>
      <section className="card settings-section shopmonkey-connection" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} ref={title} tabIndex={-1}>
          Connection
        </h2>
        <dl className="facts">
          <div>
            <dt>API address</dt>
            <dd>{connection.usesSandbox ? "Built-in sandbox (practice data, not a real ShopMonkey account)" : (connection.baseUrl ?? defaultAddress)}</dd>
          </div>
          <div>
            <dt>API key</dt>
            <dd>{hasKey ? <code>{connection.apiKeyHint}</code> : "None yet"}</dd>
          </div>
          <div>
            <dt>Checking for new orders</dt>
            <dd>{connection.pollingEnabled ? "On: besides its webhooks, ShopMonkey is asked for new orders regularly." : "Off: new orders come by webhook."}</dd>
          </div>
        </dl>
        <div className="field">
          <p className="shopmonkey-webhook-label" id={`${id}-webhook-label`}>
            Webhook address
          </p>
          <p className="security-key-row">
            <code className="shopmonkey-webhook" aria-labelledby={`${id}-webhook-label`}>
              {connection.webhookUrl}
            </code>
            <button
              type="button"
              aria-label="Copy the webhook address"
              onClick={async () =>
                setCopied((await copyText(connection.webhookUrl)) ? "Copied the webhook address." : "Couldn't copy here: select the address and copy it yourself.")
              }
            >
              Copy
            </button>
          </p>
          <p className="muted field-hint">In ShopMonkey's webhook settings, send order events to this address.</p>
          <p className="sr-only" role="status">
            {copied}
          </p>
        </div>
        {changing ? (
          <div className="shopmonkey-change">
            <h3>{hasKey ? "Change the API key" : "Connect an API key"}</h3>
            <ConnectForm
              action={hasKey ? "Save the new key" : "Connect"}
              initialAddress={connection.usesSandbox ? "" : connection.baseUrl === defaultAddress ? "" : (connection.baseUrl ?? "")}
              onCancel={() => {
                setChanging(false);
                requestAnimationFrame(() => changeButton.current?.focus());
              }}
              onConnected={(n) => {
                setChanging(false);
                onConnected(n);
                requestAnimationFrame(() => changeButton.current?.focus());
              }}
            />
          </div>
        ) : (
          <div className="actions">
            <button type="button" ref={changeButton} onClick={() => setChanging(true)}>
              {hasKey ? "Change key" : "Connect an API key"}
            </button>
          </div>
        )}
      </section>
      {hasKey && <Health connection={connection} />}
      <Locations hasKey={hasKey} onChangeKey={() => setChanging(true)} />
    </>
  );
}

/**
 * Is ShopMonkey delivering: the webhook as the daily check found it (re-enabled when ShopMonkey had switched it off),
 * the last order event it sent, the last poll; and the two things an owner can start from here — registering the
 * webhook through ShopMonkey's API (or the steps by hand when that fails) and importing the catalog now.
 */
function Health({ connection }: { connection: ShopMonkeyConnection }) {
  const id = useId();
  const register = useRegisterWebhook();
  const catalog = useImportCatalog();
  const [result, setResult] = useState<{ kind: "info" | "error"; text: string; steps?: readonly string[] } | null>(null);
  const health = connection.health;
  const now = Date.now();

  async function registerWebhook() {
    setResult(null);
    try {
      const answer = await register.mutateAsync();
      setResult(
        answer.registered
          ? { kind: "info", text: `ShopMonkey has the webhook: new estimates arrive within a second (events: ${answer.triggers.join(", ")}).` }
          : { kind: "error", text: answer.problem ?? "ShopMonkey did not take the webhook.", steps: answer.manualSteps ?? [] },
      );
    } catch (e) {
      setResult({ kind: "error", text: failureWords(e) });
    }
  }

  async function importCatalog() {
    setResult(null);
    try {
      const answer = await catalog.mutateAsync();
      setResult({ kind: "info", text: `Imported ${answer.services} services from ShopMonkey, ${answer.bookable} of them bookable.` });
    } catch (e) {
      setResult({ kind: "error", text: failureWords(e) });
    }
  }

  return (
    <section className="card settings-section shopmonkey-health" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Is ShopMonkey delivering?</h2>
      {health.problem && <Notice kind="error">{health.problem}</Notice>}
      <dl className="facts">
        <div>
          <dt>Webhook</dt>
          <dd>
            {health.webhookId ? "Registered with ShopMonkey" : "Not registered through ShopMonkey's API"}
            {health.checkedAt && `; checked ${logTime(health.checkedAt, now)}`}
          </dd>
        </div>
        <div>
          <dt>Last order event received</dt>
          <dd>{health.lastWebhookAt ? logTime(health.lastWebhookAt, now) : "None yet"}</dd>
        </div>
        <div>
          <dt>Last check for new orders</dt>
          <dd>
            {health.lastPollAt ? logTime(health.lastPollAt, now) : "Not yet"}
            {health.lastPollError && ` (last error: ${health.lastPollError})`}
          </dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary" disabled={register.isPending} onClick={() => void registerWebhook()}>
          {register.isPending ? "Registering…" : health.webhookId ? "Register the webhook again" : "Register the webhook"}
        </button>
        <button type="button" disabled={catalog.isPending} onClick={() => void importCatalog()}>
          {catalog.isPending ? "Importing…" : "Import the catalog now"}
        </button>
      </div>
      <div role="status">
        {result && <Notice kind={result.kind}>{result.text}</Notice>}
        {result?.steps && result.steps.length > 0 && (
          <ol className="manual-steps" aria-label="Setting up the webhook by hand">
            {result.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

interface ConnectErrors {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  other?: string | undefined;
}

/** A refused key: ShopMonkey's words under the key; a bad address under it; anything else (ShopMonkey unreachable) as a notice. */
function connectErrors(e: unknown): ConnectErrors {
  if (codeOf(e) === "shopmonkey_refused_key") return { apiKey: failureWords(e) };
  const fields = fieldErrors(e);
  if (fields) {
    const { apikey, baseurl, ...rest } = fields;
    const other = Object.values(rest).join(" ");
    if (apikey || baseurl || other) return { apiKey: apikey, baseUrl: baseurl, other: other || undefined };
  }
  return { other: failureWords(e, "Connecting didn't work. Try again.") };
}

interface ConnectFormProps {
  action: string;
  initialAddress?: string;
  onCancel?(): void;
  onConnected(locations: number): void;
}

/** The API key (hidden unless shown) and, for another ShopMonkey server, its address; ShopMonkey checks the key before it is kept. */
function ConnectForm({ action, initialAddress = "", onCancel, onConnected }: ConnectFormProps) {
  const connect = useConnectShopMonkey();
  const [key, setKey] = useState("");
  const [address, setAddress] = useState(initialAddress);
  const [showKey, setShowKey] = useState(false);
  const [errors, setErrors] = useState<ConnectErrors>({});
  const keyBox = useRef<HTMLInputElement>(null);
  const addressBox = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    // Opened by "Change key": straight to the key. (Not on the page's first form: the heading comes first.)
    if (onCancel) keyBox.current?.focus();
  }, []);

  function show(found: ConnectErrors) {
    setErrors(found);
    if (found.apiKey) keyBox.current?.focus();
    else if (found.baseUrl) addressBox.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (connect.isPending) return;
    const pasted = key.trim();
    if (!pasted) return show({ apiKey: "Paste the API key from ShopMonkey." });
    setErrors({});
    try {
      const { locations } = await connect.mutateAsync({ apiKey: pasted, baseUrl: address.trim() || null });
      setKey("");
      onConnected(locations.length);
    } catch (failure) {
      show(connectErrors(failure));
    }
  }

  const keyHint = `${id}-key-hint`;
  const keyError = `${id}-key-error`;
  const addressHint = `${id}-address-hint`;
  const addressError = `${id}-address-error`;
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="ShopMonkey API key" noValidate>
      <div className="field">
        <label htmlFor={`${id}-key`}>API key</label>
        <div className="secret-row">
          <input
            id={`${id}-key`}
            ref={keyBox}
            type={showKey ? "text" : "password"}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={key}
            aria-invalid={errors.apiKey ? true : undefined}
            aria-describedby={errors.apiKey ? `${keyError} ${keyHint}` : keyHint}
            onChange={(e) => setKey(e.target.value)}
          />
          <button type="button" aria-controls={`${id}-key`} onClick={() => setShowKey(!showKey)}>
            {showKey ? "Hide key" : "Show key"}
          </button>
        </div>
        <p id={keyHint} className="muted field-hint">
          In ShopMonkey: Settings → Integrations → API keys. ShopMonkey is asked whether it accepts the key before it is kept.
        </p>
        {errors.apiKey && (
          <p id={keyError} className="field-error">
            {errors.apiKey}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-address`}>API address (optional)</label>
        <input
          id={`${id}-address`}
          ref={addressBox}
          type="url"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder={defaultAddress}
          value={address}
          aria-invalid={errors.baseUrl ? true : undefined}
          aria-describedby={errors.baseUrl ? `${addressError} ${addressHint}` : addressHint}
          onChange={(e) => setAddress(e.target.value)}
        />
        <p id={addressHint} className="muted field-hint">
          Leave it empty for ShopMonkey's own address.
        </p>
        {errors.baseUrl && (
          <p id={addressError} className="field-error">
            {errors.baseUrl}
          </p>
        )}
      </div>
      {errors.other && <Notice kind="error">{errors.other}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={connect.isPending}>
          {connect.isPending ? "Checking with ShopMonkey…" : action}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** The ShopMonkey account's locations: each enabled here (its settings) or to enable. */
function Locations({ hasKey, onChangeKey }: { hasKey: boolean; onChangeKey(): void }) {
  const locations = useShopMonkeyLocations(hasKey);
  const id = useId();
  const error = locations.error;

  let body;
  if (!hasKey) body = <p className="muted">Connect an API key to see the account's locations.</p>;
  else if (locations.isPending) body = <p role="status">Asking ShopMonkey for its locations…</p>;
  else if (error)
    body =
      codeOf(error) === "shopmonkey_refused_key" ? (
        <Notice kind="error" action={{ label: "Change key", onClick: onChangeKey }}>
          {error.message}
        </Notice>
      ) : error instanceof ApiError && error.status === 404 ? (
        <p className="muted">Connect an API key to see the account's locations.</p>
      ) : (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void locations.refetch() }}>
          {error.message}
        </Notice>
      );
  else if (!locations.data.locations.length) body = <p className="empty">ShopMonkey has no locations in this account.</p>;
  else
    body = (
      <ul className="location-list" aria-labelledby={`${id}-title`}>
        {locations.data.locations.map((l) => (
          <li key={l.id}>
            <ShopMonkeyLocationRow location={l} />
          </li>
        ))}
      </ul>
    );

  return (
    <section className="settings-section shopmonkey-locations" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>ShopMonkey's locations</h2>
      <p className="muted">Enable a location to turn its estimates into leads here. It is set up first, and texts no customer until it goes live.</p>
      {body}
    </section>
  );
}

/** A ShopMonkey location's name, or its id when ShopMonkey has none. */
const nameOf = (l: ShopMonkeyLocation) => l.name ?? `ShopMonkey location ${l.id}`;

interface EnableErrors {
  timeZone?: string | undefined;
  phone?: string | undefined;
  other?: string | undefined;
}

/** A refused enabling: the time zone's and the phone's reasons (then asked for in the row), anything else as a notice in it. */
function enableErrors(e: unknown): EnableErrors {
  const fields = fieldErrors(e);
  if (fields) {
    const { timezone, phone, ...rest } = fields;
    const other = Object.values(rest).join(" ");
    if (timezone || phone || other) return { timeZone: timezone, phone, other: other || undefined };
  }
  return { other: failureWords(e, "Enabling didn't work. Try again.") };
}

function ShopMonkeyLocationRow({ location }: { location: ShopMonkeyLocation }) {
  const enable = useEnableLocation();
  const navigate = useNavigate();
  // Asked for once the server said it needs them (ShopMonkey has none it can use), and kept shown after.
  const [askZone, setAskZone] = useState(false);
  const [askPhone, setAskPhone] = useState(false);
  const [zone, setZone] = useState("");
  const [phone, setPhone] = useState("");
  const [errors, setErrors] = useState<EnableErrors>({});
  const zoneRef = useRef<HTMLElement | null>(null);
  const phoneBox = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const id = useId();
  const name = nameOf(location);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (enable.isPending) return;
    const found: EnableErrors = {};
    if (askZone && !zone.trim()) found.timeZone = "Choose the shop's time zone.";
    if (askPhone && !phone.trim()) found.phone = "Enter the shop's phone number.";
    if (found.timeZone || found.phone) return show(found);
    setErrors({});
    try {
      const made = await enable.mutateAsync({
        shopMonkeyLocationId: location.id,
        timeZone: askZone ? zone.trim() : null,
        phone: askPhone ? phone.trim() : null,
      });
      navigate(`/settings/locations/${made.id}`, { state: { enabled: true } });
    } catch (failure) {
      show(enableErrors(failure));
    }
  }

  function show(found: EnableErrors) {
    setErrors(found);
    if (found.timeZone) setAskZone(true);
    if (found.phone) setAskPhone(true);
    // The fields may only now be shown: focus once they are there.
    requestAnimationFrame(() => (found.timeZone ? zoneRef.current : found.phone ? phoneBox.current : null)?.focus());
  }

  const phoneError = `${id}-phone-error`;
  return (
    <article className="card location-card" aria-labelledby={titleId}>
      <div className="location-card-head">
        <h3 id={titleId} className="location-card-name">
          {name}
        </h3>
        {location.enabledAs && <span className="tag tag-live">Enabled</span>}
      </div>
      <dl className="facts location-card-facts">
        <div>
          <dt>Address</dt>
          <dd>{location.address ?? "No address in ShopMonkey"}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{location.phone ?? "No phone in ShopMonkey"}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{location.timeZone ?? "No time zone in ShopMonkey"}</dd>
        </div>
      </dl>
      {location.enabledAs ? (
        <p>
          <Link to={`/settings/locations/${location.enabledAs}`} aria-label={`Settings of ${name}`}>
            Settings
          </Link>
        </p>
      ) : (
        <form className="settings-form location-enable" onSubmit={(e) => void submit(e)} aria-label={`Enable ${name}`} noValidate>
          {askZone && (
            <TimeZoneField
              label="The shop's time zone"
              value={zone}
              onChange={setZone}
              error={errors.timeZone}
              hint="ShopMonkey has none for this location that we can use."
              focusRef={zoneRef}
            />
          )}
          {askPhone && (
            <div className="field">
              <label htmlFor={`${id}-phone`}>The shop's phone number</label>
              <input
                id={`${id}-phone`}
                ref={phoneBox}
                type="tel"
                autoComplete="off"
                required
                value={phone}
                aria-invalid={errors.phone ? true : undefined}
                aria-describedby={errors.phone ? phoneError : undefined}
                onChange={(e) => setPhone(e.target.value)}
              />
              {errors.phone && (
                <p id={phoneError} className="field-error">
                  {errors.phone}
                </p>
              )}
            </div>
          )}
          {errors.other && <Notice kind="error">{errors.other}</Notice>}
          <div className="actions">
            <button type="submit" className="primary" aria-label={`Enable ${name}`} disabled={enable.isPending}>
              {enable.isPending ? "Enabling…" : "Enable"}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
