import { Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ApiErrors, ErrorBodyDto } from '../common/api-docs';
import { FieldError } from '../common/errors';
import { CompanySettings } from '../config/settings';
import { Public } from '../staff/auth.decorators';
import { prefersJson } from '../common/accepts';
import { FeedbackOutcome, FeedbackService } from './feedback.service';
import { answeredPage, expiredPage, formPage, thanksPage, unknownLinkPage } from './feedback.views';

const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/** A browser gets a page; a client that asks for JSON (`Accept: application/json`) gets the one error body. */
const PAGE_OR_ERROR = { ...HTML_PAGE, 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } };

const BAD_TOKEN = {
  description: 'The token holds text no database can hold: the one error body; nothing written.',
  content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
};

/**
 * The customer's feedback link (`PUBLIC_URL/f/TOKEN`), in the messages of rules with
 * `action.askFeedback`. The signed token is the only credential: no login, no cookies, so no
 * session for a cross-site post to ride on. GET only shows a page, since mail scanners follow
 * links; only the POST records an answer.
 */
@ApiTags('feedback')
@Public()
@ApiExtraModels(ErrorBodyDto)
@Controller('f')
export class FeedbackController {
  private readonly company: string;

  constructor(
    private readonly feedback: FeedbackService,
    company: CompanySettings,
  ) {
    this.company = company.name;
  }

  @Get(':token')
  @ApiOperation({
    summary: "The feedback page in the customer's language: a 1–5 score and an optional comment",
    description: "Languages en, vi, ru, th from the customer's locale, else English. A link already answered shows the answer given.",
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The form, or the answer already given.', content: HTML_PAGE })
  @ApiBadRequestResponse(BAD_TOKEN)
  @ApiNotFoundResponse({ description: 'Not a link we signed, or its message no longer exists: a page saying so.', content: PAGE_OR_ERROR })
  @ApiGoneResponse({
    description: 'The link has expired (FEEDBACK_LINK_DAYS after sending) unanswered: a page saying so.',
    content: PAGE_OR_ERROR,
  })
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.send(req, res, token, await this.feedback.page(token));
  }

  @Post(':token')
  @ApiOperation({
    summary: 'Answer: one answer per message, never overwritten',
    description:
      'Form fields `score` (1–5) and `comment` (optional, at most 2000 characters). A score at or below FEEDBACK_LOW_SCORE ' +
      "puts the conversation on the account manager's list in the same transaction. The score shows on the customer's timeline " +
      'and in `GET /reports/feedback` at once.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['score'],
      properties: { score: { type: 'string', enum: ['1', '2', '3', '4', '5'] }, comment: { type: 'string', maxLength: 2000 } },
    },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Recorded: a thank-you page showing the answer.', content: HTML_PAGE })
  @ApiBadRequestResponse(BAD_TOKEN)
  @ApiNotFoundResponse({ description: 'Not a link we signed, or its message no longer exists; nothing written.', content: PAGE_OR_ERROR })
  @ApiConflictResponse({
    description: 'Answered before: the page shows the first answer, which stands; nothing written.',
    content: PAGE_OR_ERROR,
  })
  @ApiGoneResponse({ description: 'The link has expired; nothing written.', content: PAGE_OR_ERROR })
  @ApiUnprocessableEntityResponse({
    description: 'No score, a score outside 1–5, or a comment over 2000 characters: the form again, saying which; nothing written.',
    content: PAGE_OR_ERROR,
  })
  @ApiErrors([413, 'The form body exceeds the request body limit.'])
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.feedback.answer(token, req.body);
    this.send(req, res, token, outcome, true);
  }

  private send(req: Request, res: Response, token: string, outcome: FeedbackOutcome, posted = false): void {
    const json = prefersJson(req.headers.accept);
    switch (outcome.kind) {
      case 'unknown':
        if (json) return sendError(res, 404, 'Feedback link not found');
        return sendHtml(res, 404, unknownLinkPage('en'));
      case 'expired':
        if (json) return sendError(res, 410, 'The feedback link has expired');
        return sendHtml(res, 410, expiredPage(outcome.language));
      case 'open':
        return sendHtml(res, 200, formPage(outcome.language, token, this.company));
      case 'invalid':
        if (json) return sendError(res, 422, 'Invalid answer', outcome.errors);
        return sendHtml(res, 422, formPage(outcome.language, token, this.company, outcome.errors));
      case 'saved':
        return sendHtml(res, 200, thanksPage(outcome.language, outcome.answer));
      case 'answered':
        if (posted && json) return sendError(res, 409, 'This message has been answered already');
        return sendHtml(res, posted ? 409 : 200, answeredPage(outcome.language, outcome.answer));
    }
  }
}

function sendError(res: Response, statusCode: number, message: string, errors?: FieldError[]): void {
  const error = String(HttpStatus[statusCode]).toLowerCase().replace(/_/g, ' ');
  res
    .status(statusCode)
    .header('Cache-Control', 'no-store')
    .send(errors ? { statusCode, error, message, errors } : { statusCode, error, message });
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
