import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { RUNTIME_KINDS } from '@memfleet/contracts';
import { INVENTORY_SORT_KEYS, type InventorySort } from '@memfleet/persistence';

export class RuntimeInventoryQueryDto {
  /** Page size (1-500). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number = 100;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  cursor?: string;

  /** Only this runtime kind. */
  @IsOptional()
  @IsIn(RUNTIME_KINDS)
  kind?: string;

  /** hosts: by how many hosts run it; kind: by kind, then version (compared per dot component as numbers). `-` descending. */
  @IsOptional()
  @IsIn(INVENTORY_SORT_KEYS)
  sort?: InventorySort = '-hosts';
}

export class RuntimeVersionDto {
  kind: string;
  /** Null when the agent could not read it. */
  version: string | null;
  /** Active hosts whose latest report runs it. */
  hosts: number;
  /** Processes running it on those hosts. */
  processes: number;
  /** The hosts search that lists those hosts (GET /api/v1/hosts?q=...). */
  hostsQuery: string;
}

export class RuntimeInventoryPageDto {
  items: RuntimeVersionDto[];
  nextCursor: string | null;
  /** Kind and version pairs over all pages. */
  total: number;
}
