import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';

/**
 * The OpenAPI document at /docs/openapi.json, checked for completeness and against what the API
 * really answers: without a token, and as a manager, every operation is called with made-up
 * parameters, and each status it answers must be documented; successful answers must fit the
 * documented schema.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};
type MediaType = { schema?: Schema };
type Response = { description?: string; content?: Record<string, MediaType> };
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, Response>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
};

const ERROR_BODY = '#/components/schemas/ErrorBodyDto';

function operations(document: Document): { method: string; path: string; op: Operation; name: string }[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ method, path, op, name: `${method.toUpperCase()} ${path}` })),
  );
}

/** Every schema node with `type: object` that says nothing about what it holds. */
function bareObjects(node: unknown, path: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const schema = node as Schema & Record<string, unknown>;
  const here =
    schema.type === 'object' &&
    !schema.properties &&
    schema.additionalProperties === undefined &&
    !schema.$ref &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf
      ? [path]
      : [];
  return [...here, ...Object.entries(schema).flatMap(([key, value]) => bareObjects(value, `${path}/${key}`))];
}

/** Where `value` does not fit `schema` (required fields, undeclared fields, types, enums), as paths. */
function misfits(document: Document, schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.$ref) return misfits(document, document.components.schemas[schema.$ref.split('/').pop() as string], value, path);
  if (value === null && schema.nullable) return [];
  if (schema.oneOf || schema.anyOf) {
    const choices = (schema.oneOf ?? schema.anyOf) as Schema[];
    return choices.some((choice) => misfits(document, choice, value, path).length === 0) ? [] : [`${path} fits none of its choices`];
  }
  if (value === null) return [`${path} is null`];
  if (schema.allOf) return schema.allOf.flatMap((part) => misfits(document, part, value, path));
  if (schema.enum && !schema.enum.includes(value)) return [`${path} = ${JSON.stringify(value)} is not in the enum`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path} is not a string`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path} is not a number`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path} is not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path} is not a boolean`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => misfits(document, schema.items ?? {}, item, `${path}[${i}]`))
        : [`${path} is not an array`];
    case 'object':
    case undefined: {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path} is not an object`];
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      const missing = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${path}.${key} is missing`);
      const extra = Object.entries(record).flatMap(([key, item]) => {
        if (properties[key]) return misfits(document, properties[key], item, `${path}.${key}`);
        if (typeof schema.additionalProperties === 'object') return misfits(document, schema.additionalProperties, item, `${path}.${key}`);
        return schema.additionalProperties === true ? [] : [`${path}.${key} is not documented`];
      });
      return [...missing, ...extra];
    }
    default:
      return [];
  }
}

/** Made-up values for path parameters: well-formed where a format is checked, naming nothing that exists. */
const PARAMETER_VALUES: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  externalId: 'no-such-customer',
  key: 'no-such-template',
  locale: 'vi',
  token: 'not-a-signed-token',
};

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await createStaff(t.db, { role: 'manager', name: 'Doc Manager' });
    // Something on the manager's lists, so the answers checked against their schemas are not empty.
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    await createTask(t.db, customer.id, { assigneeStaffId: manager.id, dueDate: '2026-06-15' });
    document = (await t.http().get('/docs/openapi.json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it('names, tags and summarizes every operation, with unique operation ids', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(60);
    const unnamed = all.filter(({ op }) => !op.operationId || !op.summary || !op.tags?.length).map(({ name }) => name);
    expect(unnamed).toEqual([]);
    const ids = all.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents one success answer per operation, with a schema for every media type unless it has no body', () => {
    const problems = operations(document).flatMap(({ name, op }) => {
      const successes = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
      if (successes.length !== 1) return [`${name}: ${successes.length} success answers`];
      const [status, response] = successes[0];
      if (status === '204') return response.content ? [`${name}: 204 with a body`] : [];
      const content = Object.entries(response.content ?? {});
      if (content.length === 0) return [`${name}: ${status} without content`];
      return content.filter(([, media]) => !media.schema).map(([type]) => `${name}: ${status} ${type} without a schema`);
    });
    expect(problems).toEqual([]);
  });

  it('documents the errors each kind of input can cause, each JSON one with the one error body', () => {
    const problems = operations(document).flatMap(({ name, op }) => {
      const documented = Object.keys(op.responses);
      const needs: [string, string][] = [];
      if (op.security?.length) needs.push(['401', 'takes a token']);
      if (op.requestBody?.content?.['application/json']) needs.push(['400', 'reads a JSON body'], ['413', 'reads a JSON body']);
      // The open endpoints read what providers and mail clients send; the API with tokens reads JSON only.
      if (op.requestBody?.content?.['application/json'] && op.security?.length) needs.push(['415', 'reads only JSON bodies']);
      if (op.parameters?.length) needs.push(['400', 'reads parameters']);
      const missing = needs
        .filter(([status]) => !documented.includes(status))
        .map(([status, why]) => `${name}: no ${status} though it ${why}`);
      const notErrorBody = Object.entries(op.responses)
        .filter(([status]) => /^[45]/.test(status))
        .filter(([, response]) => response.content?.['application/json']?.schema?.$ref !== ERROR_BODY)
        .map(([status]) => `${name}: ${status} is not the error body`);
      return [...missing, ...notErrorBody];
    });
    expect(problems).toEqual([]);
    expect(document.components.schemas.ErrorBodyDto.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
  });

  it('has no bare object schema anywhere', () => {
    expect(bareObjects(document, '#')).toEqual([]);
  });

  it('declares the bearer scheme on the operations that need a token and none on the open ones', () => {
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    const open = operations(document)
      .filter(({ op }) => op.security?.length === 0)
      .map(({ path }) => path);
    expect([...new Set(open)].sort()).toEqual([
      '/calendar/{file}',
      '/f/{token}',
      '/health',
      '/metrics',
      '/u/{token}',
      '/webhooks/sendgrid/events',
      '/webhooks/twilio/inbound',
      '/webhooks/twilio/status',
    ]);
    const undeclared = operations(document)
      .filter(({ op }) => op.security === undefined)
      .map(({ name }) => name);
    expect(undeclared).toEqual([]);
  });

  it('is what `node dist/docs/openapi-cli.js` writes without a database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      // No database anywhere: the document comes from the routes' decorators alone.
      execFileSync(process.execPath, ['dist/docs/openapi-cli.js', file], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        stdio: 'pipe',
        timeout: 60_000,
      });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers, without a token and as a manager, only statuses it documents, and success bodies that fit their schemas', async () => {
    const undocumented: string[] = [];
    const misfitting: string[] = [];
    let checkedBodies = 0;
    for (const { method, path, op, name } of operations(document)) {
      const url = path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(PARAMETER_VALUES[param] ?? 'x'));
      for (const [who, headers] of [
        ['anonymous', {}],
        ['manager', manager.auth],
      ] as const) {
        const response = await t.http()[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url).set(headers);
        const status = String(response.status);
        if (who === 'anonymous' && op.security?.length) {
          if (status !== '401') undocumented.push(`${name} without a token: ${status}, documented as needing one`);
          continue;
        }
        if (!op.responses[status]) {
          undocumented.push(`${name} (${who}): ${status} ${JSON.stringify(response.body).slice(0, 120)}`);
          continue;
        }
        const media = (response.headers['content-type'] ?? '').split(';')[0];
        const schema = op.responses[status].content?.[media]?.schema;
        if (/^2/.test(status) && media === 'application/json' && schema) {
          checkedBodies += 1;
          misfitting.push(...misfits(document, schema, response.body).map((problem) => `${name}: ${problem}`));
        }
      }
    }
    expect(undocumented).toEqual([]);
    expect(misfitting).toEqual([]);
    // /me, the task lists, templates, touches, reports, customers: enough real answers to mean something.
    expect(checkedBodies).toBeGreaterThan(10);
  });
});
