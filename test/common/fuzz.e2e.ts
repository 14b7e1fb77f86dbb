import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';

/**
 * Walks every operation of the app's own OpenAPI document with an admin's and a manager's token,
 * sending values a client should never send (wrong types, huge and deeply nested values, NUL, lone
 * surrogates, right-to-left marks, emoji, forged cursors, ids past every range) in the path, the
 * query and the body, and expects no answer of 500 or above. Fixed seed and case count, so a run
 * is the same every time; FUZZ_CASES (cases per operation and token) and FUZZ_SEED make longer or
 * different runs.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** mulberry32: small, seedable, good enough to pick cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

const STRINGS = [
  '',
  ' ',
  'a\u0000b',
  'lone \ud800 surrogate',
  '\udfff',
  '\u202eevil\u202c',
  'مرحبا',
  '👩‍👩‍👧‍👦🎂',
  'e\u0301\u0301\u0301',
  '\u200b\ufeff',
  "'; DROP TABLE customers; --",
  '%00',
  '../../etc/passwd',
  'x'.repeat(20_000),
  '9223372036854775808',
  '-9223372036854775809',
  '1e309',
  'NaN',
  '0000-01-01',
  '10000-01-01T00:00:00Z',
  '2026-02-30',
  '2026-13-45T99:99:99Z',
  '+99999999999999999999',
  'Etc/Unknown',
  '{{constructor.constructor}}',
  '__proto__',
];
const NUMBERS = [0, -1, 1.5, 1e308, -1e308, 9_223_372_036_854_775_808, Number.MAX_SAFE_INTEGER + 2, 2 ** 31];
const CURSORS = [
  cursorOf(['9999999999999999999']),
  cursorOf(['2026-13-45 10:00:00+00', '1']),
  cursorOf(['2026-06-01 10:00:00+00', '9223372036854775808']),
  cursorOf(['2026-06-31 24:00:00+00', 'order', '1']),
  cursorOf({ __proto__: { a: 1 } }),
  Buffer.from('99999999999999999999').toString('base64url'),
  '!!!',
  '%ED%A0%80',
];
const PATH_IDS = [
  '9223372036854775808',
  '99999999999999999999',
  '0',
  '-1',
  '1.5',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '%ED%A0%80',
  '%00',
  '%E2%80%AE',
  '%F0%9F%8E%82',
  'x'.repeat(3_000),
];

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

function resolve(schema: Schema | undefined, doc: OpenApi): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], doc);
  const variants = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (variants && !schema.properties) return resolve(variants[0], doc);
  return schema;
}

/** A value that is wrong in some way, sometimes of the expected type but out of range. */
function badValue(pick: <T>(list: T[]) => T, next: () => number): unknown {
  const kind = Math.floor(next() * 9);
  switch (kind) {
    case 0:
    case 1:
      return pick(STRINGS);
    case 2:
      return pick(NUMBERS);
    case 3:
      return pick([null, true, false]);
    case 4:
      return [pick(STRINGS), pick(NUMBERS)];
    case 5:
      return { nested: pick(STRINGS), __proto__: { polluted: true } };
    case 6:
      return deep(20);
    case 7:
      return Array.from({ length: 2_000 }, (_, i) => i);
    default:
      return pick(CURSORS);
  }
}

/** A body shaped after the schema, with some properties replaced by bad values. */
function badBody(schema: Schema | undefined, doc: OpenApi, pick: <T>(list: T[]) => T, next: () => number, depth = 0): unknown {
  const resolved = resolve(schema, doc);
  if (!resolved || depth > 4 || next() < 0.3) return badValue(pick, next);
  if (resolved.enum) return next() < 0.5 ? pick(resolved.enum) : badValue(pick, next);
  if (resolved.type === 'array' || resolved.items)
    return [badBody(resolved.items, doc, pick, next, depth + 1), badBody(resolved.items, doc, pick, next, depth + 1)];
  if (resolved.properties) {
    return Object.fromEntries(Object.entries(resolved.properties).map(([key, value]) => [key, badBody(value, doc, pick, next, depth + 1)]));
  }
  return badValue(pick, next);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let doc: OpenApi;
  const realIds: string[] = [];

  beforeAll(async () => {
    // The throttle would start answering 429 to the fuzzer's address; failed sign-ins are not what is fuzzed here.
    t = await createTestApp({ env: { AUTH_FAILURES_PER_ADDRESS: '1000000', AUTH_FAILURES_PER_TOKEN: '1000000' } });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db);
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    const task = await createTask(t.db, customer.id, { assigneeStaffId: manager.id });
    realIds.push(customer.externalId, task.id, task.touchId, manager.id);
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApi;
  });
  afterAll(() => t.close());

  it(
    `answers no request with a 5xx (${CASES} cases per operation and token, seed ${SEED})`,
    async () => {
      const next = random(SEED);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
      const failures: string[] = [];
      let sent = 0;
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, operation]) => ({ path, method: method as 'get' | 'post' | 'put' | 'patch' | 'delete', operation })),
      );
      expect(operations.length).toBeGreaterThan(40);

      for (const { path, method, operation } of operations) {
        for (const who of [admin, manager]) {
          for (let i = 0; i < CASES; i++) {
            const url = path.replace(/\{[^}]+\}/g, () => (next() < 0.2 ? encodeURIComponent(pick(realIds)) : pick(PATH_IDS)));
            const query: Record<string, string> = {};
            for (const parameter of operation.parameters ?? []) {
              if (parameter.in !== 'query' || next() < 0.3) continue;
              query[parameter.name] = parameter.name === 'cursor' ? pick(CURSORS) : String(pick(STRINGS).replace(/[\ud800-\udfff]/g, ''));
            }
            if (next() < 0.2) query.cursor = pick(CURSORS);
            const jsonSchema = operation.requestBody?.content?.['application/json']?.schema;
            const raw =
              jsonSchema && next() < 0.15
                ? next() < 0.5
                  ? '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)
                  : '{"a":' + '['.repeat(3_000)
                : null;
            const body = raw ?? (jsonSchema ? badBody(jsonSchema, doc, pick, next) : undefined);

            // Query strings go on the URL as they are: supertest would refuse a lone surrogate.
            const search = new URLSearchParams(query).toString();
            const http = t.http();
            let request = http[method](search ? `${url}?${search}` : url).set(who.auth);
            if (body !== undefined)
              request = request.set('Content-Type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
            const res = await request;
            sent++;
            if (res.status >= 500)
              failures.push(
                `${method.toUpperCase()} ${url.slice(0, 120)}${search ? '?' + search.slice(0, 120) : ''} → ${res.status} ${JSON.stringify(body)?.slice(0, 160)}`,
              );
          }
        }
      }
      expect(sent).toBe(operations.length * 2 * CASES);
      expect(failures).toEqual([]);
    },
    30_000 + CASES * 3_000,
  );
});
