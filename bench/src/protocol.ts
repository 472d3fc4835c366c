import type { LogShape } from './dataset';
import type { AppendSide } from './workloads/append';
import type { ReadAllSide } from './workloads/read-all';

/** What the orchestrator asks one child process to run; its answer is one `@@result` line. */
export type WorkloadSpec =
  | { kind: 'append'; side: AppendSide; batchSize: number; events: number; file: string }
  | { kind: 'read-all'; side: ReadAllSide; file: string }
  | { kind: 'generate'; file: string; shape: LogShape }
  | { kind: 'rebuild'; side: 'ours' | 'limit'; file: string }
  | { kind: 'bare-queries'; file: string; seconds: number }
  | { kind: 'http-append'; file: string; seconds: number; profileDir?: string }
  | { kind: 'http-query'; file: string; seconds: number; profileDir?: string }
  | { kind: 'feed'; file: string; records: number; profileDir?: string };

export const RESULT_PREFIX = '@@result ';
