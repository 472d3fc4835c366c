import { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/app';
import { authHeaders } from '../support/api-keys';
import { api, raw } from '../support/client';
import { countEvents } from '../support/store';
import type { ProblemBody, RecordBody, WriteReceiptBody } from '../support/responses';

/** A news article written for this test: names, places and quotes are invented. */
const ARTICLE = [
  'Ostrovia threatens Ruritania with tariffs over border dispute',
  '',
  'OSTROVA CITY - Ostrovia\'s foreign minister Marta Kovalenko warned Ruritania on Sunday that her government had run out of patience. "We will impose tariffs of 50 percent on every Ruritanian import if the border stays closed," Kovalenko said.',
  '',
  'Ruritania\'s president Pavel Drozd dismissed the warning. "We have never closed the border to Ostrovian trucks," Drozd told reporters in the capital.',
  '',
  '"The talks are over for this year," said Ivan Petrenko, a trade official who was not authorised to speak publicly.',
].join('\n');

const PUBLISHED_AT = '2026-03-02T09:00:00Z';

interface Span {
  text: string;
  start: number;
  end: number;
}
interface Resolution {
  span: Span | null;
  resolved: { actorId: string; name: string; score: number } | null;
  candidates: { actorId: string; score: number }[];
  how: string;
}
interface Suggestion {
  id: string;
  status: string;
  key: string;
  quote: Span & { reported: boolean };
  sentence: Span;
  speaker: Resolution;
  target: Resolution;
  kind: 'statement' | 'threat' | 'denial';
  cameo: { code: string; score: number; label: string }[];
  tone: { value: number; basis: string };
  date: { occurredAt: string; precision: string } | null;
}
interface StoredEvent {
  data: { recordId?: string };
  metadata: { assisted?: { suggestionId: string; changed: string[] } };
}
interface Suggestions {
  article: { hash: string; words: number; language: string };
  suggestions: Suggestion[];
  hiddenAsRejected: number;
}

describe('assisted coding', () => {
  let t: TestApp;
  const client = () => api(t.baseUrl);

  const suggest = (text = ARTICLE) =>
    client().post<Suggestions>('/coding/suggestions', {
      text,
      publishedAt: PUBLISHED_AT,
      outlet: 'The Ostrovian Herald',
      title: 'Ostrovia threatens Ruritania with tariffs over border dispute',
      url: 'https://example.org/ostrovia-tariffs',
    });

  const quoted = (answer: Suggestions, words: string): Suggestion => {
    const found = answer.suggestions.find((s) => s.quote.text.includes(words));
    if (!found)
      throw new Error(
        `no suggestion quotes "${words}": ${answer.suggestions.map((s) => s.quote.text).join(' | ')}`,
      );
    return found;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const actors = [
      { id: 'marta-kovalenko', name: 'Marta Kovalenko', kind: 'person', aliases: ['Kovalenko'] },
      { id: 'pavel-drozd', name: 'Pavel Drozd', kind: 'person', aliases: ['Drozd'] },
      { id: 'ostrovia', name: 'Ostrovia', kind: 'state', aliases: ['Ostrova City'] },
      { id: 'ruritania', name: 'Ruritania', kind: 'state', aliases: [] },
    ];
    for (const actor of actors) {
      const response = await client().post('/actors', actor);
      if (response.status !== 201) throw new Error(`actor ${actor.id}: ${response.text}`);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('suggests each quote with offsets that slice the text, and records nothing', async () => {
    const before = await countEvents(t);
    const response = await suggest();
    expect(response.status).toBe(200);
    const answer = response.body;
    expect(answer.article.language).toBe('en');
    expect(answer.hiddenAsRejected).toBe(0);
    expect(answer.article.words).toBe(ARTICLE.split(/\s+/).length);
    expect(answer.suggestions.length).toBeGreaterThanOrEqual(3);
    for (const s of answer.suggestions) {
      expect(ARTICLE.slice(s.quote.start, s.quote.end)).toBe(s.quote.text);
      expect(ARTICLE.slice(s.sentence.start, s.sentence.end)).toBe(s.sentence.text);
      expect(s.status).toBe('open');
      expect(s.cameo.length).toBeGreaterThanOrEqual(1);
    }
    const threat = quoted(answer, 'We will impose tariffs of 50 percent');
    expect(threat.speaker.resolved?.actorId).toBe('marta-kovalenko');
    const denial = quoted(answer, 'We have never closed the border');
    expect(denial.speaker.resolved?.actorId).toBe('pavel-drozd');
    // Nobody the directory knows: the recorder is told so, with the words the text uses.
    const unknown = quoted(answer, 'The talks are over');
    expect(unknown.speaker.resolved).toBeNull();
    expect(await countEvents(t)).toBe(before);
    const read = await client().get<Suggestion>(`/coding/suggestions/${threat.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: threat.id, status: 'open', quote: threat.quote });
  });

  it('records an accepted suggestion, with the edits, marked as assisted in its event', async () => {
    const threat = quoted((await suggest()).body, 'We will impose tariffs of 50 percent');
    const accepted = await client().post<WriteReceiptBody>(
      `/coding/suggestions/${threat.id}/accept`,
      {
        edits: {
          target: 'ruritania',
          occurredAt: '2026-03-01T12:00:00+02:00',
          precision: 'day',
          topics: ['tariffs', 'border'],
        },
      },
    );
    expect(accepted.status).toBe(201);
    const recordId = accepted.body.id;
    expect(accepted.headers.get('location')).toBe(`/records/${recordId}`);

    const record = await client().get<RecordBody>(`/records/${recordId}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      source: 'marta-kovalenko',
      target: 'ruritania',
      quote: threat.quote.text,
      topics: ['tariffs', 'border'],
      citation: {
        outlet: 'The Ostrovian Herald',
        url: 'https://example.org/ostrovia-tariffs',
      },
    });

    // As an operator reads the log: the event says the record was assisted, and what changed.
    const events = await client().get<{ items: StoredEvent[] }>(
      `/streams/${accepted.body.stream}/events`,
    );
    expect(events.status).toBe(200);
    const created = events.body.items.find((e) => e.data.recordId === recordId);
    expect(created?.metadata.assisted?.suggestionId).toBe(threat.id);
    expect(created?.metadata.assisted?.changed).toContain('topics');
    expect(created?.metadata.assisted?.changed).not.toContain('quote');
    expect(created?.metadata.assisted?.changed).not.toContain('source');

    // A retried accept is the same record, not a second one.
    const before = await countEvents(t);
    const again = await client().post<WriteReceiptBody>(`/coding/suggestions/${threat.id}/accept`, {
      edits: {
        target: 'ruritania',
        occurredAt: '2026-03-01T12:00:00+02:00',
        precision: 'day',
        topics: ['tariffs', 'border'],
      },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(recordId);
    expect(await countEvents(t)).toBe(before);
    const read = await client().get<{ status: string; recordId: string }>(
      `/coding/suggestions/${threat.id}`,
    );
    expect(read.body).toMatchObject({ status: 'accepted', recordId });
  });

  it('refuses to accept an unresolved speaker until the recorder names one', async () => {
    const unknown = quoted((await suggest()).body, 'The talks are over');
    const before = await countEvents(t);
    const refused = await client().post<ProblemBody>(`/coding/suggestions/${unknown.id}/accept`, {
      edits: { target: 'ruritania', occurredAt: '2026-03-01T12:00:00Z', precision: 'day' },
    });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('/problems/coding-actor-unresolved');
    expect(refused.body.errors?.[0]?.field).toBe('source');
    expect(await countEvents(t)).toBe(before);

    const named = await client().post<WriteReceiptBody>(
      `/coding/suggestions/${unknown.id}/accept`,
      {
        edits: {
          source: 'ostrovia',
          target: 'ruritania',
          occurredAt: '2026-03-01T12:00:00Z',
          precision: 'day',
        },
      },
    );
    expect(named.status).toBe(201);
    const events = await t.app.get(EventStore).readStream(named.body.stream);
    const created = events.find(
      (e) => (e.data as { recordId?: string }).recordId === named.body.id,
    );
    expect(created?.metadata.assisted?.changed).toContain('source');
  });

  it('names the field a bad edit breaks, by the records’ own rules', async () => {
    const denial = quoted((await suggest()).body, 'We have never closed the border');
    const refused = await client().post<ProblemBody>(`/coding/suggestions/${denial.id}/accept`, {
      edits: {
        target: 'ruritania',
        tone: 42,
        occurredAt: '2026-03-01T12:00:00Z',
        precision: 'day',
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toContain('tone');
  });

  it('does not offer a rejected quote again when the same article is coded again', async () => {
    const first = (await suggest()).body;
    const denial = quoted(first, 'We have never closed the border');
    const rejected = await client().post<{ status: string }>(
      `/coding/suggestions/${denial.id}/reject`,
      {},
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');

    const second = (await suggest()).body;
    expect(second.suggestions.map((s) => s.quote.text)).not.toContain(denial.quote.text);
    expect(second.hiddenAsRejected).toBeGreaterThanOrEqual(1);
    expect(second.suggestions.length).toBe(first.suggestions.length - second.hiddenAsRejected);

    // Rejected is final: it is not recorded afterwards.
    const accept = await client().post<ProblemBody>(`/coding/suggestions/${denial.id}/accept`, {});
    expect(accept.status).toBe(409);
    expect(accept.body.type).toBe('/problems/coding-suggestion-closed');
  });

  it('answers an unknown suggestion 404', async () => {
    const response = await client().get<ProblemBody>(
      '/coding/suggestions/00000000-0000-4000-8000-000000000000',
    );
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });

  describe('bad articles get a problem naming text, never a 5xx', () => {
    const expectProblem = (
      response: { status: number; contentType: string; body: ProblemBody },
      status: number,
      type: string,
    ) => {
      expect(response.status).toBe(status);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe(type);
    };

    it('refuses empty and blank text', async () => {
      for (const text of ['', '   \n\t  ']) {
        const response = await client().post<ProblemBody>('/coding/suggestions', { text });
        expectProblem(response, 400, '/problems/validation-failed');
        expect(response.body.errors?.[0]?.field).toBe('text');
      }
      const missing = await client().post<ProblemBody>('/coding/suggestions', {});
      expectProblem(missing, 400, '/problems/validation-failed');
      expect(missing.body.errors?.[0]?.field).toBe('text');
    });

    it('refuses 5 MB of text as too large', async () => {
      const text = 'The minister said the talks would go on. '.repeat(125_000);
      const response = await client().post<ProblemBody>('/coding/suggestions', { text });
      expectProblem(response, 413, '/problems/body-too-large');
    });

    it('refuses binary content', async () => {
      const binary = 'PK\u0003\u0004\u0000\u0000\u0008\u0000' + 'x\u0000\u0001\u0002'.repeat(200);
      const response = await client().post<ProblemBody>('/coding/suggestions', { text: binary });
      expectProblem(response, 400, '/problems/coding-article-unreadable');
      expect(response.body.errors?.[0]?.field).toBe('text');
      const octets = await client().post<ProblemBody>(
        '/coding/suggestions',
        raw(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0xff, 0xfe]), 'application/octet-stream'),
      );
      expect(octets.status).toBe(415);
      expect(octets.contentType).toMatch(/^application\/problem\+json/);
    });

    it('refuses another language, naming it', async () => {
      const french =
        "Le ministre des Affaires étrangères a déclaré dimanche que son gouvernement imposerait des droits de douane de 50 % si la frontière restait fermée. « Nous n'avons jamais fermé la frontière », a répondu le président.";
      const russian =
        'Министр иностранных дел заявил в воскресенье, что правительство введёт пошлины в размере 50 процентов, если граница останется закрытой. «Мы никогда не закрывали границу», — ответил президент.';
      for (const [text, language] of [
        [french, 'fr'],
        [russian, 'ru'],
      ] as const) {
        const response = await client().post<ProblemBody & { language?: string }>(
          '/coding/suggestions',
          { text },
        );
        expectProblem(response, 422, '/problems/coding-language-unsupported');
        expect(response.body.errors?.[0]?.field).toBe('text');
        expect(response.body.language).toBe(language);
      }
    });
  });

  it('refuses an article over its own limit when the body limit lets it through', async () => {
    const roomy = await startTestApp({ env: { PARLEY_BODY_LIMIT: String(4 * 1024 * 1024) } });
    try {
      const text = 'The minister said the talks would go on. '.repeat(25_000);
      expect(text.length).toBeGreaterThan(1_000_000);
      const response = await api(roomy.baseUrl).post<ProblemBody & { limit?: number }>(
        '/coding/suggestions',
        { text },
      );
      expect(response.status).toBe(413);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('/problems/coding-article-too-large');
      expect(response.body.errors?.[0]?.field).toBe('text');
      expect(response.body.limit).toBe(1_000_000);
    } finally {
      await roomy.close();
    }
  });

  it('is for recorders: an analyst or a subscriber key is refused', async () => {
    for (const key of ['analyst', 'subscriber'] as const) {
      const response = await api(t.baseUrl, authHeaders(key).authorization).post<ProblemBody>(
        '/coding/suggestions',
        { text: ARTICLE },
      );
      expect(response.status).toBe(403);
    }
    const recorder = await api(t.baseUrl, authHeaders('recorder').authorization).post(
      '/coding/suggestions',
      { text: ARTICLE },
    );
    expect(recorder.status).toBe(200);
  });
});
