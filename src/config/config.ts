import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  validateSync,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { InvalidApiKeys, parseApiKeys, type StoredKey } from './api-key-entries';
import { unknownSettings, unknownSettingWarning } from './unknown-settings';

/**
 * A CORS allow list: each entry an origin exactly as a browser sends it (scheme, host,
 * port if not the default; no path, no trailing slash), or `*` alone.
 */
@ValidatorConstraint({ name: 'corsOrigins' })
class CorsOriginList implements ValidatorConstraintInterface {
  validate(origins: unknown): boolean {
    if (!Array.isArray(origins)) return false;
    if (origins.includes('*')) return origins.length === 1;
    return origins.every((origin) => typeof origin === 'string' && isOrigin(origin));
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be \`*\` alone or a comma-separated list of origins such as https://app.example.org (no path, no trailing slash)`;
  }
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

/** Reads PARLEY_API_KEYS, or the reason it cannot (reported by {@link ApiKeyList}). */
function readApiKeys(text: string): readonly StoredKey[] | InvalidApiKeys {
  try {
    return parseApiKeys(text);
  } catch (error) {
    if (error instanceof InvalidApiKeys) return error;
    throw error;
  }
}

@ValidatorConstraint({ name: 'apiKeys' })
class ApiKeyList implements ValidatorConstraintInterface {
  validate(keys: unknown): boolean {
    return Array.isArray(keys);
  }

  defaultMessage(args: ValidationArguments): string {
    return args.value instanceof InvalidApiKeys
      ? args.value.message
      : 'PARLEY_API_KEYS must be key:role+role,key:role';
  }
}

/** EventStoreDB's connection strings, under KurrentDB's scheme names and the older ones. */
const KURRENTDB_CONNECTION = /^(kurrentdb|esdb)(\+discover)?:\/\/\S+$/;
const KURRENTDB_SCHEMES = 'kurrentdb://, kurrentdb+discover://, esdb:// or esdb+discover://';

/** KURRENTDB_CONNECTION_STRING: a connection string, and no second opinion on the server. */
@ValidatorConstraint({ name: 'kurrentDbConnectionAlias' })
class KurrentDbConnectionAlias implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const other = (args.object as AppConfig).EVENTSTORE_CONNECTION_STRING;
    return (
      typeof value === 'string' &&
      KURRENTDB_CONNECTION.test(value) &&
      (other === undefined || other === value)
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return typeof args.value === 'string' && KURRENTDB_CONNECTION.test(args.value)
      ? 'both EVENTSTORE_CONNECTION_STRING and KURRENTDB_CONNECTION_STRING are set, to different servers: set one'
      : `KURRENTDB_CONNECTION_STRING must be a ${KURRENTDB_SCHEMES} connection string`;
  }
}

/** PARLEY_TRUST_PROXY: a boolean, or the proxies' addresses and CIDRs, comma separated. */
@ValidatorConstraint({ name: 'trustedProxies' })
class TrustedProxies implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'boolean' ||
      (typeof value === 'string' &&
        value.split(',').every((entry) => /^[0-9a-fA-F.:]+(?:\/\d{1,3})?$/.test(entry.trim())))
    );
  }

  defaultMessage(): string {
    return 'PARLEY_TRUST_PROXY must be true, false, or a comma-separated list of proxy addresses or CIDRs';
  }
}

/** Settings whose values an error message must not repeat. */
const SECRET_SETTINGS = new Set(['PARLEY_API_KEYS']);

/** The environment parley reads, validated at start (DESIGN.md, "The public surface"). */
export class AppConfig {
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  PARLEY_DB = './data/parley.db';

  @IsIn(['sqlite', 'eventstoredb'])
  PARLEY_EVENT_STORE: 'sqlite' | 'eventstoredb' = 'sqlite';

  /**
   * Required with `PARLEY_EVENT_STORE=eventstoredb` (unless KURRENTDB_CONNECTION_STRING is
   * set), e.g. `kurrentdb://localhost:2113?tls=false`; the pre-rename `esdb://` still works.
   */
  @ValidateIf(
    (config: AppConfig) =>
      config.PARLEY_EVENT_STORE === 'eventstoredb' &&
      (config.EVENTSTORE_CONNECTION_STRING !== undefined ||
        config.KURRENTDB_CONNECTION_STRING === undefined),
  )
  @Matches(KURRENTDB_CONNECTION, {
    message: `EVENTSTORE_CONNECTION_STRING (or KURRENTDB_CONNECTION_STRING) must be a ${KURRENTDB_SCHEMES} connection string`,
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  /** KurrentDB's own name for EVENTSTORE_CONNECTION_STRING; loadConfig copies it there. */
  @ValidateIf((config: AppConfig) => config.KURRENTDB_CONNECTION_STRING !== undefined)
  @Validate(KurrentDbConnectionAlias)
  KURRENTDB_CONNECTION_STRING?: string;

  @IsIn(['auto', 'off'])
  PARLEY_SAMPLE_DATA: 'auto' | 'off' = 'auto';

  /**
   * Rows of a dataset file imported together, in one group commit: larger is faster (the
   * commit's cost is the pages it dirties) and holds the event loop longer.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 10_000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(100_000)
  PARLEY_IMPORT_BATCH_ROWS = 10_000;

  /**
   * When two dataset records are reports of one event (the tone views' `count=events`):
   * `day` (same dataset, directed dyad, kind, CAMEO code and day; ICEWS: same Event ID) or
   * `off` (every record an event of its own). A change rebuilds the tone view.
   */
  @IsIn(['day', 'off'])
  PARLEY_SAME_EVENT: 'day' | 'off' = 'day';

  /**
   * The actor map dataset imports apply (a JSON object: dataset code or name → actor id);
   * `actor-map.json` beside PARLEY_DB unless set. `parley actors alias` edits it.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PARLEY_ACTOR_MAP?: string;

  /**
   * `on`: `parley serve` follows GDELT 2.0's 15-minute exports in the background (as
   * `parley ingest gdelt --follow` does), its progress in `GET /admin/ingest`.
   */
  @IsIn(['on', 'off'])
  PARLEY_GDELT_FOLLOW: 'on' | 'off' = 'off';

  /** Where GDELT 2.0 publishes `lastupdate.txt`, `masterfilelist.txt` and the files they name. */
  @Matches(/^https?:\/\/\S+$/, {
    message: 'PARLEY_GDELT_BASE_URL must be an http:// or https:// URL',
  })
  PARLEY_GDELT_BASE_URL = 'http://data.gdeltproject.org/gdeltv2';

  /**
   * How often the follower reads `lastupdate.txt` (`15m`, `30s`, `500ms`): GDELT
   * publishes every 15 minutes; held here in milliseconds.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 900_000 : durationMs(value)))
  @IsInt({ message: 'PARLEY_GDELT_POLL_INTERVAL must be a duration such as 15m, 30s or 500ms' })
  @Min(100, { message: 'PARLEY_GDELT_POLL_INTERVAL must be at least 100ms' })
  @Max(86_400_000, { message: 'PARLEY_GDELT_POLL_INTERVAL must be at most 24h' })
  PARLEY_GDELT_POLL_INTERVAL = 900_000;

  /**
   * `key:role+role,key:role` (a key may be given as `sha256.<hex>`, its hash). Read into
   * hashes here, so that nothing after configuration holds a key. Unset outside
   * production: a development key (see src/auth/development-key.ts).
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? readApiKeys(value) : value,
  )
  @IsOptional()
  @Validate(ApiKeyList)
  PARLEY_API_KEYS?: readonly StoredKey[];

  /** `production` refuses to start without `PARLEY_API_KEYS`; anything else is development. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** The level of the JSON log lines on standard output; `silent` writes none. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * `/health/ready` answers 503 while a projection's oldest unapplied event has waited
   * longer than this, in seconds: a replica that far behind should not take reads.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 30 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(86_400)
  PARLEY_READY_MAX_LAG_SECONDS = 30;

  /**
   * A pause after each batch (1,000 events) a rebuild applies, so a rebuild on a busy
   * node leaves room for queries; 0 rebuilds at full speed.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 0 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60_000)
  PARLEY_REBUILD_PAUSE_MS = 0;

  /**
   * The most one tone view may cost, in records visited (each bucket once, each record
   * once per volatility window it falls in); a costlier view is refused with 422.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 50_000_000 : Number(value)))
  @IsInt()
  @Min(1_000)
  PARLEY_TONE_MAX_COST = 50_000_000;

  /** Largest request body, in bytes; NDJSON imports may be up to 32 times as large. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 1_048_576 : Number(value)))
  @IsInt()
  @Min(1024)
  PARLEY_BODY_LIMIT = 1_048_576;

  /**
   * Whether webhook URLs may point at loopback, private, link-local or otherwise
   * non-public addresses. Off by default: a subscription is a request the server makes
   * on a client's behalf, and an open one reaches the host's own network (SSRF). The
   * check applies to the URL at registration and to every address the name resolves to
   * at delivery, so a DNS answer cannot bring a private address back in.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined ? false : value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'PARLEY_WEBHOOKS_ALLOW_PRIVATE must be true or false' })
  PARLEY_WEBHOOKS_ALLOW_PRIVATE = false;

  /** How long one delivery attempt may take, connection to response headers, in ms. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 10_000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(120_000)
  PARLEY_WEBHOOK_TIMEOUT_MS = 10_000;

  /** The first retry waits up to this long (full jitter); each further one doubles it. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 1_000 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  PARLEY_WEBHOOK_BACKOFF_BASE_MS = 1_000;

  /** The longest a retry waits, however many attempts failed. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 3_600_000 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  PARLEY_WEBHOOK_BACKOFF_CAP_MS = 3_600_000;

  /** Consecutive failed attempts after which a subscription pauses until an operator resumes it. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 15 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  PARLEY_WEBHOOK_MAX_FAILURES = 15;

  /**
   * After `POST /subscriptions/{id}/rotate-secret`, how long deliveries are signed with the
   * old secret as well as the new one (`24h`, `30m`, `0s`), so receivers can switch over
   * without dropping a delivery; held here in milliseconds.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined ? 86_400_000 : durationMs(value),
  )
  @IsInt({ message: 'PARLEY_WEBHOOK_SECRET_GRACE must be a duration such as 24h, 30m or 0s' })
  @Min(0)
  @Max(604_800_000, { message: 'PARLEY_WEBHOOK_SECRET_GRACE must be at most 168h (a week)' })
  PARLEY_WEBHOOK_SECRET_GRACE = 86_400_000;

  /** Webhook subscriptions one API key may hold; the next `POST /subscriptions` is refused (409). */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 10 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  PARLEY_SUBSCRIPTIONS_PER_KEY = 10;

  /**
   * The URL clients reach parley at (`https://parley.example.org`, a path prefix allowed),
   * for the absolute URLs it gives: the `dataschema` of webhook deliveries (which answer
   * no request to take an address from), and of the feeds and `/schemas`. Unset, those
   * come from the request's own address, and webhook deliveries carry no `dataschema`.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/, {
    message: 'PARLEY_PUBLIC_URL must be an absolute http:// or https:// URL, with no query',
  })
  PARLEY_PUBLIC_URL?: string;

  /**
   * Fastify's `trustProxy`: whether to believe `X-Forwarded-Proto`, `-Host` and `-For`
   * (`true`: from any peer; a comma-separated list of addresses or CIDRs: from those
   * proxies only). Off by default: any client could otherwise choose the scheme and host
   * of the URLs parley builds from a request, and the address the rate limit counts.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === 'false' ? false : value === 'true' ? true : value,
  )
  @Validate(TrustedProxies)
  PARLEY_TRUST_PROXY: boolean | string = false;

  /**
   * Requests one client may make per `PARLEY_RATE_LIMIT_WINDOW`; the next is answered
   * 429. A client is its API key (hashed) when it sends one, else its IP address.
   * 600 a minute (10 a second, sustained) is far above what an analyst's page or a
   * script paging with `limit=500` needs, and low enough that one runaway client cannot
   * starve the rest. `0` turns rate limiting off (e.g. behind a proxy that limits).
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 600 : Number(value)))
  @IsInt({ message: 'PARLEY_RATE_LIMIT must be a whole number of requests (0 turns it off)' })
  @Min(0)
  @Max(1_000_000)
  PARLEY_RATE_LIMIT = 600;

  /**
   * The window `PARLEY_RATE_LIMIT` counts over, written as a number and a unit (`ms`,
   * `s`, `m`, `h`: `1m`, `30s`), from 1 s to 24 h; held here in milliseconds.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 60_000 : durationMs(value)))
  @IsInt({ message: 'PARLEY_RATE_LIMIT_WINDOW must be a duration such as 1m, 30s or 500ms' })
  @Min(1_000, { message: 'PARLEY_RATE_LIMIT_WINDOW must be at least 1s' })
  @Max(86_400_000, { message: 'PARLEY_RATE_LIMIT_WINDOW must be at most 24h' })
  PARLEY_RATE_LIMIT_WINDOW = 60_000;

  /**
   * Origins (`https://app.example.org`, comma separated) whose pages may call the API
   * from a browser (CORS). Unset: no CORS headers at all, so only the service's own
   * page (same origin) can. `*` allows every origin, and only when given alone.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((origin) => origin.trim()) : value,
  )
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Validate(CorsOriginList)
  PARLEY_CORS_ORIGINS?: string[];

  /**
   * Send `Strict-Transport-Security` (one year). Off by default: parley itself speaks
   * plain HTTP (on 127.0.0.1 unless told otherwise), so only a deployment that is
   * reached over HTTPS, end to end, may promise browsers it always will be.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined ? false : value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'PARLEY_HSTS must be true or false' })
  PARLEY_HSTS = false;
}

/** `90s`, `1m`, `500ms` in milliseconds; anything else is returned as it is, for the validator to refuse. */
function durationMs(value: unknown): unknown {
  const match = typeof value === 'string' ? /^\s*(\d{1,9})\s*(ms|s|m|h)\s*$/.exec(value) : null;
  if (!match) return value;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

export class InvalidConfig extends Error {
  override readonly name = 'InvalidConfig';
}

/** Each unknown name once a process, however often a command reads the configuration. */
const warnedNames = new Set<string>();

/** On standard error, beside the configuration's refusals: standard output may be JSON logs. */
function warnOnStderr(message: string): void {
  if (warnedNames.has(message)) return;
  warnedNames.add(message);
  process.stderr.write(`parley: warning: ${message}\n`);
}

/**
 * Reads and checks the environment; a bad value throws an error that names it. A
 * `PARLEY_*` name that is no setting (the known names are this class's properties) is
 * passed to `warn`, with the setting it is likely meant as.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = warnOnStderr,
): AppConfig {
  const known = Object.keys(new AppConfig());
  for (const unknown of unknownSettings(env, known)) warn(unknownSettingWarning(unknown));
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => known.includes(key) && value !== undefined && value !== '',
    ),
  );
  const config = plainToInstance(AppConfig, given);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.property}=${SECRET_SETTINGS.has(e.property) ? '(not shown)' : JSON.stringify(given[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new InvalidConfig(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  config.EVENTSTORE_CONNECTION_STRING ??= config.KURRENTDB_CONNECTION_STRING;
  return config;
}
