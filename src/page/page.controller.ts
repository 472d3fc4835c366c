import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { NotFound } from '../common/domain-error';
import { loadPageAssets, type PageAsset } from './page-assets';

/**
 * The analyst's page: `/` and the files it loads under `/page/`. Every figure on it
 * comes from the API, called by the page with the key its user types in.
 */
@Public('the page itself holds no data; it asks for a key')
@Controller()
export class PageController {
  private readonly assets = loadPageAssets();

  @Get()
  index(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    return this.send('/', ifNoneMatch, reply);
  }

  @Get('page/:file')
  file(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.send(`/page/${file}`, ifNoneMatch, reply);
  }

  @Get('page/vendor/:file')
  vendor(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.send(`/page/vendor/${file}`, ifNoneMatch, reply);
  }

  private send(path: string, ifNoneMatch: string | undefined, reply: FastifyReply): FastifyReply {
    const asset: PageAsset | undefined = this.assets.get(path);
    if (asset === undefined) throw new NotFound(`The page has no file ${path}`);
    // Revalidated on every load (cheap: a 304 with no body), so a new build is seen at once.
    void reply.header('cache-control', 'no-cache').header('etag', asset.etag);
    if (ifNoneMatch === asset.etag) return reply.status(304).send();
    return reply.header('content-type', asset.contentType).send(asset.body);
  }
}
