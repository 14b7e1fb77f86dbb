import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsLocale } from '../../common/validators';
import { Channel, CHANNELS } from '../template.types';

const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const VARIANTS_DOC = {
  type: 'object',
  description:
    'Variants by locale: `default` (required; used when no locale matches) and BCP 47 tags such as `vi` or `vi-VN`. ' +
    'Parts by channel: email `subject`, `html`, `text`; sms `text`; call `text` (talking points); card `text` (the message) and `address` (the envelope). ' +
    'Each part is a Handlebars template over the variables of GET /templates/variables; it is compiled and checked when saved (422 names the part, the problem and the line).',
  additionalProperties: {
    type: 'object',
    properties: { subject: { type: 'string' }, html: { type: 'string' }, text: { type: 'string' }, address: { type: 'string' } },
  },
  example: {
    default: {
      subject: 'Happy birthday, {{firstNameOr "there"}}!',
      html: '<p>Happy birthday, {{customer.firstName}}!</p><p>{{nl2br manager.signature}}</p>',
      text: 'Happy birthday, {{customer.firstName}}!\n\n{{manager.signature}}',
    },
    vi: {
      subject: 'Chúc mừng sinh nhật {{customer.firstName}}!',
      html: '<p>Chúc mừng sinh nhật {{customer.firstName}}!</p>',
      text: 'Chúc mừng sinh nhật {{customer.firstName}}!',
    },
  },
} as const;

export class CreateTemplateDto {
  @ApiProperty({
    example: 'birthday-email',
    description: 'Slug rules refer to: lowercase letters, digits and dashes. Cannot change later.',
  })
  @IsString()
  @Length(1, 80)
  @Matches(KEY_PATTERN, { message: 'key must be a slug of lowercase letters, digits and dashes, e.g. birthday-email' })
  key: string;

  @ApiProperty({ enum: CHANNELS, description: 'Cannot change later.' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ example: 'Birthday greeting from the account manager' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty(VARIANTS_DOC)
  @IsObject()
  variants: Record<string, unknown>;
}

/** Either may be left out; neither may be null. */
const present = (_: object, value: unknown) => value !== undefined;

export class UpdateTemplateDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ ...VARIANTS_DOC, description: `Replaces every variant. ${VARIANTS_DOC.description}` })
  @ValidateIf(present)
  @IsObject()
  variants?: Record<string, unknown>;
}

/** One variant's parts; which are required depends on the template's channel. */
export class VariantPartsDto {
  @ApiPropertyOptional({ description: 'email: the subject line (plain text)' })
  @IsOptional()
  @IsString()
  subject?: string;

  @ApiPropertyOptional({ description: 'email: the HTML body (values are HTML-escaped)' })
  @IsOptional()
  @IsString()
  html?: string;

  @ApiPropertyOptional({ description: 'email: plain-text body; sms: the message; call: talking points; card: the handwritten message' })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ description: 'card: the address block for the envelope' })
  @IsOptional()
  @IsString()
  address?: string;
}

export class PreviewDto {
  @ApiPropertyOptional({
    example: 'vi-VN',
    description: "Locale to render; defaults to the customer's, or the default locale for sample data.",
  })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({
    example: 'C-1001',
    description: 'Render for this real customer (managers: their own customers only); sample data when absent.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  customerExternalId?: string;

  @ApiPropertyOptional({
    example: 'A-10293',
    description: 'With a customer: the order to render as `order`; defaults to their latest placed order.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  orderExternalId?: string;
}

export class DraftPreviewDto extends PreviewDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty(VARIANTS_DOC)
  @IsObject()
  variants: Record<string, unknown>;
}
