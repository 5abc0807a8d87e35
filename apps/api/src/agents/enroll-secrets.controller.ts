import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { CreatedEnrollSecretDto, CreateEnrollSecretDto, EnrollSecretDto } from './dto/enroll-secrets.dto';
import { EnrollSecretsService } from './enroll-secrets.service';

@ApiTags('agents')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto })
@Controller('api/v1/enroll-secrets')
export class EnrollSecretsController {
  constructor(private readonly secrets: EnrollSecretsService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Enroll secrets, the bootstrap one included; secrets are never shown again (admin)' })
  @ApiResponse({ status: 200, type: [EnrollSecretDto] })
  list(): Promise<EnrollSecretDto[]> {
    return this.secrets.list();
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an enroll secret, valid alongside the others until it expires or is revoked; shown once (admin)' })
  @ApiResponse({ status: 201, type: CreatedEnrollSecretDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  create(@Body() dto: CreateEnrollSecretDto, @CurrentPrincipal() p: Principal): Promise<CreatedEnrollSecretDto> {
    return this.secrets.create(dto.name, dto.expiresAt, p);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an enroll secret: enrolls with it answer 401 (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.secrets.revoke(id, p);
  }
}
