/*
 * What the tone view answers, as classes for the OpenAPI document; see
 * records-responses.dto.ts for why classes and how they are described.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { Bucket, KindCounts, MeasureStats, ToneBucket } from '../domain/tone-series';
import type { ToneMode } from '../dyad-scope';
import type { ToneView } from '../get-tone/tone-reader';

@ApiSchema({ name: 'KindCounts' })
export class KindCountsDto implements KindCounts {
  readonly statement!: number;
  readonly threat!: number;
  readonly denial!: number;
  readonly action!: number;
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
