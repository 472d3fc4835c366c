/*
 * What the analytical reads answer (shifts, credibility), as classes for the OpenAPI
 * document. The readers answer plain objects typed by interfaces, which leave nothing at
 * run time to describe; each class implements its reader's interface, so the compiler
 * refuses a class that drifts from what is actually sent. The Nest swagger plugin's
 * metadata (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ToneMode } from '../../records';
import type { CredibilityEstimate, ThreatFate, ThreatTally } from '../domain/credibility';
import type {
  ActorCredibility,
  CredibilityPage,
  CredibilityThreat,
  RankedCredibility,
} from '../get-credibility/credibility-reader';
import type {
  ShiftMeasure,
  ShiftMethod,
  ShiftParameters,
  ShiftSegment,
  ShiftsView,
  ToneShift,
} from '../get-shifts/shifts-reader';

/** The change-point method, with the paper it comes from. */
@ApiSchema({ name: 'ShiftMethod' })
export class ShiftMethodDto implements ShiftMethod {
  readonly name!: 'PELT';
  readonly cost!: 'Gaussian change in mean (sum of squared deviations from the segment mean)';
  readonly citation!: ShiftMethod['citation'];
  readonly doi!: '10.1080/01621459.2012.737745';
  /** How σ̂ is estimated from the series. */
  readonly sigmaEstimator!: ShiftMethod['sigmaEstimator'];
}

@ApiSchema({ name: 'ShiftParameters' })
export class ShiftParametersDto implements ShiftParameters {
  /** `bic` (2 σ̂² ln n, the default) or β as given, in squared measure units. */
  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['bic'] },
      { type: 'number', minimum: 0 },
    ],
  })
  readonly penalty!: 'bic' | number;
  /** β as applied, in squared measure units. */
  readonly penaltyValue!: number;
  /** σ̂, the robust noise estimate the BIC penalty is built on. */
  readonly sigma!: number;
  /** The fewest records a segment may hold. */
  readonly minSegment!: number;
}

/** A stretch of records between two shifts, with the measure's mean over it. */
@ApiSchema({ name: 'ShiftSegment' })
export class ShiftSegmentDto implements ShiftSegment {
  /** occurredAt of the segment's first record, in the request's zone. */
  readonly start!: string;
  /** occurredAt of its last record. */
  readonly end!: string;
  /** Records in the segment. */
  readonly n!: number;
  readonly mean!: number;
  readonly firstRecordId!: string;
  readonly lastRecordId!: string;
}

/** A change in the measure's mean between two segments. */
@ApiSchema({ name: 'ToneShift' })
export class ToneShiftDto implements ToneShift {
  /** occurredAt of the first record after the change. */
  readonly at!: string;
  /** The mean of the segment before. */
  readonly before!: number;
  /** The mean of the segment after. */
  readonly after!: number;
  /** after − before. */
  readonly delta!: number;
  /** The last record before the change. */
  readonly recordBefore!: string;
  /** The first record after it. */
  readonly recordAfter!: string;
}

/** Where a dyad's per-record series of tone or intensity changes its mean (PELT change points). */
@ApiSchema({ name: 'ShiftsView' })
export class ShiftsViewDto implements ShiftsView {
  readonly source!: string;
  readonly target!: string;
  readonly mode!: ToneMode;
  readonly measure!: ShiftMeasure;
  readonly tz!: string;
  /** Occurrence time, inclusive, in `tz`; null when the range is open. */
  readonly from!: string | null;
  /** Occurrence time, exclusive, in `tz`. */
  readonly to!: string;
  readonly asOf!: string | null;
  readonly method!: ShiftMethodDto;
  readonly parameters!: ShiftParametersDto;
  /** Records in the series: those with a value of the measure, in occurredAt order. */
  readonly n!: number;
  readonly segments!: ShiftSegmentDto[];
  readonly shifts!: ToneShiftDto[];
}

/** An actor's threats by fate. */
@ApiSchema({ name: 'ThreatTally' })
export class ThreatTallyDto implements ThreatTally {
  readonly total!: number;
  readonly open!: number;
  readonly carriedOut!: number;
  readonly withdrawn!: number;
  readonly lapsed!: number;
  /** carriedOut + withdrawn + lapsed: the threats whose fate is known. */
  readonly settled!: number;
}

/** The Beta(1, 1) posterior of the share of settled threats carried out. */
@ApiSchema({ name: 'CredibilityEstimate' })
export class CredibilityEstimateDto implements CredibilityEstimate {
  /** The posterior mean, (k + 1) / (n + 2). */
  readonly mean!: number;
  /** The equal-tailed credible interval's lower bound. */
  readonly lower!: number;
  readonly upper!: number;
  /** The interval's level (0.95). */
  readonly level!: number;
}

/** One threat the actor made, with its fate as of `asOf`. */
@ApiSchema({ name: 'CredibilityThreat' })
export class CredibilityThreatDto implements CredibilityThreat {
  /** The threat record's id. */
  readonly id!: string;
  readonly target!: string;
  readonly occurredAt!: string;
  readonly deadline!: string | null;
  /** `lapsed` once the deadline has passed with no outcome recorded. */
  readonly fate!: ThreatFate;
}

/** How far an actor's threats are to be believed: the share of settled ones carried out. */
@ApiSchema({ name: 'ActorCredibility' })
export class ActorCredibilityDto implements ActorCredibility {
  readonly actor!: string;
  readonly name!: string;
  readonly asOf!: string | null;
  readonly threats!: ThreatTallyDto;
  /** carriedOut / settled; null while nothing is settled. */
  readonly ratio!: number | null;
  readonly estimate!: CredibilityEstimateDto;
  readonly items!: CredibilityThreatDto[];
}

@ApiSchema({ name: 'RankedCredibility' })
export class RankedCredibilityDto implements RankedCredibility {
  /** 1 for the most credible: by posterior mean, then more settled threats, then id. */
  readonly rank!: number;
  readonly actor!: string;
  readonly name!: string;
  readonly threats!: ThreatTallyDto;
  /** carriedOut / settled; null while nothing is settled. */
  readonly ratio!: number | null;
  readonly estimate!: CredibilityEstimateDto;
}

@ApiSchema({ name: 'CredibilityPage' })
export class CredibilityPageDto implements CredibilityPage {
  readonly asOf!: string | null;
  readonly items!: RankedCredibilityDto[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor!: string | null;
}
