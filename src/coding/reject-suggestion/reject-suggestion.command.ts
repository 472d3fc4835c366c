import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conflict, NotFound } from '../../common/domain-error';
import { SuggestionStore, type SuggestionStatus } from '../suggestion.store';

/**
 * Rejects a suggestion: it is remembered by its key (article text and quote offsets), so
 * coding the same article again does not offer it. Nothing goes to the event log.
 */
export class RejectSuggestionCommand extends Command<{ id: string; status: SuggestionStatus }> {
  constructor(readonly suggestionId: string) {
    super();
  }
}

@CommandHandler(RejectSuggestionCommand)
export class RejectSuggestionHandler implements ICommandHandler<
  RejectSuggestionCommand,
  { id: string; status: SuggestionStatus }
> {
  constructor(@Inject(SuggestionStore) private readonly store: SuggestionStore) {}

  execute({
    suggestionId,
  }: RejectSuggestionCommand): Promise<{ id: string; status: SuggestionStatus }> {
    const suggestion = this.store.get(suggestionId);
    if (!suggestion) return Promise.reject(new NotFound(`No suggestion has id "${suggestionId}"`));
    if (suggestion.status === 'accepted') {
      return Promise.reject(
        new Conflict(
          'coding-suggestion-closed',
          'The suggestion was accepted: it is a record now; retract the record instead',
        ),
      );
    }
    // Rejecting twice is the same as once.
    this.store.reject(suggestionId, suggestion.candidate.key, new Date().toISOString());
    return Promise.resolve({ id: suggestionId, status: 'rejected' });
  }
}
