import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { FieldError } from '../common/errors';
import { FeedbackSettings, WebSettings } from '../config/settings';
import { firstRow } from '../database/sql';
import { ReplyTasksService } from '../tasks/reply-tasks.service';
import * as ledger from '../touches/ledger';
import { FeedbackAnswer, isLowScore, parseAnswer } from './feedback-answer';
import { verifyFeedback } from './feedback-link';
import { FeedbackLanguage, feedbackLanguage } from './feedback-wording';
import * as sql from './feedback.sql';

export interface GivenAnswer extends FeedbackAnswer {
  answeredAt: Date;
}

/** What the page shows for a link; the controller turns each into a status and a page. */
export type FeedbackOutcome =
  /** Not a link we signed, or its touch is gone: 404. */
  | { kind: 'unknown' }
  /** Signed by us, but past its expiry and never answered: 410. */
  | { kind: 'expired'; language: FeedbackLanguage }
  /** The form: 200. */
  | { kind: 'open'; language: FeedbackLanguage }
  /** The form again, naming what was wrong; nothing written: 422. */
  | { kind: 'invalid'; language: FeedbackLanguage; errors: FieldError[] }
  /** Just written: 200. */
  | { kind: 'saved'; language: FeedbackLanguage; answer: GivenAnswer }
  /** Answered before: the GET shows it (200); a POST is refused and shows it (409). */
  | { kind: 'answered'; language: FeedbackLanguage; answer: GivenAnswer };

interface TouchRow {
  touch_id: string;
  customer_id: string;
  locale: string;
  account_manager_id: string | null;
  score: number | null;
  comment: string | null;
  answered_at: Date | null;
}

/**
 * The customer's feedback on one touch. The signed token is the whole credential; a touch takes
 * one answer, and an answer is never overwritten. A low score reaches the account manager in
 * the transaction that stores it.
 */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly web: WebSettings,
    private readonly settings: FeedbackSettings,
    private readonly replies: ReplyTasksService,
  ) {}

  async page(token: string): Promise<FeedbackOutcome> {
    const found = await this.find(token);
    if (found.kind !== 'found') return found;
    const { row, expired } = found;
    const language = feedbackLanguage(row.locale);
    if (row.score !== null) return { kind: 'answered', language, answer: given(row) };
    return expired ? { kind: 'expired', language } : { kind: 'open', language };
  }

  async answer(token: string, body: unknown): Promise<FeedbackOutcome> {
    const found = await this.find(token);
    if (found.kind !== 'found') return found;
    const { row, expired } = found;
    const language = feedbackLanguage(row.locale);
    if (row.score !== null) return { kind: 'answered', language, answer: given(row) };
    if (expired) return { kind: 'expired', language };
    const parsed = parseAnswer(body);
    if ('errors' in parsed) return { kind: 'invalid', language, errors: parsed.errors };
    const now = this.clock.now();
    return this.db.transaction(async (m): Promise<FeedbackOutcome> => {
      const inserted = await firstRow<{ id: string }>(m, sql.INSERT_ANSWER, [
        row.customer_id,
        row.touch_id,
        parsed.answer.score,
        parsed.answer.comment,
        now,
      ]);
      if (!inserted) {
        // Another request answered first, between our read and this insert: theirs stands.
        const first = await firstRow<{ score: number; comment: string | null; answered_at: Date }>(m, sql.ANSWER_OF_TOUCH, [row.touch_id]);
        return { kind: 'answered', language, answer: { score: first!.score, comment: first!.comment, answeredAt: first!.answered_at } };
      }
      const low = isLowScore(parsed.answer.score, this.settings.lowScore);
      // The timeline shows the score; the comment stays in feedback_answers, the one copy erasure blanks.
      await ledger.recordEvent(m, {
        customerId: row.customer_id,
        touchId: row.touch_id,
        kind: 'feedback',
        at: now,
        detail: { score: parsed.answer.score, lowScore: low, comment: parsed.answer.comment !== null },
      });
      if (low) await this.onLowScore(m, { customerId: row.customer_id, touchId: row.touch_id, answer: parsed.answer, now });
      return { kind: 'saved', language, answer: { ...parsed.answer, answeredAt: now } };
    });
  }

  /**
   * A low score is a conversation to pick up: a reply task for the account manager (their backup,
   * or the pool), due today, opened in the answer's transaction; a second low score on the same
   * message cannot happen (one answer per touch).
   */
  private async onLowScore(
    m: EntityManager,
    answer: { customerId: string; touchId: string; answer: FeedbackAnswer; now: Date },
  ): Promise<void> {
    await this.replies.openOrAppend(m, {
      customerId: answer.customerId,
      touchId: answer.touchId,
      source: 'feedback',
      text: lowScoreText(answer.answer),
      receivedAt: answer.now,
    });
  }

  private async find(token: string): Promise<{ kind: 'unknown' } | { kind: 'found'; row: TouchRow; expired: boolean }> {
    const check = verifyFeedback(token, this.web.signingSecret, this.clock.now());
    if (check.kind === 'invalid') return { kind: 'unknown' };
    const row = await firstRow<TouchRow>(this.db, sql.FEEDBACK_TOUCH, [check.payload.touchId, check.payload.customerId]);
    if (!row) return { kind: 'unknown' };
    return { kind: 'found', row, expired: check.kind === 'expired' };
  }
}

/** What the task shows the manager: the score, and the customer's words when they wrote some. */
export function lowScoreText(answer: FeedbackAnswer): string {
  return `Feedback score ${answer.score} of 5${answer.comment ? `: ${answer.comment}` : ' (no comment)'}`;
}

function given(row: TouchRow): GivenAnswer {
  return { score: row.score as number, comment: row.comment, answeredAt: row.answered_at as Date };
}
