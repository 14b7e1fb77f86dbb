import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors } from '../common/api-docs';
import { CompanySettings } from '../config/settings';
import { Public } from '../staff/auth.decorators';
import { FeedbackOutcome, FeedbackService } from './feedback.service';
import { answeredPage, expiredPage, formPage, thanksPage, unknownLinkPage } from './feedback.views';

const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/**
 * The customer's feedback link (`PUBLIC_URL/f/TOKEN`), in the messages of rules with
 * `action.askFeedback`. The signed token is the only credential: no login, no cookies, so no
 * session for a cross-site post to ride on. GET only shows a page, since mail scanners follow
 * links; only the POST records an answer.
 */
@ApiTags('feedback')
@Public()
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
  @ApiNotFoundResponse({ description: 'Not a link we signed, or its message no longer exists: a page saying so.', content: HTML_PAGE })
  @ApiGoneResponse({
    description: 'The link has expired (FEEDBACK_LINK_DAYS after sending) unanswered: a page saying so.',
    content: HTML_PAGE,
  })
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    this.send(res, token, await this.feedback.page(token));
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
  @ApiNotFoundResponse({ description: 'Not a link we signed, or its message no longer exists; nothing written.', content: HTML_PAGE })
  @ApiConflictResponse({
    description: 'Answered before: the page shows the first answer, which stands; nothing written.',
    content: HTML_PAGE,
  })
  @ApiGoneResponse({ description: 'The link has expired; nothing written.', content: HTML_PAGE })
  @ApiUnprocessableEntityResponse({
    description: 'No score, a score outside 1–5, or a comment over 2000 characters: the form again, saying which; nothing written.',
    content: HTML_PAGE,
  })
  @ApiErrors([413, 'The form body exceeds the request body limit.'])
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.feedback.answer(token, req.body);
    this.send(res, token, outcome, true);
  }

  private send(res: Response, token: string, outcome: FeedbackOutcome, posted = false): void {
    switch (outcome.kind) {
      case 'unknown':
        return sendHtml(res, 404, unknownLinkPage('en'));
      case 'expired':
        return sendHtml(res, 410, expiredPage(outcome.language));
      case 'open':
        return sendHtml(res, 200, formPage(outcome.language, token, this.company));
      case 'invalid':
        return sendHtml(res, 422, formPage(outcome.language, token, this.company, outcome.errors));
      case 'saved':
        return sendHtml(res, 200, thanksPage(outcome.language, outcome.answer));
      case 'answered':
        return sendHtml(res, posted ? 409 : 200, answeredPage(outcome.language, outcome.answer));
    }
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(html);
}
