/*
 * The shapes the API answers with, as classes for the OpenAPI document. The services
 * answer plain objects typed by interfaces, which leave nothing at run time to describe;
 * each class here implements its interface, so the compiler refuses a class that drifts
 * from what is actually sent. Their properties are described by the Nest swagger plugin's
 * metadata (src/openapi/plugin-metadata.ts, from these types and doc comments); each is
 * named in the document without its `Dto` suffix.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ActorKind, Affiliation } from '../actors/domain/actor';
import type { ActorView } from '../actors/get-actors/actor-directory';
import type { ActorPage } from '../actors/get-actors/get-actors.query';
import type { WriteReceipt } from '../common/write-receipt';
import type { FieldProblem, Problem } from '../http/problem';
import type {
  Citation,
  DenialTarget,
  Precision,
  RecordKind,
  ThreatInstrument,
  ThreatOutcome,
  ThreatTerms,
} from '../records/domain/record';
import type { KindCounts, MeasureStats, ToneBucket } from '../records/domain/tone-series';
import type {
  RecordHistoryEntry,
  RecordPage,
  RecordView,
  ThreatStatus,
} from '../records/get-records/record-reader';
import type { ToneMode, ToneView } from '../records/get-tone/tone-reader';
import type { ImportLineResult, ImportReport } from '../records/import-records/record-importer';
import type { SubscriptionFilter } from '../feeds/webhooks/subscription-filter';
import type { DeliveryFailure, SubscriptionState } from '../feeds/webhooks/subscription.store';
import type {
  CreatedSubscription,
  SubscriptionLag,
  SubscriptionView,
} from '../feeds/webhooks/subscriptions.service';
import type {
  ProjectionFailure,
  ProjectionLag,
  ProjectionState,
  ProjectionStatus,
  RebuildProgress,
} from '../projections/projection-runner';
import type { Position } from '../event-store/position';
import type { Bucket } from '../records/domain/tone-series';

/** Where a write's events landed: also sent as `ETag` (the revision) and `Location`. */
@ApiSchema({ name: 'WriteReceipt' })
export class WriteReceiptDto implements Omit<WriteReceipt, 'created'> {
  /** The record's or actor's id. */
  readonly id!: string;
  /** The stream the events were appended to: `dyad-<source>~<target>` or `actor-<id>`. */
  readonly stream!: string;
  /** The stream's revision after the write; send it back as `If-Match` to write conditionally. */
  readonly revision!: number;
  /** The log position of the last event written: an opaque token that sorts in log order. */
  readonly position!: string;
}

/** One failing input field. */
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemDto implements FieldProblem {
  /** The field's path in the body or query, e.g. `citation.outlet`. */
  readonly field!: string;
  readonly message!: string;
}

/** An RFC 9457 problem details object, sent as `application/problem+json`. */
@ApiSchema({ name: 'Problem' })
export class ProblemDto implements Problem {
  [extension: string]: unknown;
  /** A relative URI naming the kind of problem, e.g. `/problems/validation-failed`. */
  readonly type!: string;
  readonly title!: string;
  /** The HTTP status code. */
  readonly status!: number;
  readonly detail?: string;
  /** The request path the problem is about. */
  readonly instance?: string;
  /** Each failing input field (400). */
  readonly errors?: FieldProblemDto[];
  /** With 409 on a conditional write: the stream's revision now. */
  readonly actualRevision?: number | null;
  /** With 403: the roles the route asks for. */
  readonly requiredRoles?: string[];
  /** With 429: seconds until the client may retry (also sent as `Retry-After`). */
  readonly retryAfter?: number;
}

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

@ApiSchema({ name: 'CitationView' })
export class CitationViewDto implements Citation {
  readonly outlet!: string;
  readonly title!: string;
  readonly url?: string;
  readonly publishedAt?: string;
}

@ApiSchema({ name: 'ThreatTermsView' })
export class ThreatTermsViewDto implements ThreatTerms {
  readonly instrument!: ThreatInstrument;
  /** What is threatened, e.g. "50%". */
  readonly magnitude?: string;
  readonly condition?: string;
  readonly deadline?: string;
}

@ApiSchema({ name: 'DenialTargetView' })
export class DenialTargetViewDto implements DenialTarget {
  /** The denied record's id. */
  readonly recordId?: string;
  /** The denied claim, in words. */
  readonly claim?: string;
}

@ApiSchema({ name: 'ThreatOutcomeView' })
export class ThreatOutcomeViewDto {
  readonly outcome!: ThreatOutcome;
  readonly occurredAt!: string;
  readonly note?: string;
  readonly recordedAt!: string;
}

/** One version of a record in its history: as recorded, then each correction or retraction. */
@ApiSchema({ name: 'RecordHistoryEntry' })
export class RecordHistoryEntryDto implements RecordHistoryEntry {
  readonly version!: number;
  /** The event that made this version: `StatementRecorded`, `RecordCorrected`, ... */
  readonly type!: string;
  /** When the log learned it: pass as `asOf` to read the record as it was then. */
  readonly recordedAt!: string;
  readonly revision!: number;
  readonly position!: string;
  /** Why it was corrected or retracted. */
  readonly reason?: string;
  /** The fields a correction changed. */
  readonly changes?: Record<string, unknown>;
}

/** A record as the reads answer it: the fields it was recorded with, corrected, and what parley derived. */
@ApiSchema({ name: 'RecordView' })
export class RecordViewDto implements RecordView {
  readonly id!: string;
  readonly kind!: RecordKind;
  readonly source!: string;
  readonly target!: string;
  /** When it happened, ISO 8601 with the offset it was given in. */
  readonly occurredAt!: string;
  readonly precision!: Precision;
  readonly quote!: string;
  readonly citation!: CitationViewDto;
  readonly topics!: string[];
  /** CAMEO event code, e.g. "1312" (threaten sanctions). */
  readonly code?: string;
  /** The recorder's reading of how it was said, hostile -10 … +10 cordial. */
  readonly tone?: number;
  readonly confidence?: number;
  readonly note?: string;
  readonly threat?: ThreatTermsViewDto;
  readonly denial?: DenialTargetViewDto;
  /** The dyad stream that holds it. */
  readonly stream!: string;
  readonly status!: 'active' | 'retracted';
  /** 1 as recorded, one more for each correction. */
  readonly version!: number;
  /** The act's Goldstein weight, −10 … +10. */
  readonly intensity!: number;
  /** `cameo` (from the record's code) or `kind-default`. */
  readonly intensitySource!: string;
  /** The CAMEO code whose weight was used. */
  readonly intensityCode!: string;
  readonly outcome?: ThreatOutcomeViewDto;
  /** For threats: the recorded outcome, `lapsed` once the deadline has passed with none, else `open`. */
  readonly threatStatus?: ThreatStatus;
  /** When the record was first recorded. */
  readonly recordedAt!: string;
  /** When this version was recorded. */
  readonly updatedAt!: string;
  readonly position!: string;
  /** `GET /records/{id}` only: every version, oldest first. */
  readonly history?: RecordHistoryEntryDto[];
}

@ApiSchema({ name: 'RecordPage' })
export class RecordPageDto implements RecordPage {
  readonly items!: RecordViewDto[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor!: string | null;
}

@ApiSchema({ name: 'KindCounts' })
export class KindCountsDto implements KindCounts {
  readonly statement!: number;
  readonly threat!: number;
  readonly denial!: number;
  readonly total!: number;
}

/** One measure over one bucket; null where the bucket holds no value. */
@ApiSchema({ name: 'MeasureStats' })
export class MeasureStatsDto implements MeasureStats {
  readonly mean!: number | null;
  readonly min!: number | null;
  readonly max!: number | null;
  readonly sum!: number;
  /** How many values the bucket holds. */
  readonly n!: number;
  /** The exponentially weighted mean of every value up to the bucket's end, weights halving every `halfLife`. */
  readonly ewma!: number | null;
  /** Rolling volatility: the sample standard deviation over the `volatilityWindow` buckets ending with this one. */
  readonly volatility!: number | null;
}

@ApiSchema({ name: 'ToneBucket' })
export class ToneBucketDto implements ToneBucket {
  /** Inclusive, in the view's time zone. */
  readonly start!: string;
  /** Exclusive. */
  readonly end!: string;
  readonly counts!: KindCountsDto;
  /** The Goldstein intensity of the acts. */
  readonly intensity!: MeasureStatsDto;
  /** The recorders' reading of how they were said. */
  readonly tone!: MeasureStatsDto;
}

@ApiSchema({ name: 'ToneView' })
export class ToneViewDto implements ToneView {
  readonly source!: string;
  readonly target!: string;
  readonly mode!: ToneMode;
  readonly bucket!: Bucket;
  readonly tz!: string;
  readonly from!: string;
  readonly to!: string;
  readonly asOf!: string | null;
  readonly halfLife!: string;
  /** Buckets in the rolling volatility's window. */
  readonly volatilityWindow!: number;
  readonly series!: ToneBucketDto[];
}

@ApiSchema({ name: 'ImportLineResult' })
export class ImportLineResultDto implements ImportLineResult {
  /** The line's number in the body, from 1. */
  readonly line!: number;
  readonly status!: 'created' | 'unchanged' | 'refused';
  readonly id?: string;
  readonly stream?: string;
  /** Why the line was refused. */
  readonly problem?: ProblemDto;
}

@ApiSchema({ name: 'ImportReport' })
export class ImportReportDto implements ImportReport {
  readonly received!: number;
  readonly created!: number;
  readonly unchanged!: number;
  readonly refused!: number;
  readonly results!: ImportLineResultDto[];
}

/** Which events a webhook subscription receives; absent lists match everything. */
@ApiSchema({ name: 'SubscriptionFilter' })
export class SubscriptionFilterViewDto implements SubscriptionFilter {
  readonly types?: string[];
  readonly actors?: string[];
  /** Directed dyads, `source~target`. */
  readonly dyads?: string[];
  readonly kinds?: RecordKind[];
}

@ApiSchema({ name: 'SubscriptionLag' })
export class SubscriptionLagDto implements SubscriptionLag {
  /** Matching events after the checkpoint, not yet acknowledged. */
  readonly events!: number;
}

/** A webhook subscription as the API shows it: never its secret. */
@ApiSchema({ name: 'Subscription' })
export class SubscriptionViewDto implements SubscriptionView {
  readonly id!: string;
  readonly url!: string;
  readonly description!: string | null;
  readonly filter!: SubscriptionFilterViewDto;
  /** `paused` after repeated failures, until an operator resumes it. */
  readonly state!: SubscriptionState;
  /** The last event acknowledged (a position token); null before the first. */
  readonly position!: string | null;
  readonly lag!: SubscriptionLagDto;
  readonly consecutiveFailures!: number;
  readonly pausedReason!: string | null;
  readonly pausedAt!: string | null;
  readonly lastDeliveredAt!: string | null;
  readonly createdAt!: string;
}

@ApiSchema({ name: 'CreatedSubscription' })
export class CreatedSubscriptionDto extends SubscriptionViewDto implements CreatedSubscription {
  /** Shown once, at creation: receivers verify the Standard Webhooks signatures with it. */
  readonly secret!: string;
}

@ApiSchema({ name: 'SubscriptionPage' })
export class SubscriptionPageDto {
  readonly items!: SubscriptionViewDto[];
  /** Always null: every subscription is on the one page. */
  readonly nextCursor!: string | null;
}

/** A position token, which the plugin reads (a branded string type) as an object. */
const PositionToken = (nullable = false): PropertyDecorator =>
  ApiProperty({
    type: 'string',
    nullable,
    pattern: '^[0-9a-f]{32}$',
    description: 'A position in the log: an opaque token that sorts in log order',
  });

/** One failed delivery attempt. */
@ApiSchema({ name: 'DeliveryFailure' })
export class DeliveryFailureDto implements DeliveryFailure {
  @PositionToken() readonly position!: Position;
  readonly eventId!: string;
  readonly attempt!: number;
  /** The receiver's HTTP status, or null when no response came (refused, timed out). */
  readonly status!: number | null;
  readonly error!: string;
  readonly at!: string;
}

@ApiSchema({ name: 'DeliveryFailurePage' })
export class DeliveryFailurePageDto {
  readonly items!: DeliveryFailureDto[];
  readonly nextCursor!: string | null;
}

/** The event a projection failed on. */
@ApiSchema({ name: 'ProjectionFailure' })
export class ProjectionFailureDto implements ProjectionFailure {
  /** Which generation failed: the live one, or the one a rebuild fills. */
  readonly feed!: 'live' | 'rebuild';
  readonly message!: string;
  @PositionToken() readonly position!: Position;
  readonly eventId!: string;
  readonly type!: string;
  readonly stream!: string;
  readonly at!: string;
}

@ApiSchema({ name: 'RebuildProgress' })
export class RebuildProgressDto implements RebuildProgress {
  readonly version!: number;
  readonly generation!: number;
  /** Events applied so far. */
  readonly done!: number;
  readonly total!: number | null;
  readonly ratePerSecond!: number | null;
  readonly etaSeconds!: number | null;
  readonly startedAt!: string | null;
  @PositionToken(true) readonly checkpoint!: Position | null;
}

/** An event an operator skipped, and why. */
@ApiSchema({ name: 'SkippedEvent' })
export class SkippedEventDto {
  readonly position!: string;
  readonly eventId!: string;
  readonly type!: string;
  readonly stream!: string;
  readonly error!: string;
  readonly reason!: string;
  readonly skippedAt!: string;
}

@ApiSchema({ name: 'ProjectionLag' })
export class ProjectionLagDto implements ProjectionLag {
  /** Events of the projection's part of the log it has not applied yet. */
  readonly events!: number;
  /** How long the oldest of them has waited, by recorded time (null when it cannot be read). */
  readonly seconds!: number | null;
}

@ApiSchema({ name: 'ProjectionStatus' })
export class ProjectionStatusDto implements ProjectionStatus {
  readonly name!: string;
  /** The version of the generation queries read. */
  readonly version!: number;
  /** The version this code builds; differs from `version` until a rebuild swaps in. */
  readonly codeVersion!: number;
  readonly generation!: number;
  readonly state!: ProjectionState;
  /** The position of the last event the live generation applied, or null before the first. */
  @PositionToken(true) readonly checkpoint!: Position | null;
  readonly lastError!: ProjectionFailureDto | null;
  readonly rebuild!: RebuildProgressDto | null;
  readonly skipped!: SkippedEventDto[];
}

/** A projection's status with how far it is behind the log (null while stopped). */
@ApiSchema({ name: 'ProjectionReport' })
export class ProjectionReportDto extends ProjectionStatusDto {
  readonly lag!: ProjectionLagDto | null;
}

@ApiSchema({ name: 'ProjectionReportList' })
export class ProjectionReportListDto {
  readonly items!: ProjectionReportDto[];
}
