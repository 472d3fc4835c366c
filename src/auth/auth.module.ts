import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/config';
import { DATABASE, type SqliteDatabase } from '../database/open-database';
import { AccessGuard } from './access.guard';
import { ApiKeyRing } from './api-keys';
import { developmentKey, developmentKeyBanner } from './development-key';
import { RouteCatalog } from './route-catalog';

export class MissingApiKeys extends Error {}

/**
 * Access by role on every HTTP route: the configured keys (or, outside production, the
 * development key), a guard on every route, and the catalog that refuses to start
 * while a route declares no access.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: ApiKeyRing,
          inject: [DATABASE],
          useFactory: (db: SqliteDatabase) => keyRingFor(config, db),
        },
        RouteCatalog,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ApiKeyRing, RouteCatalog],
    };
  }
}

function keyRingFor(config: AppConfig, db: SqliteDatabase): ApiKeyRing {
  if (config.PARLEY_API_KEYS !== undefined) return new ApiKeyRing(config.PARLEY_API_KEYS);
  if (config.NODE_ENV === 'production')
    throw new MissingApiKeys(
      'PARLEY_API_KEYS must be set when NODE_ENV=production (key:role+role,key:role); parley never serves an open write API',
    );
  const key = developmentKey(db);
  if (key.newKey !== undefined) {
    // Not through the logger: a key has no place in shipped log lines, and this one is
    // meant for the person at the terminal.
    process.stderr.write(developmentKeyBanner(key.newKey, config.PARLEY_DB));
  } else {
    new Logger('Auth').warn(
      `PARLEY_API_KEYS is not set: using the development key made ${key.createdAt} (every role); \`parley keys reset-dev\` makes a new one`,
    );
  }
  return new ApiKeyRing([key.stored]);
}
