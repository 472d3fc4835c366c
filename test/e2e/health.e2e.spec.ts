import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';

interface Readiness {
  status: string;
  store: string;
  projections: { name: string; state: string }[];
}

describe('health for orchestrators', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is live while the process answers', async () => {
    const response = await api(t.baseUrl).get<{ status: string }>('/health/live');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('live');
  });

  it('is ready when the store answers and every projection runs', async () => {
    const response = await api(t.baseUrl).get<Readiness>('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.store).toBe('up');
    expect(response.body.projections.map((p) => [p.name, p.state])).toEqual([
      ['actors', 'live'],
      ['records', 'live'],
      ['tone', 'live'],
    ]);
  });
});
