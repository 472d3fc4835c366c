import { Injectable, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';

/** One HTTP route of the running app and what it asks of its caller. */
export interface CatalogRoute {
  /** Upper case: `GET`, `POST`, `DELETE`. */
  readonly method: string;
  /** Nest's form, e.g. `/records/:id/corrections`. */
  readonly path: string;
  /** `RecordsController.correct`, to find it in the code. */
  readonly handler: string;
  readonly access: AccessRule | undefined;
}

export class UndeclaredAccess extends Error {}

/**
 * Every route the controllers define, with its access rule. Built when the module
 * starts, which it refuses to do while a route declares none: access is opted out of
 * (`@Public(reason)`), never forgotten.
 */
@Injectable()
export class RouteCatalog implements OnModuleInit {
  private catalog: readonly CatalogRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.catalog = this.discover();
    const undeclared = this.catalog.filter((route) => route.access === undefined);
    if (undeclared.length > 0)
      throw new UndeclaredAccess(
        `Refusing to start: ${undeclared.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', ')} declare(s) no access; add @RequireRole(...) or @Public(reason)`,
      );
  }

  routes(): readonly CatalogRoute[] {
    return this.catalog;
  }

  private discover(): CatalogRoute[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const metatype = wrapper.metatype;
      const instance: unknown = wrapper.instance;
      if (typeof metatype !== 'function' || instance === null || instance === undefined) return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      const base = pathsOf(Reflect.getMetadata(PATH_METADATA, metatype));
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') return [];
        const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
        if (method === undefined) return [];
        const access = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
          handler,
          metatype,
        ]);
        return base.flatMap((prefix) =>
          pathsOf(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => ({
            method: RequestMethod[method as RequestMethod],
            path: joinPaths(prefix, path),
            handler: `${metatype.name}.${name}`,
            access,
          })),
        );
      });
    });
  }
}

function pathsOf(metadata: unknown): string[] {
  if (Array.isArray(metadata)) return metadata.map(String);
  return [typeof metadata === 'string' ? metadata : ''];
}

function joinPaths(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}
