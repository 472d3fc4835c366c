import { ApiProperty } from '@nestjs/swagger';

/**
 * Describes a position token in the OpenAPI document. The swagger plugin reads the
 * branded `Position` type as an object, so each response class that shows one says so
 * with this decorator: a string the clients sort and resume from, never compute with.
 */
export const ApiPositionToken = (nullable = false): PropertyDecorator =>
  ApiProperty({
    type: 'string',
    nullable,
    pattern: '^[0-9a-f]{32}$',
    description: 'A position in the log: an opaque token that sorts in log order',
  });
