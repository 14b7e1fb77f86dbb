import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { TextCheckedPerRow } from '../../../common/validation';
import { MAX_BULK_ROWS } from '../../customers/bulk-batch';
import { ORDER_STATUSES, OrderStatus } from '../order.entity';

/** Documents a bulk row; rows are validated by normalizeOrder, one report entry per bad row. */
export class OrderInputDto {
  @ApiProperty({ example: 'shop-58812', description: "The shop's id; the upsert key." })
  externalId: string;

  @ApiProperty({ example: 'crm-10042', description: 'externalId of a customer that is not anonymized. May change: the order moves.' })
  customerExternalId: string;

  @ApiProperty({ example: '2026-03-01T14:30:00+07:00', description: 'With a zone offset.' })
  placedAt: string;

  @ApiPropertyOptional({ example: 'Asia/Bangkok' })
  placedTimeZone?: string;

  @ApiProperty({ example: '129.90', description: 'Non-negative decimal, at most 4 places; a string keeps it exact.' })
  total: string;

  @ApiProperty({ example: 'USD', description: 'ISO 4217.' })
  currency: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, default: 'placed' })
  status?: OrderStatus;
}

@TextCheckedPerRow()
export class BulkOrdersDto {
  @ApiProperty({ type: [OrderInputDto], description: `1 to ${MAX_BULK_ROWS} rows, upserted by externalId.` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ROWS)
  orders: unknown[];
}

export class OrderDto {
  @ApiProperty() id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() placedAt: Date;
  @ApiProperty({ nullable: true, type: String }) placedTimeZone: string | null;
  @ApiProperty({ example: '129.9000' }) total: string;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
