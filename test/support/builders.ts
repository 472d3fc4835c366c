/**
 * The world a test writes through the API: fresh actors (so that tests never share a
 * dyad), their affiliations, and valid record bodies.
 */
import { randomUUID } from 'node:crypto';
import { api } from './client';
import type { WriteReceiptBody } from './responses';

/** A fresh actor id, so that tests never share a dyad. */
export function actorId(prefix = 'a'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export type ActorKindName =
  'person' | 'office' | 'government' | 'state' | 'organisation' | 'coalition';

/** Registers actors (as persons unless given as `[id, kind]`); fails the test on anything but 201. */
export async function registerActors(
  baseUrl: string,
  ...actors: (string | readonly [string, ActorKindName])[]
): Promise<void> {
  const client = api(baseUrl);
  for (const actor of actors) {
    const [id, kind] = typeof actor === 'string' ? [actor, 'person' as const] : actor;
    const response = await client.post('/actors', { id, name: `Actor ${id}`, kind });
    if (response.status !== 201)
      throw new Error(`Registering ${id} answered ${response.status}: ${response.text}`);
  }
}

/** Two newly registered actors: a dyad no other test writes to. */
export async function freshDyad(baseUrl: string): Promise<[string, string]> {
  const source = actorId();
  const target = actorId();
  await registerActors(baseUrl, source, target);
  return [source, target];
}

/** Affiliates `actor` to `parent` from `from` (inclusive) to `to` (exclusive). */
export async function affiliate(
  baseUrl: string,
  actor: string,
  parent: string,
  from: string,
  to?: string,
): Promise<void> {
  const response = await api(baseUrl).post(`/actors/${actor}/affiliations`, {
    parent,
    from,
    ...(to === undefined ? {} : { to }),
  });
  if (response.status !== 201)
    throw new Error(
      `Affiliating ${actor} to ${parent} answered ${response.status}: ${response.text}`,
    );
}

export type RecordInput = Record<string, unknown>;

/**
 * A valid record body as `POST /records` takes it: a statement unless `kind` says
 * otherwise, in which case the kind's required part (threat terms, denied claim) is
 * added unless given. Overrides replace fields; an override of `undefined` removes one.
 */
export function recordBody(
  overrides: RecordInput & { source: string; target: string },
): RecordInput {
  const kind = typeof overrides.kind === 'string' ? overrides.kind : 'statement';
  const base: RecordInput = {
    id: randomUUID(),
    kind,
    occurredAt: '2025-03-30T14:00:00-04:00',
    precision: 'instant',
    quote: 'We will see what happens.',
    citation: { outlet: 'Test Wire', title: 'A test report' },
    topics: ['testing'],
    ...(kind === 'threat'
      ? { threat: { instrument: 'tariff', magnitude: '50%', condition: 'no ceasefire' } }
      : {}),
    ...(kind === 'denial' ? { denial: { claim: 'what was said' } } : {}),
  };
  const merged: RecordInput = { ...base, ...overrides };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

/** POSTs a record and fails unless it was created; returns the receipt. */
export async function createRecord(baseUrl: string, body: RecordInput): Promise<WriteReceiptBody> {
  const response = await api(baseUrl).post<WriteReceiptBody>('/records', body);
  if (response.status !== 201)
    throw new Error(`POST /records answered ${response.status}: ${response.text}`);
  return response.body;
}
