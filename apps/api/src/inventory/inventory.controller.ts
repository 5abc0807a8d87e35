import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { ProblemDto } from '../common/problem.dto';
import { RuntimeInventoryPageDto, RuntimeInventoryQueryDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('inventory')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get('runtimes')
  @ApiOperation({ summary: "Runtimes across the active fleet by kind and version, with host and process counts (from each host's latest report)" })
  @ApiResponse({ status: 200, type: RuntimeInventoryPageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  runtimes(@Query() query: RuntimeInventoryQueryDto): Promise<RuntimeInventoryPageDto> {
    return this.inventory.runtimes(query);
  }
}
