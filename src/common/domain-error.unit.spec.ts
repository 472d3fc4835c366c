import { BadInput, Conflict, DomainError, NotFound, Refused, UnknownActor } from './domain-error';

describe('domain errors', () => {
  it.each([
    [new UnknownActor('kremlin', 'target'), 'UnknownActor', 422, 'unknown-actor', 'target'],
    [new NotFound('No record with id x'), 'NotFound', 404, 'not-found', undefined],
    [new Refused('record-retracted', 'retracted'), 'Refused', 422, 'record-retracted', undefined],
    [new Refused('kind-rule', 'bad', 'threat'), 'Refused', 422, 'kind-rule', 'threat'],
    [new Conflict('actor-exists', 'taken', 'id'), 'Conflict', 409, 'actor-exists', 'id'],
    [new BadInput('unknown zone', 'tz'), 'BadInput', 400, 'validation-failed', 'tz'],
  ])('%s maps to its status, slug and field', (error, name, status, slug, field) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      status: error.status,
      slug: error.slug,
      field: error.field,
    }).toEqual({
      name,
      status,
      slug,
      field,
    });
  });

  it('keeps the message and names the unknown actor', () => {
    const error = new UnknownActor('kremlin');
    expect(error.message).toBe('No actor is registered with id "kremlin"');
    expect(error.actorId).toBe('kremlin');
  });
});
