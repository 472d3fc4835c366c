import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { publicOnlyLookup, isNonPublicHost } from './address-guard';

export interface DeliveryRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Aborting (shutdown, an operator's reset) ends the attempt at once, unacknowledged. */
  readonly signal: AbortSignal;
}

export type DeliveryResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

export interface WebhookSenderOptions {
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly userAgent?: string;
}

export const CLOUDEVENTS_JSON = 'application/cloudevents+json; charset=utf-8';

/** Sends one signed delivery: a 2xx answer acknowledges it, anything else is a failure. */
export interface WebhookSender {
  send(request: DeliveryRequest): Promise<DeliveryResult>;
}

/**
 * POSTs over node:http(s). Redirects are not followed (a 3xx is a failure): the
 * subscription names the URL its receiver answers on, and a redirect would carry the
 * signed body to an address nobody registered. The response body is discarded.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: WebhookSenderOptions) {}

  send({ url, headers, body, signal }: DeliveryRequest): Promise<DeliveryResult> {
    const target = new URL(url);
    if (!this.options.allowPrivate && isNonPublicHost(target.hostname)) {
      return Promise.resolve({
        ok: false,
        status: null,
        error: `${target.hostname} is not a public address (PARLEY_WEBHOOKS_ALLOW_PRIVATE is off)`,
      });
    }
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<DeliveryResult>((resolve) => {
      let settled = false;
      const settle = (result: DeliveryResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = request(target, {
        method: 'POST',
        headers: {
          ...headers,
          // CloudEvents' structured mode (HTTP binding, 3.2): the whole event is the body.
          'content-type': CLOUDEVENTS_JSON,
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': this.options.userAgent ?? 'parley-webhooks',
        },
        signal,
        ...(this.options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      });
      // One deadline for the whole attempt (connect, send, response headers), not an idle timeout.
      const timer = setTimeout(
        () => req.destroy(new Error(`no response within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      req.once('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        response.resume();
        settle(
          status >= 200 && status < 300
            ? { ok: true, status }
            : { ok: false, status, error: `HTTP ${status}${reason(response)}` },
        );
      });
      req.once('error', (error: NodeJS.ErrnoException) => {
        settle({ ok: false, status: null, error: describe(error) });
      });
      req.end(body);
    });
  }
}

function reason(response: IncomingMessage): string {
  return response.statusMessage ? ` ${response.statusMessage}` : '';
}

function describe(error: NodeJS.ErrnoException): string {
  return error.code && !error.message.includes(error.code)
    ? `${error.code}: ${error.message}`
    : error.message;
}
