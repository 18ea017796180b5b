import 'reflect-metadata';
import { PATH_METADATA, METHOD_METADATA, MODULE_METADATA } from '@nestjs/common/constants.js';
import type { DynamicModule, Type } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/app-config.js';
import { PERMISSION_KEY, PUBLIC_KEY } from './decorators.js';
import { Permission } from './permission.js';

type ModuleRef = Type<unknown> | DynamicModule;

/** Every controller reachable from the app module, by walking module imports. */
function controllersOf(root: ModuleRef): Type<unknown>[] {
  const seen = new Set<unknown>();
  const found = new Set<Type<unknown>>();
  const visit = (m: ModuleRef | undefined) => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const cls = 'module' in m ? m.module : m;
    const dynamic = 'module' in m ? m : undefined;
    const imports: ModuleRef[] = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) ?? []), ...(dynamic?.imports ?? [])];
    const controllers: Type<unknown>[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) ?? []), ...(dynamic?.controllers ?? [])];
    controllers.forEach((c) => found.add(c));
    imports.forEach((i) => visit(i as ModuleRef));
  };
  visit(root);
  return [...found];
}

const config = loadConfig({
  DATABASE_URL: 'postgres://localhost/none',
  MQTT_URL: 'mqtt://localhost:1',
  ACS_TEMPLATE_KEY: randomBytes(32).toString('base64'),
  ACS_CACHE_KEY: randomBytes(32).toString('base64'),
  ACS_CARD_KEY: randomBytes(32).toString('base64'),
});

describe('route permissions (deny by default)', () => {
  const routes = controllersOf(AppModule.forRoot(config)).flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .map((name) => ({ controller, name, handler: controller.prototype[name] as object }))
      .filter(({ handler }) => typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined),
  );

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
  });

  it.each(routes.map((r) => [`${r.controller.name}.${r.name}`, r]))('%s is public or needs a known permission', (_name, r) => {
    const isPublic = Reflect.getMetadata(PUBLIC_KEY, r.handler) ?? Reflect.getMetadata(PUBLIC_KEY, r.controller);
    const permission = Reflect.getMetadata(PERMISSION_KEY, r.handler) ?? Reflect.getMetadata(PERMISSION_KEY, r.controller);
    expect(Boolean(isPublic) !== Boolean(permission)).toBe(true);
    if (permission) expect(Object.values(Permission)).toContain(permission);
  });

  it('keeps public routes to health, login and the door PIN change', () => {
    const publicRoutes = routes
      .filter((r) => Reflect.getMetadata(PUBLIC_KEY, r.handler))
      .map((r) => `${Reflect.getMetadata(PATH_METADATA, r.controller)}/${Reflect.getMetadata(PATH_METADATA, r.handler)}`);
    expect(publicRoutes.sort()).toEqual(['//pin-change', 'auth/login', 'health//']);
  });
});
