/**
 * The records capability's public face: what the other capabilities (analytics) and the
 * application may use of it. Anything not named here is its own business.
 */
import { recordsProjection } from './get-records/records.projection';
import type { Projection } from '../projections/projection';
import type { SameEventRule } from './domain/same-event';
import { createToneProjection, toneProjection } from './get-tone/tone.projection';

export { RecordsModule } from './records.module';
export { RECORD_EVENT_TYPES } from './domain/record-event-types';
export { round } from './domain/tone-series';
export { RecordReader, type RecordView } from './get-records/record-reader';
export { TONE_MODES, type DyadSelector, type ToneMode } from './dyad-scope';
export { ToneReader } from './get-tone/tone-reader';
export { rangeInstant } from './get-tone/range-instant';
export { AsOfQueryDto, MAX_PAGE } from './http/records-query.dto';
export { ImportReportDto } from './http/records-responses.dto';
export { RECORD_INPUT_PARSER, parseRecordInput } from './create-record/parse-record-input';
// Assisted coding records an accepted suggestion through the same command as `POST /records`.
export { CreateRecordCommand } from './create-record/create-record.command';
export {
  RecordImporter,
  ImportAbandoned,
  type DraftImport,
  type ImportLineResult,
  type ImportReport,
} from './import-records/record-importer';
export {
  DATASETS,
  PRECISIONS,
  THREAT_INSTRUMENTS,
  type Dataset,
  type Precision,
  type RecordDraft,
} from './domain/record';
// The export as `GET /export` makes it, for `parley export`.
export { ExportQueryDto } from './http/records-query.dto';
export { recordFilter } from './http/records.controller';
export { ExportRecordsQuery } from './get-records/get-records.query';
export { exportBody } from './http/export.controller';

/** The read models this capability keeps (run by the projection engine), by the default rules. */
export const RECORD_PROJECTIONS = [recordsProjection, toneProjection] as const;

/** The read models under the configured same-event rule (PARLEY_SAME_EVENT). */
export function recordProjections(sameEvent: SameEventRule): readonly Projection[] {
  return [recordsProjection, createToneProjection(undefined, sameEvent)];
}
