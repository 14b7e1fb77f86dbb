import Handlebars from 'handlebars';
import { ERROR } from './views/error';
import { LAYOUT } from './views/layout';
import { POOL } from './views/pool';
import { REPORTS } from './views/reports';
import { SIGN_IN } from './views/sign-in';
import { TIMELINE } from './views/timeline';
import { TASK } from './views/task';
import { PLACE_FIELDS, TASK_CARD, TODAY } from './views/today';
import { LANGUAGE_NAMES, PAGE_LOCALES, PageText } from './i18n/page-text';

/**
 * The pages' own Handlebars instance: nothing registered elsewhere reaches it. Every value is
 * HTML-escaped (no triple-stash anywhere); the only unescaped value is a page body that this
 * module rendered itself, handed to the layout as a SafeString. Contexts are plain objects.
 */
const engine = Handlebars.create();
engine.registerPartial('taskCard', TASK_CARD);
engine.registerPartial('placeFields', PLACE_FIELDS);

const options: CompileOptions = { strict: false, noEscape: false, knownHelpersOnly: true };
const pages = {
  signIn: engine.compile(SIGN_IN, options),
  today: engine.compile(TODAY, options),
  task: engine.compile(TASK, options),
  pool: engine.compile(POOL, options),
  timeline: engine.compile(TIMELINE, options),
  reports: engine.compile(REPORTS, options),
  error: engine.compile(ERROR, options),
};
const layout = engine.compile(LAYOUT, options);

export type PageName = keyof typeof pages;

export interface Frame {
  title: string;
  signedIn: boolean;
  staffName?: string;
  nav?: { today?: boolean; pool?: boolean; reports?: boolean };
  flash?: string | null;
}

/** Markup this app drew itself (the report charts), passed through the escaping unchanged. */
export function trustedMarkup(html: string): unknown {
  return new engine.SafeString(html);
}

/** A page in the reader's language: every template finds its words under `m` (inside loops, `@root.m`). */
export function renderPage(page: PageName, frame: Frame, context: object, text: PageText): string {
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  const m = text.messages;
  const body = new engine.SafeString(pages[page]({ ...context, m }, runtime));
  const languages = PAGE_LOCALES.map((value) => ({ value, name: LANGUAGE_NAMES[value], selected: value === text.locale }));
  return layout({ ...frame, body, m, lang: text.locale, languages }, runtime);
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];
