import fc from 'fast-check';
import { RawBody, hostileRawBodies, hostileString } from './hostile-values';
import { RawRequest, percentEncode } from './raw-request';
import { JsonSchema, SchemaContext, Schemas, valueOf, valueWrongAtOneNode } from './schema-arbitrary';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** What the fuzzer knows of the running plane: tokens to act with, and real names to put in paths. */
export interface FuzzContext {
  schemas: Schemas;
  tokens: string[];
  /** Real values for path parameters by name (`name`, `id`, `version`), so requests reach past the lookup. */
  pathValues: Record<string, string[]>;
  /** Real values for body properties by name (`application`, `release`, `cluster`), for the same reason. */
  bodyValues: Record<string, unknown[]>;
  /** Cursors the plane handed out, to tamper with. */
  cursors: string[];
}

export function operationsOf(document: { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }) {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]): Operation => ({ ...operation, method, path })),
  );
}

/** Requests for one operation: its parameters and body from its schemas, each at times replaced by hostile input. */
export function requestsFor(operation: Operation, context: FuzzContext): fc.Arbitrary<RawRequest> {
  const parameters = operation.parameters ?? [];
  const byPlace = (place: Parameter['in']) => parameters.filter((p) => p.in === place);
  return fc
    .record({
      path: fc.tuple(...byPlace('path').map((p) => pathValue(p, context))),
      query: queryString(byPlace('query'), context),
      headers: headers(operation, context),
      body: operation.requestBody
        ? body(operation.requestBody.content['application/json']?.schema ?? {}, context)
        : fc.constant(undefined),
    })
    .map(({ path, query, headers, body }) => {
      let index = 0;
      const filled = operation.path.replace(/\{[^}]+\}/g, () => percentEncode(path[index++] ?? ''));
      return {
        method: operation.method.toUpperCase(),
        path: filled + query,
        headers: {
          ...headers,
          ...(body?.contentType ? { 'content-type': body.contentType } : {}),
          ...(body?.contentEncoding ? { 'content-encoding': body.contentEncoding } : {}),
        },
        body: body?.text,
      };
    });
}

function pathValue(parameter: Parameter, context: FuzzContext): fc.Arbitrary<string> {
  const real = context.pathValues[parameter.name] ?? [];
  return fc.oneof(
    { arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.uuid(), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: hostileString().filter((s) => s.length > 0 && s !== '.' && s !== '..'), weight: 2 },
  );
}

function queryString(parameters: Parameter[], context: FuzzContext): fc.Arbitrary<string> {
  const pair = (name: string, value: fc.Arbitrary<string>) =>
    value.map((v) => `${percentEncode(name)}=${percentEncode(v)}`);
  const perParameter = parameters.map((parameter) =>
    fc.option(
      fc.oneof(
        pair(parameter.name, scalarOf(parameter.schema ?? {}, context)),
        pair(parameter.name, hostileString()),
        parameter.name === 'cursor' ? pair('cursor', tamperedCursor(context)) : pair(parameter.name, hostileString()),
        // A repeated parameter arrives as an array where a string was expected.
        fc.tuple(pair(parameter.name, hostileString()), pair(parameter.name, hostileString())).map((p) => p.join('&')),
      ),
      { freq: 2 },
    ),
  );
  const unknown = fc.option(pair('__proto__', hostileString()), { freq: 8 });
  return fc.tuple(fc.tuple(...perParameter), unknown).map(([given, extra]) => {
    const pairs = [...given, extra].filter((p): p is string => p !== null);
    return pairs.length > 0 ? `?${pairs.join('&')}` : '';
  });
}

const schemaContext = (context: FuzzContext): SchemaContext => ({
  schemas: context.schemas,
  realValues: context.bodyValues,
  mode: 'hostile',
});

function scalarOf(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<string> {
  return valueOf(schema, schemaContext(context)).map((value) =>
    typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
  );
}

/** A cursor the plane gave out with its contents changed: other types, other lengths, out-of-range ids. */
function tamperedCursor(context: FuzzContext): fc.Arbitrary<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const decoded = context.cursors.map(
    (cursor) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[],
  );
  return fc.oneof(
    fc.constantFrom(...(context.cursors.length > 0 ? context.cursors : ['x'])),
    fc
      .constantFrom(...decoded, [new Date().toISOString(), 'x'])
      .chain((parts) =>
        fc
          .tuple(
            fc.nat(Math.max(0, parts.length - 1)),
            fc.constantFrom<unknown>(
              '\u0000',
              '\ud800',
              'not-a-uuid',
              '99999999999999999999',
              '-1',
              12,
              null,
              '',
              '1e308',
              '0x10',
            ),
          )
          .map(([at, value]) => encode(parts.map((part, i) => (i === at ? value : part)))),
      ),
    fc.constantFrom(
      encode(['9999-12-31T23:59:59.999Z', 'x']),
      encode(['+275760-09-13T00:00:00Z', 'x']),
      encode([1, 2]),
      encode({}),
      encode([]),
      'Ä',
      '====',
      '%00',
    ),
  );
}

function headers(operation: Operation, context: FuzzContext): fc.Arbitrary<Record<string, string>> {
  const headerValue = hostileString().map((s) => s.replace(/[^\t\u0020-\u007e\u0080-\u00ff]/g, '?'));
  return fc
    .record({
      token: fc.oneof(
        { arbitrary: fc.constantFrom(...context.tokens), weight: 8 },
        { arbitrary: headerValue, weight: 1 },
      ),
      ifMatch: fc.option(fc.oneof(headerValue, fc.constantFrom('"0"', '"1"', 'W/"1"', '*', '"99999999999999999999"')), {
        freq: 3,
      }),
      idempotencyKey: fc.option(fc.oneof(headerValue, fc.uuid()), { freq: 4 }),
      lastEventId: fc.option(fc.oneof(headerValue, fc.constantFrom('1', '0', '-1', '99999999999999999999', '1e308')), {
        freq: 2,
      }),
      requestId: fc.option(headerValue, { freq: 4 }),
    })
    .map(({ token, ifMatch, idempotencyKey, lastEventId, requestId }) => ({
      authorization: `Bearer ${token}`,
      ...(ifMatch !== null && operation.method === 'patch' ? { 'if-match': ifMatch } : {}),
      ...(idempotencyKey !== null && operation.method === 'post' ? { 'idempotency-key': idempotencyKey } : {}),
      ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}),
      ...(requestId !== null ? { 'x-request-id': requestId } : {}),
    }));
}

/** Bodies from the schema: hostile values anywhere, one wrong node in an otherwise right body, or raw hostility. */
function body(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<RawBody> {
  const generated = valueOf(schema, schemaContext(context));
  const wrongAtOneNode = valueWrongAtOneNode(schema, schemaContext(context));
  return fc.oneof(
    { arbitrary: generated.map((value) => jsonBody(JSON.stringify(value) ?? 'null')), weight: 3 },
    { arbitrary: wrongAtOneNode.map((value) => jsonBody(JSON.stringify(value) ?? 'null')), weight: 3 },
    {
      arbitrary: generated.chain((value) => fc.constantFrom(...hostileRawBodies(JSON.stringify(value) ?? 'null'))),
      weight: 2,
    },
  );
}

const jsonBody = (text: string): RawBody => ({ text: Buffer.from(text), contentType: 'application/json' });
