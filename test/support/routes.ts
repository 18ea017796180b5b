import 'reflect-metadata';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../apps/api/src/common/auth/decorators.js';

export interface RouteInfo {
  method: string;
  /** Full path under /api/v1 with Nest's `:param` placeholders. */
  path: string;
  permission?: string;
  isPublic: boolean;
}

type ModuleRef = Type<unknown> | DynamicModule;

/** Every route of the app, read from Nest's metadata (the same metadata the router uses). */
export function appRoutes(root: ModuleRef): RouteInfo[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type<unknown>>();
  const visit = (m: ModuleRef | undefined) => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const cls = 'module' in m ? m.module : m;
    const dynamic = 'module' in m ? m : undefined;
    [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) ?? []), ...(dynamic?.controllers ?? [])].forEach((c: Type<unknown>) => controllers.add(c));
    [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) ?? []), ...(dynamic?.imports ?? [])].forEach((i: ModuleRef) => visit(i));
  };
  visit(root);
  const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return [...controllers].flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name] as object;
      if (typeof handler !== 'function') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      return [{
        method: RequestMethod[method],
        path: join('api/v1', Reflect.getMetadata(PATH_METADATA, controller) ?? '', Reflect.getMetadata(PATH_METADATA, handler) ?? ''),
        permission: Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller),
        isPublic: !!(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
      }];
    }),
  );
}

const SAMPLE_PARAMS: Record<string, string> = {
  id: '0192f3a0-0000-7000-8000-00000000beef',
  templateId: '0192f3a0-0000-7000-8000-00000000cafe',
  captureId: '0192f3a0-0000-7000-8000-00000000c0de',
  role: 'auditor',
  date: '2026-12-29',
};

export function samplePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
}
