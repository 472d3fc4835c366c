import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

  /** The analyst's page (HTML); it asks for an API key and reads the API with it. */
  @Get()
  index(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send('/', request, reply);
  }

  /** The page's own browser modules and stylesheet. */
  @Get('page/:file')
  file(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(`/page/${file}`, request, reply);
  }

  /** uPlot, the page's charts, from the installed package. */
  @Get('page/vendor/:file')
  vendor(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(`/page/vendor/${file}`, request, reply);
  }

  private send(path: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const asset: PageAsset | undefined = this.assets.get(path);
    if (asset === undefined) throw new NotFound(`The page has no file ${path}`);
    // Revalidated on every load (cheap: a 304 with no body), so a new build is seen at once.
    void reply
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag)
      .header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    void reply.header('content-type', asset.contentType);
    if (acceptsGzip(request.headers['accept-encoding']))
      return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    return reply.send(asset.body);
  }
}

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
