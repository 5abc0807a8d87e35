import { Injectable } from '@nestjs/common';
import { ReevaluationRuns } from '@memfleet/evaluation';
import { ReevaluationsRepository } from '@memfleet/persistence';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { ReevaluationDto } from './dto/reevaluation.dto';
import { reasonInWords } from './reason-in-words';

/** Background re-evaluations: their progress, and starting one by hand. */
@Injectable()
export class ReevaluationsService {
  constructor(
    private readonly runs: ReevaluationsRepository,
    private readonly reevaluations: ReevaluationRuns,
    private readonly activity: ActivityService,
  ) {}

  async recent(): Promise<ReevaluationDto[]> {
    return (await this.runs.recent()).map((run) => ({ ...wire(run), reason: reasonInWords(run.reason) }));
  }

  async get(id: string): Promise<ReevaluationDto> {
    const run = await this.runs.get(id);
    if (!run) throw new ProblemException(404, 'not-found', `No re-evaluation ${id}.`);
    return { ...wire(run), reason: reasonInWords(run.reason) };
  }

  async start(reason: string, by: Principal): Promise<ReevaluationDto> {
    const id = await this.reevaluations.start(`${by.kind === 'api' ? by.name : 'agent'}: ${reason}`);
    await this.activity.record(by, { action: 'reevaluation.started', targetType: 'reevaluation', targetId: id, details: { reason } });
    return this.get(id);
  }
}
