import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../apps/api/src/app.module.js';
import { Role, rolePermissions } from '../../apps/api/src/common/auth/role.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { login } from '../support/http.js';
import { appRoutes, samplePath, type RouteInfo } from '../support/routes.js';
import { testApiConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

jest.setTimeout(120_000);

/** Every route × every role: allowed routes get past the guard (anything but 401/403), others get 403. */
describe('permission matrix', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: NestExpressApplication;
  let apiUrl: string;
  let routes: RouteInfo[];
  const tokens = new Map<string, string>();

  const call = async (route: RouteInfo, token?: string) => {
    const res = await fetch(`${apiUrl}${samplePath(route.path)}`, {
      method: route.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
    });
    return res.status;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url);
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    apiUrl = await app.getUrl();
    routes = appRoutes(AppModule.forRoot(config)).sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    const admin = await login(apiUrl, 'admin', 'test-admin-password');
    const post = (path: string, body: unknown, token = admin) =>
      fetch(`${apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const role of Object.values(Role)) {
      const username = `matrix-${role}`;
      const created = await post('/api/v1/operators', { username, temporaryPassword: 'Temporary-pass-9271' });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await post(`/api/v1/operators/${id}/roles`, { role, reason: 'permission matrix test' })).status).toBe(201);
      // A temporary password must be changed first: until then only the password change is allowed.
      const temporary = await login(apiUrl, username, 'Temporary-pass-9271');
      expect(await call({ method: 'GET', path: '/api/v1/ledger', isPublic: false }, temporary)).toBe(403);
      expect((await post('/api/v1/auth/password', { currentPassword: 'Temporary-pass-9271', newPassword: 'Matrix-final-pass-4826' }, temporary)).status).toBe(204);
      tokens.set(role, await login(apiUrl, username, 'Matrix-final-pass-4826'));
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('covers the whole api', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('answers 401 without a token on every non-public route', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      expect([route.method, route.path, await call(route)]).toEqual([route.method, route.path, 401]);
    }
  });

  it.each(Object.values(Role))('%s gets exactly its permissions', async (role) => {
    const allowed = new Set<string>(rolePermissions[role]);
    for (const route of routes.filter((r) => !r.isPublic)) {
      const status = await call(route, tokens.get(role));
      const verdict = allowed.has(route.permission!) ? (status === 401 || status === 403 ? `refused ${status}` : 'allowed') : status === 403 ? 'forbidden' : `leaked ${status}`;
      expect([route.method, route.path, verdict]).toEqual([route.method, route.path, allowed.has(route.permission!) ? 'allowed' : 'forbidden']);
    }
  });
});
