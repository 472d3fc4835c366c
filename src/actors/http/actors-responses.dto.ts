/*
 * What the actors' reads answer, as classes for the OpenAPI document. The readers answer
 * plain objects typed by interfaces, which leave nothing at run time to describe; each
 * class implements its reader's interface, so the compiler refuses a class that drifts
 * from what is actually sent. The Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { ActorKind, Affiliation } from '../domain/actor';
import type { ActorView } from '../get-actors/actor-directory';
import type { ActorPage } from '../get-actors/get-actors.query';

/** `actor` belongs to, speaks for or heads `parent` during [from, to). */
@ApiSchema({ name: 'AffiliationView' })
export class AffiliationViewDto implements Affiliation {
  readonly actor!: string;
  readonly parent!: string;
  /** ISO 8601 instant, inclusive. */
  readonly from!: string;
  /** ISO 8601 instant, exclusive; absent while it lasts. */
  readonly to?: string;
  readonly role?: string;
}

@ApiSchema({ name: 'ActorView' })
export class ActorViewDto implements ActorView {
  /** A stable slug: `donald-trump`, `kremlin`, `rus`. */
  readonly id!: string;
  readonly name!: string;
  readonly kind!: ActorKind;
  readonly aliases!: string[];
  /** ISO 3166-1 alpha-3, where the actor has one. */
  readonly country?: string;
  readonly affiliations!: AffiliationViewDto[];
  /** When the actor was registered (recorded time). */
  readonly registeredAt!: string;
}

@ApiSchema({ name: 'ActorPage' })
export class ActorPageDto implements ActorPage {
  readonly items!: ActorViewDto[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor!: string | null;
}
