import { ApiExtraModels, ApiProperty, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { CHANNELS, Channel } from '../../rules/rule.types';
import { TOUCH_STATES, TouchState } from '../touch-states';

export class TouchCustomerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'crm-10042' }) externalId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class TouchRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Birthday card' }) name: string;
}

export class TouchDto {
  @ApiProperty({ example: '10452' }) id: string;
  @ApiProperty({ type: TouchCustomerDto }) customer: TouchCustomerDto;
  @ApiProperty({ type: TouchRuleDto }) rule: TouchRuleDto;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'birthday:2026', description: 'What makes the touch unique for the rule and customer.' }) occurrence: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ example: 'birthday-card' }) templateKey: string;
  @ApiProperty({ type: String, nullable: true, description: 'The triggering order, for order rules.' }) orderId: string | null;
  @ApiProperty() priority: number;
  @ApiProperty() scheduledAt: Date;
  @ApiProperty({ format: 'date', description: "The day in the customer's zone." }) localDate: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Calls and cards.' }) dueDate: string | null;
  @ApiProperty({ enum: TOUCH_STATES }) state: TouchState;
  @ApiProperty({ type: String, nullable: true, example: 'quiet_hours' }) reason: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) providerMessageId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TouchPageDto {
  @ApiProperty({ type: [TouchDto] }) items: TouchDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export class MailAddressDto {
  @ApiProperty({ example: 'Emma Clarke' }) name: string;
  @ApiProperty({ example: 'emma@example.com' }) email: string;
}

export class RenderedEmailDto {
  @ApiProperty({ enum: ['email'] }) channel: 'email';
  @ApiProperty({ type: MailAddressDto }) from: MailAddressDto;
  @ApiProperty({ type: MailAddressDto, nullable: true }) replyTo: MailAddressDto | null;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  })
  headers: Record<string, string>;
}

export class RenderedSmsDto {
  @ApiProperty({ enum: ['sms'] }) channel: 'sms';
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding: 'GSM-7' | 'UCS-2';
  @ApiProperty() segments: number;
}

// OpenAPI 3.0 wants a type beside `nullable`, which Nest's option types do not allow together with oneOf.
const RENDERED = {
  type: 'object',
  nullable: true,
  description: 'Exactly what was sent, for email and SMS touches once sent; null otherwise.',
  oneOf: [{ $ref: getSchemaPath(RenderedEmailDto) }, { $ref: getSchemaPath(RenderedSmsDto) }],
  discriminator: { propertyName: 'channel' },
} as ApiPropertyOptions;

@ApiExtraModels(RenderedEmailDto, RenderedSmsDto)
export class TouchDetailDto extends TouchDto {
  @ApiProperty(RENDERED)
  rendered: RenderedEmailDto | RenderedSmsDto | null;
}

export class CancelledCountDto {
  @ApiProperty({ description: 'Planned or queued touches cancelled.' }) cancelled: number;
}
