import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { NotFound } from '../common/domain-error';
import { problemType } from '../http/problem';
import { isProblemSlug, PROBLEM_TYPES, type ProblemSlug } from '../http/problem-types';
import { ProblemTypeDto, ProblemTypeListDto } from './problem-types.dto';

/**
 * The pages the `type` of every problem points at (RFC 9457 §3.1.1): HTML for a person
 * who follows the link, JSON for a client that asks for it with `Accept`.
 */
@Public('the problem types document the API, as /openapi.json does')
@Controller('problems')
export class ProblemsController {
  /** Every problem type parley answers with, each with its page. */
  @Get()
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: ProblemTypeListDto })
  index(@Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    const items = (Object.keys(PROBLEM_TYPES) as ProblemSlug[]).map(describe);
    if (wantsJson(accept)) return reply.send({ items });
    const rows = items.map(
      (item) =>
        `<li><a href="${escapeHtml(item.type)}">${escapeHtml(item.type)}</a> (${item.status}): ${escapeHtml(item.title)}</li>`,
    );
    return sendHtml(
      reply,
      'Problem types',
      `<h1>Problem types</h1>\n<ul>\n${rows.join('\n')}\n</ul>`,
    );
  }

  /** One problem type: its title, status, what it means and what to do. */
  @Get(':slug')
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: ProblemTypeDto })
  problemType(
    @Param('slug') slug: string,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    if (!isProblemSlug(slug)) throw new NotFound(`No problem type ${slug}: see /problems`);
    const item = describe(slug);
    if (wantsJson(accept)) return reply.send(item);
    return sendHtml(
      reply,
      item.title,
      [
        `<h1>${escapeHtml(item.title)}</h1>`,
        `<p>HTTP status <strong>${item.status}</strong>; the problem's <code>type</code> is <code>${escapeHtml(item.type)}</code>.</p>`,
        `<h2>What it means</h2>\n<p>${inlineCode(item.meaning)}</p>`,
        `<h2>What to do</h2>\n<p>${inlineCode(item.action)}</p>`,
        `<p><a href="/problems">Every problem type</a> · <a href="/docs">The API</a></p>`,
      ].join('\n'),
    );
  }
}

function describe(slug: ProblemSlug): ProblemTypeDto {
  return { type: problemType(slug), ...PROBLEM_TYPES[slug] };
}

/**
 * JSON when the client names a JSON type and not HTML: a browser (which names HTML) and
 * a bare `curl` (`*\/*`) get the page.
 */
function wantsJson(accept: string | undefined): boolean {
  const value = accept ?? '';
  return /\bapplication\/(?:[\w.+-]+\+)?json\b/.test(value) && !/\btext\/html\b/.test(value);
}

function sendHtml(reply: FastifyReply, title: string, body: string): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .send(
      `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)} · parley</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`,
    );
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The registry's Markdown-style `code` spans, as HTML. */
function inlineCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
