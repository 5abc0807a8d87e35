import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Role } from '@memfleet/contracts';
import { METRICS_KEY } from '../metrics/metrics-access.decorator';
import { AGENT_KEY, PUBLIC_KEY, ROLE_KEY } from './auth.decorators';

/** Who may call a route, as its decorators say: @Public, @MetricsAccess, @AgentOnly or @RequireRole (on it or its controller). */
export type RouteAccess = { kind: 'public' } | { kind: 'metrics' } | { kind: 'agent' } | { kind: 'role'; role: Role };

export interface RouteEntry {
  method: string;
  /** Express-style path, e.g. /api/v1/hosts/:id */
  path: string;
  /** Null when no access decorator applies (the guard then asks for a viewer; the authorization matrix refuses it). */
  access: RouteAccess | null;
  name: string;
}

type ModuleRef = Type | { module: Type; imports?: unknown[]; controllers?: Type[] } | { forwardRef: () => Type } | Promise<unknown> | undefined;

function controllersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const found = new Set<Type>();
  const visit = (ref: ModuleRef): void => {
    if (!ref || ref instanceof Promise) return;
    if (typeof ref === 'object' && 'forwardRef' in ref) return visit(ref.forwardRef());
    const cls = typeof ref === 'function' ? ref : ref.module;
    const key = typeof ref === 'function' ? ref : ref;
    if (seen.has(key)) return;
    seen.add(key);
    const dynamic = typeof ref === 'object' ? ref : undefined;
    for (const c of [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])]) found.add(c);
    for (const i of [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []), ...((dynamic?.imports as ModuleRef[]) ?? [])])
      visit(i);
  };
  visit(root);
  return [...found];
}

const joinPath = (...parts: string[]): string => `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

function accessOf(handler: object, controller: Type): RouteAccess | null {
  const meta = <T>(key: string): T | undefined =>
    (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
  if (meta<boolean>(PUBLIC_KEY)) return { kind: 'public' };
  if (meta<boolean>(METRICS_KEY)) return { kind: 'metrics' };
  if (meta<boolean>(AGENT_KEY)) return { kind: 'agent' };
  const role = meta<Role>(ROLE_KEY);
  return role ? { kind: 'role', role } : null;
}

/** Every HTTP route of the application under `root`, read from Nest's decorator metadata (no instance needed). */
export function routeTable(root: Type): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const controller of controllersOf(root)) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat()[0] ?? '';
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
        routes.push({
          method: RequestMethod[method],
          path: joinPath(base, sub ?? ''),
          access: accessOf(handler, controller),
          name: `${controller.name}.${name}`,
        });
      }
    }
  }
  return routes;
}

/** A matcher for `routes` by method and request path (":param" matches one segment). */
export function routeMatcher(routes: RouteEntry[]): (method: string, path: string) => RouteEntry | undefined {
  const compiled = routes.map((route) => {
    const source = route.path
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { route, re: new RegExp(`^${source}/?$`, 'i') };
  });
  return (method, path) => compiled.find((c) => (c.route.method === method || c.route.method === 'ALL') && c.re.test(path))?.route;
}
