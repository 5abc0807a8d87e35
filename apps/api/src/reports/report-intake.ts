import { Injectable } from '@nestjs/common';
import { validateReport } from '@memfleet/contracts';
import { agentTokenRequired } from '../auth/bearer';
import type { Principal } from '../auth/principal';
import { ProblemException, invalidFields } from '../common/problem.exception';
import type { ReportAcceptedDto } from './dto/report.dto';
import { ReportQueriesService } from './report-queries.service';
import { ReportsService } from './reports.service';

export const MAX_WAIT_SECONDS = 60;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A report post as the HTTP layer hands it over: the parsed body, the agent's principal, ?wait= and Idempotency-Key as sent. */
export interface ReportPost {
  body: unknown;
  principal: Principal;
  idempotencyKey: string | undefined;
  wait: unknown;
}

/** The answer to a report post: 202 while queued, 200 once evaluated or settled (with the host's findings). */
export interface ReportPostAnswer {
  status: 200 | 202;
  body: ReportAcceptedDto;
}

/**
 * POST /api/v1/reports, the one implementation: the raw route (raw-report-route.ts) serves it, and the
 * Nest controller (which documents it in OpenAPI) calls the same.
 */
@Injectable()
export class ReportIntake {
  constructor(
    private readonly reports: ReportsService,
    private readonly queries: ReportQueriesService,
  ) {}

  async post({ body, principal, idempotencyKey, wait: waitRaw }: ReportPost): Promise<ReportPostAnswer> {
    if (principal.kind !== 'agent') throw agentTokenRequired();
    // As Nest's ValidationPipe hands a string query parameter over: String() of what the query parser gave.
    const wait = waitRaw === undefined ? 0 : Number(String(waitRaw));
    if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS)
      throw invalidFields([{ path: 'query.wait', reason: `must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}` }]);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw invalidFields([{ path: 'header.Idempotency-Key', reason: 'must be 1-128 characters of [A-Za-z0-9_.:-]' }]);
    }
    const print = this.reports.fingerprint(principal.hostId, body);
    const v = validateReport(body, print.known);
    if (!v.ok) {
      if (v.kind === 'schema-version') {
        throw new ProblemException(
          400,
          'unsupported-schema-version',
          `schemaVersion ${JSON.stringify(v.got)} is not supported; this server accepts ${v.supported.join(', ')}.`,
          {
            supportedSchemaVersions: v.supported,
            errors: [{ path: 'schemaVersion', reason: `must be one of ${v.supported.join(', ')}` }],
          },
        );
      }
      throw invalidFields(v.errors, `The report has ${v.errors.length} invalid field(s).`);
    }
    const { identity } = v.report;
    if (identity.machineId !== principal.machineId || (identity.dmiProductUuid ?? '') !== principal.dmiProductUuid) {
      throw new ProblemException(403, 'foreign-host', 'This agent token is bound to another host (machine-id / DMI product UUID differ).');
    }
    const incoming = { report: v.report, configuration: v.full ? v.report.configuration : null, receivedVersion: v.receivedVersion };
    const accepted = await this.reports.accept(principal.hostId, incoming, idempotencyKey ?? null, print);
    const status = wait > 0 && accepted.status === 'queued' ? await this.queries.waitForEvaluation(accepted.reportId, wait * 1000) : accepted.status;
    const answer = { reportId: accepted.reportId, status, configurationChanged: accepted.configurationChanged, configurationHash: accepted.configurationHash };
    if (status === 'queued') return { status: 202, body: answer };
    const findings = status === 'evaluated' || status === 'settled' ? await this.queries.findingsOfHost(principal.hostId) : [];
    return { status: 200, body: { ...answer, findings } };
  }
}
