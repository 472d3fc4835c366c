import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

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

  /** Required with `PARLEY_EVENT_STORE=eventstoredb`, e.g. `esdb://localhost:2113?tls=false`. */
  @ValidateIf((config: AppConfig) => config.PARLEY_EVENT_STORE === 'eventstoredb')
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message:
      'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsIn(['auto', 'off'])
  PARLEY_SAMPLE_DATA: 'auto' | 'off' = 'auto';

  @IsOptional()
  @IsString()
  PARLEY_API_KEYS?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * A pause after each batch (1,000 events) a rebuild applies, so a rebuild on a busy
   * node leaves room for queries; 0 rebuilds at full speed.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? 0 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60_000)
  PARLEY_REBUILD_PAUSE_MS = 0;

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
}

export class InvalidConfig extends Error {
  override readonly name = 'InvalidConfig';
}

/** Reads and checks the environment; a bad value throws an error that names it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
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
        `${e.property}=${JSON.stringify(given[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new InvalidConfig(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
