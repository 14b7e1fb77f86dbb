import Handlebars from 'handlebars';
import { ERROR } from './views/error';
import { LAYOUT } from './views/layout';
import { POOL } from './views/pool';
import { REPORTS } from './views/reports';
import { SIGN_IN } from './views/sign-in';
import { TIMELINE } from './views/timeline';
import { TASK_CARD, TODAY } from './views/today';

/**
 * The pages' own Handlebars instance: nothing registered elsewhere reaches it. Every value is
 * HTML-escaped (no triple-stash anywhere); the only unescaped value is a page body that this
 * module rendered itself, handed to the layout as a SafeString. Contexts are plain objects.
 */
const engine = Handlebars.create();
engine.registerPartial('taskCard', TASK_CARD);

const options: CompileOptions = { strict: false, noEscape: false, knownHelpersOnly: true };
const pages = {
  signIn: engine.compile(SIGN_IN, options),
  today: engine.compile(TODAY, options),
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

export function renderPage(page: PageName, frame: Frame, context: object): string {
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  const body = new engine.SafeString(pages[page](context, runtime));
  return layout({ ...frame, body }, runtime);
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];
