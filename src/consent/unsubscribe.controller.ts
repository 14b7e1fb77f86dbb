import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors, ErrorBodyDto } from '../common/api-docs';
import type { FastifyReply as Response } from 'fastify';
import { CompanySettings, WebSettings } from '../config/settings';
import { Public } from '../staff/auth.decorators';
import { SuppressionsService } from './suppressions.service';
import { verifyUnsubscribe } from './unsubscribe-link';
import { confirmPage, donePage, invalidLinkPage, pageLanguage } from './unsubscribe.views';

const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/** A link we did not sign gets a page; text no database can hold gets the one error body. */
const BAD_LINK = {
  content: { ...HTML_PAGE, 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
};

/**
 * The customer's unsubscribe link (`List-Unsubscribe: <PUBLIC_URL/u/TOKEN>`). The signed token is
 * the only credential: no login, no cookies. GET only shows a page, since mail scanners follow
 * links; the POST (the page's button, or a mail client's RFC 8058 one-click) records the "no".
 */
@ApiTags('unsubscribe')
@Public()
@ApiExtraModels(ErrorBodyDto)
@Controller('u')
export class UnsubscribeController {
  private readonly secret: string;
  private readonly company: string;

  constructor(
    private readonly suppressions: SuppressionsService,
    web: WebSettings,
    company: CompanySettings,
  ) {
    this.secret = web.signingSecret;
    this.company = company.name;
  }

  @Get(':token')
  @ApiOperation({ summary: "Confirmation page with an Unsubscribe button, in the customer's language" })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page.', content: HTML_PAGE })
  @ApiBadRequestResponse({ description: 'The link is not one we signed: a page saying so.', ...BAD_LINK })
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const payload = verifyUnsubscribe(token, this.secret);
    if (!payload) return sendHtml(res, 400, invalidLinkPage('en'));
    const target = await this.suppressions.unsubscribeTarget(payload.customerId);
    sendHtml(res, 200, confirmPage(pageLanguage(target?.locale), payload.channel, token, this.company));
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe at once (RFC 8058 one-click: body List-Unsubscribe=One-Click)',
    description: 'Idempotent. Suppresses the address, withdraws consent and cancels pending touches on the channel before answering.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    required: false,
    schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } } },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed (also when the customer no longer exists): a page saying so.', content: HTML_PAGE })
  @ApiBadRequestResponse({ description: 'The link is not one we signed; nothing changed.', ...BAD_LINK })
  @ApiErrors([413, 'The form body exceeds 1 MB.'])
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    // The body is not required: some clients post an empty one, and the token alone says who and what.
    const payload = verifyUnsubscribe(token, this.secret);
    if (!payload) return sendHtml(res, 400, invalidLinkPage('en'));
    const target = await this.suppressions.unsubscribeCustomer(payload.customerId, payload.channel, 'unsubscribe_link', payload.touchId);
    sendHtml(res, 200, donePage(pageLanguage(target?.locale), payload.channel, this.company));
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .headers({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(html);
}
