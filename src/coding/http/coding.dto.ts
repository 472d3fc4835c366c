import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from '../../http/validators';

/** An article to code, as `POST /coding/suggestions` takes it. */
export class SuggestArticleDto {
  /** The article's text, plain (not HTML); English. Checked for size, binary content and language. */
  @IsString() text!: string;
  /** When it was published: the reference for "on Sunday", "last week". */
  @IsOptional() @IsInstant() publishedAt?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) outlet?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) title?: string;
  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) url?: string;
}

/** `POST /coding/suggestions/{id}/accept`: the record fields the recorder changed, if any. */
export class AcceptSuggestionDto {
  /**
   * Any of kind, source, target, occurredAt, precision, quote, citation (merged field by
   * field with the article's), topics, code, tone, confidence, note, threat, denial; each
   * checked by the same rules as `POST /records`.
   */
  @IsOptional() @IsObject() @Type(() => Object) edits?: Record<string, unknown>;
}
