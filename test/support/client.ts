/** The end-to-end tests' HTTP client: real requests over Node's fetch, with a test key. */
import { authHeaders } from './api-keys';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON when it is JSON (problem+json included), else undefined. */
  readonly body: T;
  readonly text: string;
  readonly contentType: string;
}

/** A body sent as it is, with its own content type (NDJSON, text, broken JSON). */
export interface RawBody {
  readonly raw: string | Uint8Array;
  readonly contentType?: string;
}

export interface RequestOptions {
  /** Sent as they are; an `authorization` here replaces the default key. */
  readonly headers?: Record<string, string>;
}

export interface Api {
  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Sends `body` as JSON, or as it is when it is a {@link RawBody}. */
  post<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export function raw(body: string | Uint8Array, contentType?: string): RawBody {
  return contentType === undefined ? { raw: body } : { raw: body, contentType };
}

function isRawBody(body: unknown): body is RawBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    'raw' in body &&
    Object.keys(body).every((k) => k === 'raw' || k === 'contentType')
  );
}

/**
 * A thin client over Node's global fetch. It sends the test key holding every role
 * unless told otherwise: `null` sends no key at all, or a request's own `authorization`
 * header replaces it.
 */
export function api(
  baseUrl: string,
  defaultAuthorization: string | null = authHeaders().authorization,
): Api {
  const request = async <T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {
      ...(defaultAuthorization === null ? {} : { authorization: defaultAuthorization }),
      ...options.headers,
    };
    let payload: string | Uint8Array | undefined;
    if (body !== undefined) {
      if (isRawBody(body)) {
        payload = body.raw;
        if (body.contentType !== undefined) headers['content-type'] ??= body.contentType;
      } else {
        payload = JSON.stringify(body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const isJson = /^application\/(?:[\w.+-]+\+)?json\b/.test(contentType);
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text !== '' ? JSON.parse(text) : undefined) as T,
      text,
      contentType,
    };
  };
  return {
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}

/** Builds a query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
