import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { evaluateReport } from '@memfleet/rules';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport, type JsonResponse } from '../helpers/api-client';
import { REPO_ROOT, startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'openapi-admin-token-0123456789';
const SECRET = 'openapi-enroll-secret-0123456789';
const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** Checks a real answer against what openapi.json documents for that operation and status. */
function assertDocumented(method: string, template: string, res: JsonResponse): void {
  const where = `${method.toUpperCase()} ${template} → ${res.status}`;
  const documented = doc.paths[template]?.[method]?.responses?.[res.status];
  assert.ok(documented, `${where} is not documented`);
  if (!documented.content) return;
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0];
  const content = documented.content[mediaType];
  assert.ok(content, `${where}: answered ${mediaType}, documented ${Object.keys(documented.content).join(', ')}`);
  // The response schema, with the document's components beside it so its $refs resolve.
  const validate = ajv.compile({ ...content.schema, components: doc.components });
  assert.ok(validate(res.body), `${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 2000)}`);
}

describe('the API answers as openapi.json documents it (OpenAPI 3.1, JSON Schema 2020-12)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let agentToken: string;
  let hostId: string;
  const report = generateReport(0);
  const get = (template: string, url = template, token: string | undefined = ADMIN) => call(`${api.url}${url}`, { token }).then((res) => ({ template, res }));

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    ({ hostId, agentToken } = await enroll(api.url, SECRET, report, { env: 'prod' }));
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('serves the committed document at /docs-json and Swagger UI at /docs', async () => {
    assert.deepEqual((await call(`${api.url}/docs-json`)).body, doc);
    const page = await fetch(`${api.url}/docs`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger-ui/);
    const init = await fetch(`${api.url}/docs/swagger-ui-init.js`);
    assert.equal(init.status, 200);
    assert.match(await init.text(), /"openapi": "3\.1\.0"/);
  });

  it('answers reports, findings with evidence and remediation, hosts, rules, stats and admin calls in their documented shapes', async () => {
    assert.ok(
      evaluateReport(report).some((r) => r.outcome === 'hit'),
      'the report hits, so findings carry evidence and remediation',
    );
    const posted = await postReport(api.url, agentToken, report, { wait: 30 });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assertDocumented('post', '/api/v1/reports', posted);
    assert.ok(posted.body.findings.some((f: { outcome: string; remediation: unknown[] }) => f.outcome === 'hit' && f.remediation.length > 0));
    const { reportId } = posted.body;
    const rule = posted.body.findings.find((f: { outcome: string }) => f.outcome === 'hit').ruleId;

    const answers = await Promise.all([
      get('/api/v1/reports/{id}', `/api/v1/reports/${reportId}`),
      get('/api/v1/hosts', '/api/v1/hosts?label=env=prod'),
      get('/api/v1/hosts/{id}', `/api/v1/hosts/${hostId}`),
      get('/api/v1/hosts/{id}/reports/{reportId}/facts', `/api/v1/hosts/${hostId}/reports/${reportId}/facts`),
      get('/api/v1/findings', '/api/v1/findings'),
      get('/api/v1/findings', '/api/v1/findings?outcome=not-evaluated'),
      get('/api/v1/rules'),
      get('/api/v1/rules/{id}', `/api/v1/rules/${rule}`),
      get('/api/v1/stats/summary'),
      get('/api/v1/stats/finding-events'),
      get('/api/v1/stats/distributions'),
      get('/api/v1/inventory/runtimes'),
      get('/api/v1/auth/whoami'),
      get('/api/v1/tokens'),
      get('/api/v1/silences'),
      get('/api/v1/reevaluations'),
      get('/healthz'),
      get('/readyz'),
      get('/metrics'),
    ]);
    for (const { template, res } of answers) {
      assert.equal(res.status, 200, `${template}: ${JSON.stringify(res.body)}`);
      assertDocumented('get', template, res);
    }
    const findings = answers.find((a) => a.template === '/api/v1/findings')!.res.body;
    assert.ok(
      findings.items.some((f: { evidence: unknown[] }) => f.evidence.length > 0),
      'some finding carries evidence',
    );

    const admin = { token: ADMIN };
    assertDocumented(
      'post',
      '/api/v1/silences',
      await call(`${api.url}/api/v1/silences`, { ...admin, body: { ruleId: rule, hostId, reason: 'known, fix scheduled', durationHours: 2 } }),
    );
    assertDocumented('post', '/api/v1/tokens', await call(`${api.url}/api/v1/tokens`, { ...admin, body: { name: 'grafana', role: 'viewer' } }));
    assertDocumented(
      'patch',
      '/api/v1/hosts/{id}/labels',
      await call(`${api.url}/api/v1/hosts/${hostId}/labels`, { ...admin, method: 'PATCH', body: { labels: { team: 'core' } } }),
    );
    const preview = await call(`${api.url}/api/v1/rules/${rule}/thresholds/preview`, { ...admin, body: { values: {} } });
    assertDocumented('post', '/api/v1/rules/{id}/thresholds/preview', preview);
  });

  it('answers errors as the documented application/problem+json', async () => {
    const invalid = {
      ...report,
      sequence: 2,
      collectedAt: 'yesterday',
      configuration: { ...report.configuration, cpu: { ...report.configuration.cpu, onlineCount: -1 } },
    };
    const answers = [
      ['post', '/api/v1/reports', await postReport(api.url, agentToken, invalid)],
      ['post', '/api/v1/reports', await postReport(api.url, agentToken, { ...report, schemaVersion: 99 })],
      [
        'post',
        '/api/v1/agents/enroll',
        await call(`${api.url}/api/v1/agents/enroll`, { body: { enrollSecret: 'wrong-secret-0123456789', machineId: 'x', hostname: 'x' } }),
      ],
      ['get', '/api/v1/hosts', await call(`${api.url}/api/v1/hosts?limit=0`, { token: ADMIN })],
      ['get', '/api/v1/hosts', await call(`${api.url}/api/v1/hosts`)],
      ['get', '/api/v1/hosts/{id}', await call(`${api.url}/api/v1/hosts/00000000-0000-4000-8000-000000000000`, { token: ADMIN })],
      ['get', '/metrics', await call(`${api.url}/metrics`)],
    ] as const;
    assert.deepEqual(
      answers.map(([, , res]) => res.status),
      [400, 400, 401, 400, 401, 404, 401],
    );
    for (const [method, template, res] of answers) assertDocumented(method, template, res);
    assert.ok(answers[0][2].body.errors.length >= 2, 'every failing field is listed');
    assert.deepEqual(answers[1][2].body.supportedSchemaVersions, [3, 2, 1]);
  });
});
