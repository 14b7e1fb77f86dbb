import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Channel, CHANNELS } from '../template.types';

/** The parts of one variant; which ones a channel uses is in POST /templates. */
export class VariantPartsViewDto {
  @ApiPropertyOptional({ description: 'email: the subject line' }) subject?: string;
  @ApiPropertyOptional({ description: 'email: the HTML body' }) html?: string;
  @ApiPropertyOptional({ description: 'email: plain-text body; sms: the message; call: talking points; card: the message' }) text?: string;
  @ApiPropertyOptional({ description: 'card: the address block' }) address?: string;
}

@ApiExtraModels(VariantPartsViewDto)
export class TemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'birthday-email' }) key: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() description: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(VariantPartsViewDto) },
    description: 'Parts by locale; the default variant is under `default`.',
  })
  variants: Record<string, VariantPartsViewDto>;
}

export class TemplateSummaryDto {
  @ApiProperty({ example: 'birthday-email' }) key: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], example: ['default', 'vi'], description: 'Locales with a variant, `default` first.' }) locales: string[];
  @ApiProperty() updatedAt: Date;
}

export class RenderedPartsDto {
  @ApiPropertyOptional() subject?: string;
  @ApiPropertyOptional() html?: string;
  @ApiProperty({ description: 'Present for every channel.' }) text: string;
  @ApiPropertyOptional() address?: string;
}

export class SmsInfoDto {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding: string;
  @ApiProperty({ description: 'Billed length: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2.' })
  characters: number;
  @ApiProperty() segments: number;
  @ApiProperty({ description: 'Room in each segment: 160 or 153 (GSM-7), 70 or 67 (UCS-2).' }) perSegment: number;
}

export class CustomerPreviewDataDto {
  @ApiProperty({ enum: ['customer'] }) kind: 'customer';
  @ApiProperty() customerExternalId: string;
  @ApiProperty({ type: String, nullable: true }) orderExternalId: string | null;
}

export class SamplePreviewDataDto {
  @ApiProperty({ enum: ['sample'] }) kind: 'sample';
}

@ApiExtraModels(CustomerPreviewDataDto, SamplePreviewDataDto)
export class PreviewResultDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null for an unsaved template.' }) templateKey: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: "The locale asked for (or the customer's, or the default locale)." }) requestedLocale: string;
  @ApiProperty({ description: 'The variant used: `default` or a tag.' }) locale: string;
  @ApiProperty({ description: 'Dates and money were formatted in this locale.' }) formatLocale: string;
  @ApiProperty({
    description: 'Whose data filled the template.',
    oneOf: [{ $ref: getSchemaPath(CustomerPreviewDataDto) }, { $ref: getSchemaPath(SamplePreviewDataDto) }],
    discriminator: { propertyName: 'kind' },
  })
  data: CustomerPreviewDataDto | SamplePreviewDataDto;
  @ApiProperty({ type: RenderedPartsDto }) parts: RenderedPartsDto;
  @ApiPropertyOptional({ type: SmsInfoDto, description: 'SMS only.' }) sms?: SmsInfoDto;
}

/** One template variable; objects list their fields and arrays their items the same way. */
export class VariableSpecDto {
  @ApiProperty({ enum: ['string', 'number', 'boolean', 'decimal', 'date', 'datetime', 'object', 'array'] }) type: string;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ description: 'May be null: guard it with `{{#if …}}`.' }) nullable?: boolean;
  @ApiPropertyOptional({
    description: 'A value it may hold; null for one that may be null.',
    oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
  })
  example?: string | number | boolean | string[] | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('VariableSpecDto') },
    description: 'Objects: their fields.',
  })
  fields?: Record<string, VariableSpecDto>;
  @ApiPropertyOptional({ type: () => VariableSpecDto, description: 'Arrays: what each item is.' }) items?: VariableSpecDto;
}

export class HelperDocDto {
  @ApiProperty({ example: '{{date value "long"}}' }) usage: string;
  @ApiProperty() description: string;
}

@ApiExtraModels(VariableSpecDto, HelperDocDto)
export class TemplateVariablesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(VariableSpecDto) },
    description: 'Top-level variables by name.',
  })
  variables: Record<string, VariableSpecDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HelperDocDto) }, description: 'Helpers by name.' })
  helpers: Record<string, HelperDocDto>;
}
