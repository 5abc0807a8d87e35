import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';

@Module({ imports: [RuntimeModule], controllers: [InventoryController], providers: [InventoryService] })
export class InventoryModule {}
