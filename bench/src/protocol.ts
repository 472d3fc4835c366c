import type { LogShape } from './dataset';
import type { AppendSide } from './workloads/append';
import type { DeepAppendSpec } from './workloads/deep-append';
import type { GdeltSpec } from './workloads/gdelt';
import type { ImportSpec } from './workloads/import';
import type { ReadAllSide } from './workloads/read-all';

/** What the orchestrator asks one child process to run; its answer is one `@@result` line. */
export type WorkloadSpec =
  | { kind: 'append'; side: AppendSide; batchSize: number; events: number; file: string }
  | { kind: 'read-all'; side: ReadAllSide; file: string }
  | { kind: 'generate'; file: string; shape: LogShape }
  | { kind: 'rebuild'; side: 'ours' | 'limit'; file: string }
  | { kind: 'bare-queries'; file: string; seconds: number; rollupMembers: number }
  | { kind: 'http-append'; file: string; seconds: number; profileDir?: string }
  | { kind: 'http-query'; file: string; seconds: number; rounds: number; profileDir?: string }
  | { kind: 'http-tone-deep'; file: string; seconds: number; profileDir?: string }
  | ({ kind: 'deep-append' } & DeepAppendSpec & { profileDir?: string })
  | ({ kind: 'import' } & ImportSpec)
  | { kind: 'feed'; file: string; records: number; profileDir?: string }
  | { kind: 'coding'; file: string; rounds: number; profileDir?: string }
  | ({ kind: 'gdelt' } & GdeltSpec);

export const RESULT_PREFIX = '@@result ';
/** A workload's figures so far: what the conductor keeps if the workload runs out of time. */
export const PARTIAL_PREFIX = '@@partial ';

/** Writes the figures so far (with this process's peak RSS) as a `@@partial` line. */
export function reportPartial(figures: object): void {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${PARTIAL_PREFIX}${JSON.stringify({ ...figures, maxRssMb })}\n`);
}
