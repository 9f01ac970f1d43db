import type { ResolvedTarget } from './config-store';
import { EventStreamParser, ServerSentEvent } from './event-stream';

/** RFC 9457 problem details, as the server sends every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.title} (${problem.status})${problem.detail ? `: ${problem.detail}` : ''}`);
  }
}

/** The request did not reach the server, or the connection broke before the whole answer came. */
export class ConnectionError extends Error {}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A thin client of the REST API: one method per verb, problems surfaced as `ApiProblemError`. */
export class ApiClient {
  /** Without a token, only the public routes answer (the sign-in ones). */
  constructor(private readonly target: Omit<ResolvedTarget, 'token'> & { token?: string }) {}

  get<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.send<T>('GET', `${path}${suffix}`);
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>('POST', path, body, headers);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>('PATCH', path, body, headers);
  }

  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path);
  }

  /** Follows `nextCursor` until the last page, or until `max` items. */
  async all<T>(path: string, query: Record<string, string | number | boolean | undefined>, max: number): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<Page<T>>(path, { ...query, cursor, limit: Math.min(500, max - items.length) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < max);
    return items;
  }

  /**
   * Reads a Server-Sent Events stream, after `lastEventId` when given (the server resumes there). Yields
   * the events of each network read together, so that a caller redraws once per burst, not once per event.
   */
  async *events(path: string, lastEventId?: string): AsyncGenerator<ServerSentEvent[]> {
    const response = await this.request('GET', path, {
      Accept: 'text/event-stream, application/problem+json',
      ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
    });
    if (!response.ok) throw problemOf(response, await response.text());
    if (!response.body) return;
    const parser = new EventStreamParser();
    try {
      for await (const chunk of response.body) {
        const events = parser.push(chunk);
        if (events.length > 0) yield events;
      }
    } catch (error) {
      throw new ConnectionError(`the event stream from ${new URL(response.url).origin} broke: ${causeOf(error)}`);
    }
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await this.request(
      method,
      path,
      {
        Accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
    const text = await response.text();
    if (!response.ok) throw problemOf(response, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async request(method: string, path: string, headers: Record<string, string>, body?: string) {
    const url = new URL(path, this.target.url.endsWith('/') ? this.target.url : `${this.target.url}/`);
    try {
      const authorization = this.target.token === undefined ? {} : { Authorization: `Bearer ${this.target.token}` };
      return await fetch(url, { method, headers: { ...authorization, ...headers }, body });
    } catch (error) {
      throw new ConnectionError(`cannot reach ${url.origin}: ${causeOf(error)}`);
    }
  }
}

/** The server's problem; a body that is not JSON (a proxy's error page) still gives the status. */
function problemOf(response: Response, text: string): ApiProblemError {
  const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return new ApiProblemError(
    isProblem(parsed) ? parsed : { type: 'about:blank', title: response.statusText, status: response.status },
  );
}

/** fetch reports "fetch failed" or "terminated"; what went wrong (ECONNREFUSED, a reset) is in its cause. */
function causeOf(error: unknown): string {
  return (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}
