import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import {
  CreateDestinationDto,
  CreatedDestinationDto,
  DeliveriesQueryDto,
  DeliveryPageDto,
  DestinationDto,
  TestDeliveryDto,
  UpdateDestinationDto,
} from './dto/destinations.dto';
import { WebhookAlertPayloadDto } from './dto/webhook-payload.dto';
import { DestinationsService } from './destinations.service';

@ApiTags('destinations')
@ApiSecurity('bearer')
@ApiExtraModels(WebhookAlertPayloadDto)
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto })
@RequireRole('admin')
@Controller('api/v1/destinations')
export class DestinationsController {
  constructor(private readonly destinations: DestinationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a destination for alerts and audits: webhook, slack, alertmanager or email (admin)',
    description: `A webhook receives the JSON body [WebhookAlertPayload](${getSchemaPath(WebhookAlertPayloadDto)}), signed with its secret.`,
  })
  @ApiResponse({ status: 201, type: CreatedDestinationDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 409, type: ProblemDto })
  create(@Body() dto: CreateDestinationDto, @CurrentPrincipal() p: Principal): Promise<CreatedDestinationDto> {
    return this.destinations.create(dto, p);
  }

  @Get()
  @ApiOperation({ summary: 'Destinations (admin); secrets are never shown' })
  @ApiResponse({ status: 200, type: [DestinationDto] })
  list(): Promise<DestinationDto[]> {
    return this.destinations.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One destination (admin)' })
  @ApiResponse({ status: 200, type: DestinationDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<DestinationDto> {
    return this.destinations.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a destination’s name, url, recipients or secret (admin)' })
  @ApiResponse({ status: 200, type: DestinationDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  @ApiResponse({ status: 409, type: ProblemDto })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateDestinationDto, @CurrentPrincipal() p: Principal): Promise<DestinationDto> {
    return this.destinations.update(id, dto, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a destination with its delivery log; audit schedules naming it no longer do (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, type: ProblemDto })
  remove(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.destinations.remove(id, p);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log of a destination, newest first: retries and dead letters with their last error (admin)' })
  @ApiResponse({ status: 200, type: DeliveryPageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  deliveries(@Param('id', uuidParam('id')) id: string, @Query() q: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.destinations.deliveryPage(id, q);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a test message; follow it in the delivery log (admin)' })
  @ApiResponse({ status: 202, type: TestDeliveryDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  test(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<TestDeliveryDto> {
    return this.destinations.sendTest(id, p);
  }
}
