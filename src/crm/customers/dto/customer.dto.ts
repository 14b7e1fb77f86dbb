import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { TextCheckedPerRow } from '../../../common/validation';
import { MAX_BULK_ROWS } from '../bulk-batch';

/*
 * Bulk rows are validated by normalizeCustomer (shared with the CSV import), one report entry per
 * bad row, so the row classes here only document the shape for OpenAPI.
 */

class ChannelConsentDto {
  @ApiProperty({ enum: ['granted', 'withdrawn'] })
  status: 'granted' | 'withdrawn';

  @ApiPropertyOptional({ example: '2026-03-01T09:00:00Z', description: 'With a zone offset; default: now.' })
  at?: string;

  @ApiPropertyOptional({ example: 'shop-checkout', description: 'Default: api.' })
  source?: string;
}

class ConsentDto {
  @ApiPropertyOptional({ type: ChannelConsentDto })
  email?: ChannelConsentDto;

  @ApiPropertyOptional({ type: ChannelConsentDto })
  sms?: ChannelConsentDto;

  @ApiPropertyOptional({ type: ChannelConsentDto })
  call?: ChannelConsentDto;
}

class AddressDto {
  @ApiProperty() line1: string;
  @ApiPropertyOptional() line2?: string;
  @ApiProperty() city: string;
  @ApiPropertyOptional() region?: string;
  @ApiPropertyOptional() postalCode?: string;
  @ApiProperty({ example: 'VN', description: 'ISO 3166-1 alpha-2; also the country of national phone numbers.' })
  country: string;
}

export class CustomerInputDto {
  @ApiProperty({ example: 'crm-10042', description: "The CRM's id; the upsert key." })
  externalId: string;

  @ApiProperty({ example: 'Linh' })
  firstName: string;

  @ApiPropertyOptional({ example: 'Nguyen' })
  lastName?: string;

  @ApiPropertyOptional({ example: 'linh@example.com' })
  email?: string;

  @ApiPropertyOptional({ example: '+84 90 123 4567', description: 'Stored as E.164; a national number is read in address.country.' })
  phone?: string;

  @ApiPropertyOptional({ example: '1990-02-28', description: 'YYYY-MM-DD, or --MM-DD when the year is unknown.' })
  birthday?: string;

  @ApiPropertyOptional({ example: '2021-06-01' })
  customerSince?: string;

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh', description: 'IANA zone; default: DEFAULT_TIME_ZONE.' })
  timeZone?: string;

  @ApiPropertyOptional({ example: 'vi-VN', description: 'BCP 47; default: DEFAULT_LOCALE.' })
  locale?: string;

  @ApiPropertyOptional({ example: 'emma@example.com', description: 'Email of a staff member.' })
  accountManagerEmail?: string;

  @ApiPropertyOptional({ type: [String], example: ['vip'] })
  tags?: string[];

  @ApiPropertyOptional({ example: 'gold' })
  tier?: string;

  @ApiPropertyOptional({ type: ConsentDto, description: 'Channels given replace the stored ones unless older; others are kept.' })
  consent?: ConsentDto;

  @ApiPropertyOptional({ type: AddressDto })
  address?: AddressDto;
}

@TextCheckedPerRow()
export class BulkCustomersDto {
  @ApiProperty({
    type: [CustomerInputDto],
    description: `1 to ${MAX_BULK_ROWS} rows. Each row is the customer's whole record: fields left out are cleared or take their defaults, except consent, which merges per channel.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ROWS)
  customers: unknown[];
}

export class FieldErrorDto {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'is not a valid phone number' }) reason: string;
}

export class RowRejectionDto {
  @ApiProperty({ description: 'Position of the row in the request.' }) index: number;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty({ type: [FieldErrorDto] }) errors: FieldErrorDto[];
}

export class BulkReportDto {
  @ApiProperty() inserted: number;
  @ApiProperty({
    description: 'Existing records matched by externalId and written again; for customers, only those whose stored values changed.',
  })
  updated: number;
  @ApiPropertyOptional({
    description:
      'Customers only: existing records the batch left as they were (same values, or a consent statement older than the stored one).',
  })
  unchanged?: number;
  @ApiProperty({ type: [RowRejectionDto] }) rejected: RowRejectionDto[];
}

export class CustomerDto {
  @ApiProperty() id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
  @ApiProperty({ description: 'Set when a provider reported the number unreachable.' }) phoneInvalid: boolean;
  @ApiProperty({ nullable: true, type: String, example: '--02-29' }) birthday: string | null;
  @ApiProperty({ nullable: true, type: String }) customerSince: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty() locale: string;
  @ApiProperty({ nullable: true, type: String }) accountManagerId: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) tier: string | null;
  @ApiProperty({ type: ConsentDto }) consent: ConsentDto;
  @ApiProperty({ type: AddressDto, nullable: true }) address: AddressDto | null;
  @ApiProperty({ example: '1249.9000', description: 'Placed orders in BASE_CURRENCY, exact decimal.' }) lifetimeValue: string;
  @ApiProperty() orderCount: number;
  @ApiProperty({ nullable: true, type: Date }) lastOrderAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) anonymizedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerDto] }) items: CustomerDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of first name, last name, full name or email (case-insensitive).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'vip' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tag?: string;

  @ApiPropertyOptional({ example: 'gold' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tier?: string;

  @ApiPropertyOptional({ description: 'Admins only: customers of this account manager.' })
  @IsOptional()
  @IsUUID()
  accountManagerId?: string;
}
