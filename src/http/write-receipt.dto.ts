import { ApiSchema } from '@nestjs/swagger';
import type { WriteReceipt } from '../common/write-receipt';

/**
 * Where a write's events landed: also sent as `ETag` (the revision) and `Location`.
 * The answer to every write of every capability (src/http/write-reply.ts sends it), so it
 * sits here rather than with any one of them; see problem.dto.ts for how it is described.
 */
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
