import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS, ErrorSpec } from '../common/api-docs';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { PreviewResultDto, TemplateDto, TemplateSummaryDto, TemplateVariablesDto } from './dto/template-response.dto';
import { CreateTemplateDto, DraftPreviewDto, PreviewDto, UpdateTemplateDto, VariantPartsDto } from './dto/template.dto';
import { PreviewResult, TemplatePreviewService } from './template-preview.service';
import { TemplateSummary, TemplatesService, TemplateView } from './templates.service';
import { HelperDoc, TEMPLATE_HELPERS, TEMPLATE_VARIABLES, VariableSpec } from './variables';

const VARIABLES_SUMMARY =
  'Templates are Handlebars in strict mode: a name that does not exist is an error when saving, not an empty string. ' +
  'Top-level variables: `customer` (firstName, lastName, fullName, email, phone, birthday {month, day, year, turning}, age, locale, timeZone, tier, tags, ' +
  'lifetimeValue, orderCount, lastOrderAt, daysSinceLastOrder, customerSince, address {line1, line2, city, region, postalCode, country}), ' +
  '`manager` (name, firstName, email, phone, signature), `order` (externalId, total, currency, placedAt; null without a triggering order), ' +
  '`company` (name, currency) and `touch` (date). Nullable objects (birthday, address, order) must be guarded with {{#if …}}. ' +
  'Helpers: date, time, money, firstNameOr, daysSince, ordinal, plural, nl2br, and the built-in if, unless, each, with. ' +
  'Only the email `html` part is HTML-escaped; subjects, SMS, talking points and cards are plain text.';

const ADMINS_ONLY: ErrorSpec = [403, 'Admins only.'];
const UNKNOWN_TEMPLATE: ErrorSpec = [404, 'No template has this key.'];
const DOES_NOT_COMPILE: ErrorSpec = [
  422,
  'A part does not compile or uses an unknown variable; `errors` names the part, the problem and the line.',
];

@ApiTags('templates')
@ApiTokenAuth()
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly previews: TemplatePreviewService,
  ) {}

  @Get('variables')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The variables and helpers templates may use', description: VARIABLES_SUMMARY })
  @ApiOkResponse({ type: TemplateVariablesDto })
  variables(): { variables: Record<string, VariableSpec>; helpers: Record<string, HelperDoc> } {
    return { variables: TEMPLATE_VARIABLES, helpers: TEMPLATE_HELPERS };
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List templates with their locales' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list(): Promise<TemplateSummary[]> {
    return this.templates.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a template with its variants',
    description: `Compiled and checked on save: 422 names each part with a problem. ${VARIABLES_SUMMARY}`,
  })
  @ApiCreatedResponse({ type: TemplateDto })
  @ApiErrors(...BODY_ERRORS, ADMINS_ONLY, [409, 'A template with this key exists.'], DOES_NOT_COMPILE)
  create(@Body() body: CreateTemplateDto, @CurrentStaff() staff: Principal): Promise<TemplateView> {
    return this.templates.create(body, staff.staffId);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Preview an unsaved template',
    description:
      'Checks the body as saving would (400/422), then renders it for a real customer or sample data. SMS previews add encoding (GSM-7 or UCS-2), characters and segments.',
  })
  @ApiOkResponse({ type: PreviewResultDto })
  @ApiErrors(...BODY_ERRORS, [404, 'Unknown customer (for a manager: not theirs) or order.'], DOES_NOT_COMPILE)
  previewDraft(@Body() body: DraftPreviewDto, @CurrentStaff() staff: Principal): Promise<PreviewResult> {
    return this.previews.previewDraft(body.channel, body.variants, body, staff);
  }

  @Get(':key')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'A template with every variant' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiErrors(400, UNKNOWN_TEMPLATE)
  get(@Param('key') key: string): Promise<TemplateView> {
    return this.templates.get(key);
  }

  @Patch(':key')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change the description, or replace every variant',
    description: 'Key and channel never change: rules refer to them.',
  })
  @ApiOkResponse({ type: TemplateDto })
  @ApiErrors(...BODY_ERRORS, ADMINS_ONLY, UNKNOWN_TEMPLATE, DOES_NOT_COMPILE)
  update(@Param('key') key: string, @Body() body: UpdateTemplateDto, @CurrentStaff() staff: Principal): Promise<TemplateView> {
    return this.templates.update(key, body, staff.staffId);
  }

  @Delete(':key')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template', description: '409 while a rule uses it.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, ADMINS_ONLY, UNKNOWN_TEMPLATE, [409, 'A rule uses the template.'])
  remove(@Param('key') key: string, @CurrentStaff() staff: Principal): Promise<void> {
    return this.templates.remove(key, staff.staffId);
  }

  @Put(':key/variants/:locale')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or replace one variant', description: '`locale` is `default` or a BCP 47 tag such as vi or vi-VN.' })
  @ApiOkResponse({ type: TemplateDto, description: 'The template with every variant.' })
  @ApiErrors([400, 'A bad locale or part.'], 413, 415, ADMINS_ONLY, UNKNOWN_TEMPLATE, DOES_NOT_COMPILE)
  putVariant(
    @Param('key') key: string,
    @Param('locale') locale: string,
    @Body() body: VariantPartsDto,
    @CurrentStaff() staff: Principal,
  ): Promise<TemplateView> {
    // Only the parts sent: the DTO instance also carries the undeclared ones as undefined.
    const parts = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    return this.templates.putVariant(key, locale, parts, staff.staffId);
  }

  @Delete(':key/variants/:locale')
  @Roles('admin')
  @ApiOperation({ summary: 'Delete one variant', description: 'The default variant cannot be deleted (409).' })
  @ApiOkResponse({ type: TemplateDto, description: 'The template with the variants left.' })
  @ApiErrors(
    [400, 'A bad locale.'],
    ADMINS_ONLY,
    [404, 'No such template, or no variant for this locale.'],
    [409, 'The default variant cannot be deleted.'],
  )
  deleteVariant(@Param('key') key: string, @Param('locale') locale: string, @CurrentStaff() staff: Principal): Promise<TemplateView> {
    return this.templates.deleteVariant(key, locale, staff.staffId);
  }

  @Post(':key/preview')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Preview a stored template',
    description:
      'Renders for a real customer (`customerExternalId`; managers only their own, else 404) or for sample data in `locale`. ' +
      'Answers the parts, the variant used after fallback (vi-VN → vi → default), and for SMS the encoding, characters and segments.',
  })
  @ApiOkResponse({ type: PreviewResultDto })
  @ApiErrors(...BODY_ERRORS, [404, 'Unknown template, customer (for a manager: not theirs) or order.'])
  preview(@Param('key') key: string, @Body() body: PreviewDto, @CurrentStaff() staff: Principal): Promise<PreviewResult> {
    return this.previews.preview(key, body, staff);
  }
}
