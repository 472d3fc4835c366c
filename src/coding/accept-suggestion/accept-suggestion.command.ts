import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import type { CommandContext } from '../../common/command-context';
import { BadInput, Conflict, NotFound, Refused } from '../../common/domain-error';
import type { WriteReceipt } from '../../common/write-receipt';
import { CreateRecordCommand, parseRecordInput } from '../../records';
import { SuggestionStore } from '../suggestion.store';
import { applyEdits, EDITABLE_FIELDS, suggestedRecord, type RecordEdits } from './suggested-record';

/**
 * The UUID v5 namespace of records accepted from suggestions (a random v4, 2026-12-06;
 * never to change): the record's id derives from the suggestion's, so a retried accept
 * is the same record, answered with the same receipt.
 */
export const ACCEPTED_RECORD_NAMESPACE = 'b1f0a0e2-5c0d-4f7e-9a43-2d6f1c8e7b15';

export function acceptedRecordId(suggestionId: string): string {
  return uuidv5(suggestionId, ACCEPTED_RECORD_NAMESPACE);
}

/** A problem with the record the accept would write: one entry per failing field. */
export class AcceptedRecordInvalid extends Error {
  override readonly name = 'AcceptedRecordInvalid';
  constructor(readonly problems: readonly { readonly field: string; readonly message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** Records a suggestion, edited or not, as an ordinary record marked as assisted. */
export class AcceptSuggestionCommand extends Command<WriteReceipt> {
  constructor(
    readonly suggestionId: string,
    readonly edits: RecordEdits,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AcceptSuggestionCommand)
export class AcceptSuggestionHandler implements ICommandHandler<
  AcceptSuggestionCommand,
  WriteReceipt
> {
  constructor(
    @Inject(SuggestionStore) private readonly store: SuggestionStore,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({ suggestionId, edits, context }: AcceptSuggestionCommand): Promise<WriteReceipt> {
    const suggestion = this.store.get(suggestionId);
    if (!suggestion) throw new NotFound(`No suggestion has id "${suggestionId}"`);
    if (suggestion.status === 'rejected') {
      throw new Conflict(
        'coding-suggestion-closed',
        'The suggestion was rejected; it cannot be accepted',
      );
    }
    const unknown = Object.keys(edits).filter(
      (field) => !(EDITABLE_FIELDS as readonly string[]).includes(field),
    );
    if (unknown.length > 0) {
      throw new BadInput(`edits may not change ${unknown.join(', ')}`, `edits.${unknown[0]}`);
    }
    const { candidate } = suggestion;
    const { record, changed } = applyEdits(suggestedRecord(candidate, suggestion.article), edits);
    // A kind changed by the recorder takes its own terms: a threat's terms do not follow it to a statement.
    if (record.kind !== 'threat' && edits.threat === undefined) delete record.threat;
    if (record.kind !== 'denial' && edits.denial === undefined) delete record.denial;
    for (const [field, role] of [
      ['source', 'speaker'],
      ['target', 'target'],
    ] as const) {
      if (record[field] === undefined) {
        const resolution = role === 'speaker' ? candidate.speaker : candidate.target;
        const said = resolution.span ? ` ("${resolution.span.text}")` : '';
        throw new Refused(
          'coding-actor-unresolved',
          `The suggestion's ${role}${said} is unresolved: name the actor in edits.${field}`,
          field,
        );
      }
    }
    if (record.occurredAt === undefined) {
      throw new Refused(
        'coding-date-unresolved',
        'The suggestion has no date the record can take: give edits.occurredAt and edits.precision',
        'occurredAt',
      );
    }
    const id = acceptedRecordId(suggestionId);
    const parsed = parseRecordInput({ ...record, id });
    if (!parsed.ok) throw new AcceptedRecordInvalid(parsed.problems);
    const receipt = await this.commands.execute(
      new CreateRecordCommand(parsed.draft, {
        context: { ...context, assisted: { suggestionId, changed } },
      }),
    );
    this.store.markAccepted(suggestionId, id);
    return receipt;
  }
}
