import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Public, RequireRole } from './access.decorator';
import { RouteCatalog, UndeclaredAccess } from './route-catalog';

@RequireRole('analyst')
@Controller('things')
class DeclaredController {
  @Get()
  list(): string[] {
    return [];
  }

  @RequireRole('recorder')
  @Post(':id/notes')
  note(): void {}
}

@Controller('open')
class OpenController {
  @Public('for the test')
  @Get('ping')
  ping(): string {
    return 'pong';
  }

  @Post('forgotten')
  forgotten(): void {}
}

async function start(...controllers: (new (...args: never[]) => unknown)[]): Promise<RouteCatalog> {
  @Module({ imports: [DiscoveryModule], controllers, providers: [RouteCatalog] })
  class TestModule {}
  const app = await NestFactory.createApplicationContext(TestModule, {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  return app.get(RouteCatalog);
}

describe('RouteCatalog', () => {
  it('lists every route with the rule of its method, or else of its controller', async () => {
    const catalog = await start(DeclaredController);
    expect(catalog.routes()).toEqual([
      {
        method: 'GET',
        path: '/things',
        handler: 'DeclaredController.list',
        access: { roles: ['analyst'] },
      },
      {
        method: 'POST',
        path: '/things/:id/notes',
        handler: 'DeclaredController.note',
        access: { roles: ['recorder'] },
      },
    ]);
  });

  it('refuses to start while a route declares no access, naming it', async () => {
    const starting = start(DeclaredController, OpenController);
    await expect(starting).rejects.toThrow(UndeclaredAccess);
    await expect(start(OpenController)).rejects.toThrow(
      'POST /open/forgotten (OpenController.forgotten) declare(s) no access',
    );
  });
});
