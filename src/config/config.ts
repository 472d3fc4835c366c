import { plainToInstance, Transform } from 'class-transformer';
import {
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
