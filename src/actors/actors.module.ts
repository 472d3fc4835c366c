import { Module, type Provider } from '@nestjs/common';
import { DATABASE, type SqliteDatabase } from '../database/open-database';
import { AffiliateActorHandler } from './affiliate-actor/affiliate-actor.command';
import { ActorDirectory } from './get-actors/actor-directory';
import { GetActorHandler, ListActorsHandler } from './get-actors/get-actors.query';
import { ActorsController } from './http/actors.controller';
import { RegisterActorHandler } from './register-actor/register-actor.command';

export const ACTORS_PROVIDERS: Provider[] = [
  {
    provide: ActorDirectory,
    inject: [DATABASE],
    useFactory: (db: SqliteDatabase) => new ActorDirectory(db),
  },
  RegisterActorHandler,
  AffiliateActorHandler,
  ListActorsHandler,
  GetActorHandler,
];

@Module({
  controllers: [ActorsController],
  providers: ACTORS_PROVIDERS,
  exports: [ActorDirectory],
})
export class ActorsModule {}
