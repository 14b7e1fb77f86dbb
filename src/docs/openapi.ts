import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const DESCRIPTION =
  'Proactive personal-touch outreach. Every endpoint but /health, /metrics, /docs, the customer-facing ones and the provider webhooks ' +
  'takes `Authorization: Bearer <token>`. Bodies are JSON (`Content-Type: application/json`; another type answers 415), ' +
  "but provider webhooks take the provider's own form posts. " +
  'Errors share one body: `{ statusCode, error, message, errors?: [{ field, reason }] }`.';

/** Tags in the order the docs list them, with what each group is for. */
const TAGS: [string, string][] = [
  ['staff', 'Staff members, their roles and personal API tokens.'],
  ['customers', "CRM customers: bulk upsert, search, erasure, and each one's timeline."],
  ['orders', "CRM orders: bulk upsert and a customer's orders."],
  ['templates', 'Message, talking-point and card templates with locale variants, checked on save.'],
  ['rules', 'Outreach rules: trigger, conditions, action and limits; versions and dry runs.'],
  ['planner', 'Plan runs: rules turned into touches over the horizon ahead.'],
  ['touches', 'The ledger of planned contacts and their states.'],
  ['delivery', 'Re-driving failed email and SMS touches.'],
  ['tasks', "Call, card and reply tasks for account managers (a reply task answers a customer's email or SMS)."],
  ['suppressions', 'Addresses that must never be contacted.'],
  ['reports', 'Funnels, uplift against the holdout group, and staff work.'],
  ['unsubscribe', "The customer's one-click unsubscribe link (no login)."],
  ['webhooks', 'Provider callbacks, verified by signature, or for Inbound Parse by a secret in the URL (no login).'],
  ['operations', 'Health and metrics for monitoring (no login).'],
];

/**
 * The OpenAPI document of the app's routes. Reads only decorators, so it can be built from an app
 * created in preview mode, without a database (see openapi-cli.ts).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Touchpoint')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative: the document describes the server that serves it.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A personal token: `POST /staff/{id}/tokens`, shown once.' }, 'bearer')
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description: 'SendGrid Inbound Parse: any user name, INBOUND_PARSE_SECRET as the password, in the URL.',
      },
      'inboundParseBasicAuth',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    // `customers_list`, `tasks_complete`: stable names for generated clients.
    operationIdFactory: (controllerKey, methodKey) => `${lowerFirst(controllerKey.replace(/Controller$/, ''))}_${methodKey}`,
  });
  typeNullableReferences(document);
  return document;
}

type SchemaNode = { [key: string]: unknown };

/**
 * OpenAPI 3.0 needs a `type` beside `nullable`; Nest drops the type of a property declared with
 * oneOf/anyOf/allOf. Where every alternative is a reference to a component (an object schema),
 * the type is `object`. Changes the document in place.
 */
export function typeNullableReferences(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(typeNullableReferences);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as SchemaNode;
  if (schema.nullable === true && schema.type === undefined) {
    const alternatives = ['oneOf', 'anyOf', 'allOf'].flatMap((key) => (Array.isArray(schema[key]) ? (schema[key] as SchemaNode[]) : []));
    if (alternatives.length > 0 && alternatives.every((alternative) => typeof alternative.$ref === 'string')) schema.type = 'object';
  }
  Object.values(schema).forEach(typeNullableReferences);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
