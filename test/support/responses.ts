/**
 * The shapes of the service's response bodies, as the end-to-end tests read them: each an
 * alias of the type generated from `/openapi.json` (src/page/assets/api-types.d.ts,
 * `npm run openapi:types`), so a shape is written once, in its DTO, and a test that names
 * one stays as it is.
 */
import type { components } from '../../src/page/assets/api-types';

type Schemas = components['schemas'];

export type WriteReceiptBody = Schemas['WriteReceipt'];
export type FieldProblemBody = Schemas['FieldProblem'];
export type ProblemBody = Schemas['Problem'];
export type RecordHistoryBody = Schemas['RecordHistoryEntry'];
export type RecordBody = Schemas['RecordView'];
export type RecordPageBody = Schemas['RecordPage'];
export type RecordKindName = RecordBody['kind'];
export type MeasureBody = Schemas['MeasureStats'];
export type ToneBucketBody = Schemas['ToneBucket'];
export type ToneViewBody = Schemas['ToneView'];
export type ImportReportBody = Schemas['ImportReport'];
