import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { withContractSchemas } from './common/contract-dto';
import { withNullTypes } from './common/openapi-nullable';
import { ProblemDto } from './common/problem.dto';

export const API_VERSION = '1.0.0';

// OpenAPI 3.1, whose schemas are JSON Schema: the report contract (TypeBox) and the DTOs derived from
// it are documented exactly as the server validates them, with no lossy conversion to 3.0's dialect.
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('memfleet API')
    .setDescription(
      'Fleet-wide memory-runtime diagnostics. Agents post reports with a per-host token; people and scripts read hosts, findings, rules and stats with a role token (viewer, operator, admin). Every error is application/problem+json (RFC 9457).',
    )
    .setVersion(API_VERSION)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the server that serves this document (a client generated from the file sets its base URL).
    .addServer('/', 'The memfleet server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'Agent token (reports) or API token with a role; the dashboard signs in with the memfleet_session cookie instead (POST /api/v1/sessions), sending X-CSRF-Token on changes',
      },
      'bearer',
    )
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withOutgoingWebhooks(withDatabaseUnavailable(withProblemMediaType(withContractSchemas(withNullTypes(doc)))));
}

// What memfleet POSTs to a webhook destination (OpenAPI 3.1 `webhooks`: requests the API sends, not serves).
function withOutgoingWebhooks(doc: OpenAPIObject): OpenAPIObject {
  const operation = {
    operationId: 'Destinations_webhookAlert',
    summary: 'The signed body memfleet POSTs to a webhook destination (alerts, audits, test messages)',
    description:
      'Headers: `X-Memfleet-Timestamp` (Unix seconds) and `X-Memfleet-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with the destination secret. Reject a body whose signature differs or whose timestamp is more than 5 minutes off.',
    tags: ['destinations'],
    security: [],
    parameters: [
      { name: 'X-Memfleet-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^\\d+$' } },
      { name: 'X-Memfleet-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookAlertPayloadDto' } } } },
    responses: {
      '204': { description: 'Any 2xx: delivered. A 3xx fails the delivery (redirects are not followed); a 5xx, 408 or 429 is retried with backoff.' },
      '401': { description: 'The signature or timestamp did not verify: the delivery fails without retries.' },
    },
  };
  return { ...doc, webhooks: { webhookAlert: { post: operation } } } as OpenAPIObject;
}

// The ProblemFilter answers every error as application/problem+json; Nest would label them with the
// operation's media type (application/json, or text/plain for /metrics).
function withProblemMediaType(doc: OpenAPIObject): OpenAPIObject {
  const problemRef = getSchemaPath(ProblemDto);
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item) as { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }[]) {
      for (const response of Object.values(operation?.responses ?? {})) {
        const schema = Object.values(response.content ?? {})[0]?.schema;
        if (schema?.$ref === problemRef) response.content = { 'application/problem+json': { schema } };
      }
    }
  }
  return doc;
}

// Every /api route needs PostgreSQL; while it is away the problem filter answers 503 with Retry-After
// (README "Failure behaviour"), which a client generated from this document should expect.
function withDatabaseUnavailable(doc: OpenAPIObject): OpenAPIObject {
  const schema = { $ref: getSchemaPath(ProblemDto) };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const operation of Object.values(item) as { responses?: Record<string, unknown> }[]) {
      if (!operation?.responses || operation.responses['503']) continue;
      operation.responses['503'] = {
        description: 'The database is away; retry after the given delay',
        headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
        content: { 'application/problem+json': { schema } },
      };
    }
  }
  return doc;
}

export function setupSwagger(app: INestApplication): void {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'memfleet API' });
}
