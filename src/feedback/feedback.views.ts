import { escapeHtml, publicPage } from '../common/public-page';
import { FieldError } from '../common/errors';
import { FeedbackLanguage, feedbackTexts } from './feedback-wording';
import { MAX_COMMENT_LENGTH } from './feedback-answer';

/**
 * The customer's feedback pages: tiny, self-contained HTML in the customer's language (no
 * scripts, no external assets, no cookies), like the unsubscribe pages. Everything shown is
 * escaped; the form posts back to the link it was served from.
 */

export function formPage(language: FeedbackLanguage, token: string, company: string, errors: FieldError[] = []): string {
  const t = feedbackTexts(language);
  const problems = errors.map((e) => (e.field === 'comment' ? t.badCommentBody(MAX_COMMENT_LENGTH) : t.badScoreBody));
  const alert = problems.length > 0 ? `<p class="error" role="alert">${problems.map(escapeHtml).join('<br>')}</p>` : '';
  const options = t.scores
    .map((label, i) => `<label class="score"><input type="radio" name="score" value="${i + 1}" required> ${escapeHtml(label)}</label>`)
    .join('\n');
  // A relative action resolves to /f/<token> whatever host or prefix the page was served under.
  const form =
    `<form method="post" action="${escapeHtml(token)}">\n` +
    `<fieldset><legend>${escapeHtml(t.question(company))}</legend>\n${options}\n</fieldset>\n` +
    `<label for="comment">${escapeHtml(t.commentLabel)}</label>\n` +
    `<textarea id="comment" name="comment" rows="4" maxlength="${MAX_COMMENT_LENGTH}"></textarea>\n` +
    `<button type="submit">${escapeHtml(t.send)}</button></form>`;
  return layout(language, errors.length > 0 ? t.badScoreTitle : t.title, `${alert}${form}`);
}

export function thanksPage(language: FeedbackLanguage, answer: { score: number; comment: string | null }): string {
  const t = feedbackTexts(language);
  return layout(language, t.thanksTitle, `<p>${escapeHtml(t.thanksBody)}</p>${answerBlock(language, answer)}`);
}

export function answeredPage(language: FeedbackLanguage, answer: { score: number; comment: string | null }): string {
  const t = feedbackTexts(language);
  return layout(language, t.answeredTitle, answerBlock(language, answer));
}

export function expiredPage(language: FeedbackLanguage): string {
  const t = feedbackTexts(language);
  return layout(language, t.expiredTitle, `<p>${escapeHtml(t.expiredBody)}</p>`);
}

export function unknownLinkPage(language: FeedbackLanguage): string {
  const t = feedbackTexts(language);
  return layout(language, t.invalidTitle, `<p>${escapeHtml(t.invalidBody)}</p>`);
}

function answerBlock(language: FeedbackLanguage, answer: { score: number; comment: string | null }): string {
  const t = feedbackTexts(language);
  const comment = answer.comment
    ? `<dt>${escapeHtml(t.yourComment)}</dt><dd class="comment">${escapeHtml(answer.comment).replace(/\r?\n/g, '<br>')}</dd>`
    : '';
  return `<dl><dt>${escapeHtml(t.yourScore)}</dt><dd class="given-score">${escapeHtml(t.scores[answer.score - 1])}</dd>${comment}</dl>`;
}

/** What the feedback form needs beyond the public page's frame. */
const FORM_CSS = `fieldset{border:0;padding:0;margin:0 0 1rem}
legend{margin-bottom:.5rem}
.score{display:block;padding:.35rem 0}
textarea{width:100%;box-sizing:border-box;font:inherit;margin:.3rem 0 1rem}
.error{color:#a00;font-weight:600}
dd{margin:0 0 .8rem}
`;

function layout(language: FeedbackLanguage, title: string, body: string): string {
  return publicPage(language, title, body, FORM_CSS);
}
