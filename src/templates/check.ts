import { parse, precompile } from './renderer';
import { PartName, isHtmlPart } from './template.types';
import { BLOCK_HELPERS, findVariable, INLINE_HELPERS, TEMPLATE_VARIABLES, VariableSpec } from './variables';

/** One thing wrong with a template source, with where it is (1-based line and column). */
export interface TemplateProblem {
  kind: 'syntax' | 'usage';
  line: number;
  column?: number;
  reason: string;
}

/**
 * The problem as one sentence: `unknown variable customer.nmae at line 2`, or for syntax errors,
 * where the column helps to find a stray brace, `syntax error: … at line 2, column 7`.
 */
export function describeProblem(problem: TemplateProblem): string {
  const where =
    problem.kind === 'syntax' && problem.column ? `at line ${problem.line}, column ${problem.column}` : `at line ${problem.line}`;
  return `${problem.reason} ${where}`;
}

/**
 * Checks a part's source the way saving does: it must parse, use only known variables and
 * helpers, print no raw HTML in an HTML part, and compile. Returns every problem found; none
 * means it can be stored.
 */
export function checkTemplate(
  source: string,
  part: PartName,
  variables: Record<string, VariableSpec> = TEMPLATE_VARIABLES,
): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = parse(source);
  } catch (error) {
    return [syntaxProblem(error)];
  }
  const problems = new VariableChecker(variables, isHtmlPart(part)).check(program);
  if (problems.length > 0) return problems;
  try {
    precompile(source, isHtmlPart(part));
  } catch (error) {
    return [syntaxProblem(error)];
  }
  return [];
}

interface HandlebarsException {
  message: string;
  lineNumber?: number;
  column?: number;
}

/** Parser errors only name the line in their text; compiler errors carry line and column. */
function syntaxProblem(error: unknown): TemplateProblem {
  const e = error as HandlebarsException;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (typeof e.lineNumber === 'number') {
    let reason = message.replace(/ - \d+:\d+$/, '');
    // Handlebars points at the opening tag of a mismatched block; say so.
    const mismatch = /^(\S+) doesn't match (\S+)$/.exec(reason);
    if (mismatch) reason = `{{#${mismatch[1]}}} opened here is closed by {{/${mismatch[2]}}}`;
    return {
      kind: 'syntax',
      line: e.lineNumber,
      column: typeof e.column === 'number' ? e.column + 1 : undefined,
      reason: `syntax error: ${reason}`,
    };
  }
  const line = /on line (\d+)/.exec(message);
  const expecting = /Expecting (.+), got '([^']+)'/.exec(message);
  const detail = expecting ? `unexpected ${describeToken(expecting[2])}` : message.split('\n')[0];
  return { kind: 'syntax', line: line ? Number(line[1]) : 1, reason: `syntax error: ${detail}` };
}

function describeToken(token: string): string {
  const names: Record<string, string> = { EOF: 'end of template (is a }} missing?)', CLOSE: '}}', INVALID: 'character' };
  return names[token] ?? token.toLowerCase();
}

/** A context a block runs in: the object `this` refers to. */
interface Frame {
  spec: VariableSpec;
  /** Inside #each, where @index, @first, @last and @key exist. */
  inEach: boolean;
}

interface BlockParam {
  name: string;
  spec: VariableSpec;
}

const ROOT_SPEC = (variables: Record<string, VariableSpec>): VariableSpec => ({ type: 'object', description: 'root', fields: variables });
const INDEX_SPEC: VariableSpec = { type: 'number', description: 'index' };
const EACH_DATA = new Set(['index', 'first', 'last', 'key']);

/**
 * Walks the AST with the stack of contexts Handlebars would use at run time: #each and #with
 * change `this` (and what `../` climbs to), #if and #unless do not; block params are lexical.
 */
class VariableChecker {
  private readonly problems: TemplateProblem[] = [];
  private readonly frames: Frame[];
  private readonly params: BlockParam[][] = [];
  /** Root paths known to be non-null here: subjects of the enclosing #if and #with blocks. */
  private readonly guards: string[] = [];
  private readonly root: VariableSpec;

  constructor(
    variables: Record<string, VariableSpec>,
    private readonly html: boolean,
  ) {
    this.root = ROOT_SPEC(variables);
    this.frames = [{ spec: this.root, inEach: false }];
  }

  check(program: hbs.AST.Program): TemplateProblem[] {
    this.program(program);
    return this.problems;
  }

  private program(program: hbs.AST.Program | undefined): void {
    for (const statement of program?.body ?? []) this.statement(statement);
  }

  private statement(node: hbs.AST.Statement): void {
    switch (node.type) {
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement);
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      default:
        // Partials and decorators: nothing registers any, and they would bypass the check.
        return this.problem(
          node,
          `${node.type === 'PartialStatement' || node.type === 'PartialBlockStatement' ? 'partials are' : 'decorators are'} not supported`,
        );
    }
  }

  private mustache(node: hbs.AST.MustacheStatement): void {
    if (!node.escaped && this.html) {
      this.problem(node, 'unescaped output ({{{…}}} or {{&…}}) is not allowed in HTML; use {{…}} or {{nl2br …}}');
    }
    this.call(node.path, node.params, node.hash, false);
  }

  private block(node: hbs.AST.BlockStatement): void {
    const path = node.path as hbs.AST.PathExpression;
    const name = path.type === 'PathExpression' ? path.original : '';
    if (!BLOCK_HELPERS.has(name)) {
      this.problem(node, `unknown block helper #${name || '?'} (use #if, #unless, #each or #with)`);
      return;
    }
    if (node.params.length !== 1) {
      this.problem(node, `#${name} takes exactly one value`);
      return;
    }
    const subject = this.expression(node.params[0]);
    const blockParams = node.program?.blockParams ?? [];
    const param = node.params[0];
    const guard = param.type === 'PathExpression' ? this.rootPath(param as hbs.AST.PathExpression)?.join('.') : undefined;
    // #if, #with and #each run their body only when the subject is truthy; #unless its else.
    if (guard && name !== 'unless') this.guards.push(guard);
    if (name === 'each' || name === 'with') {
      let inner: VariableSpec | null = subject;
      if (name === 'each') {
        if (subject && subject.type !== 'array') {
          this.problem(node, `#each needs a list, and ${original(node.params[0])} is not one`);
          inner = null;
        } else inner = subject?.items ?? null;
      }
      // An unknown subject was reported already; check the body against an open context so the
      // same mistake is not reported once per use.
      const spec = inner ?? ANY;
      this.frames.push({ spec, inEach: name === 'each' });
      this.params.push(blockParams.map((param, i) => ({ name: param, spec: name === 'each' && i === 1 ? INDEX_SPEC : spec })));
      this.program(node.program);
      this.params.pop();
      this.frames.pop();
    } else {
      this.params.push([]);
      this.program(node.program);
      this.params.pop();
    }
    if (guard && name !== 'unless') this.guards.pop();
    if (guard && name === 'unless') this.guards.push(guard);
    this.program(node.inverse);
    if (guard && name === 'unless') this.guards.pop();
  }

  /** A helper call or a value; `sub` for (subexpressions), which must be helper calls. */
  private call(path: hbs.AST.Expression, params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, sub: boolean): void {
    const name = path.type === 'PathExpression' ? (path as hbs.AST.PathExpression).original : '';
    const isHelper = INLINE_HELPERS.has(name) && !this.isBlockParam(path as hbs.AST.PathExpression);
    if (params.length > 0 || (hash && hash.pairs.length > 0) || sub) {
      if (!isHelper) {
        this.problem(path, BLOCK_HELPERS.has(name) ? `${name} is a block helper: use {{#${name} …}}` : `unknown helper ${name || '?'}`);
        return;
      }
      for (const param of params) this.expression(param);
      for (const pair of hash?.pairs ?? []) this.expression(pair.value);
      return;
    }
    if (isHelper) return;
    if (path.type !== 'PathExpression') return; // a literal: {{"text"}}
    const spec = this.expression(path);
    if (spec && spec.type === 'object' && spec !== ANY) {
      this.problem(path, `${original(path)} is an object; print one of its fields`);
    }
  }

  /** Checks an expression and returns what it refers to (null when unknown or a literal). */
  private expression(node: hbs.AST.Expression): VariableSpec | null {
    if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.call(sub.path, sub.params, sub.hash, true);
      return null;
    }
    if (node.type !== 'PathExpression') return null;
    const path = node as hbs.AST.PathExpression;
    const spec = this.resolve(path);
    if (!spec) this.problem(path, `unknown variable ${original(path)}`);
    else this.checkGuarded(path);
    return spec;
  }

  /**
   * A field of a value that may be null (order, customer.address, customer.birthday) must sit
   * inside `{{#if value}}` or `{{#with value}}`: strict mode would fail on it at send time, for
   * exactly the customers who lack it.
   */
  private checkGuarded(path: hbs.AST.PathExpression): void {
    const parts = this.rootPath(path);
    if (!parts) return;
    for (let n = 1; n < parts.length; n++) {
      const prefix = parts.slice(0, n);
      const spec = findVariable(this.root.fields ?? {}, prefix);
      const name = prefix.join('.');
      if (spec?.nullable && spec.type === 'object' && !this.guards.includes(name)) {
        this.problem(path, `${name} may be null: use ${original(path)} inside {{#if ${name}}} or {{#with ${name}}}`);
        return;
      }
    }
  }

  /** The path's parts counted from the root context, or null when it starts elsewhere. */
  private rootPath(path: hbs.AST.PathExpression): string[] | null {
    if (path.data) return path.parts[0] === 'root' ? path.parts.slice(1) : null;
    const scoped = /^(this|\.)(\/|\.|$)/.test(path.original) || path.depth > 0;
    if (!scoped && path.parts.length > 0 && this.blockParam(path.parts[0])) return null;
    return this.frames.length - 1 - path.depth === 0 ? [...path.parts] : null;
  }

  private resolve(path: hbs.AST.PathExpression): VariableSpec | null {
    const parts = [...path.parts];
    if (path.data) {
      const head = parts.shift();
      if (head === 'root') return this.within(this.root, parts);
      if (head && EACH_DATA.has(head) && parts.length === 0 && this.frames.some((frame) => frame.inEach)) return INDEX_SPEC;
      return null;
    }
    const scoped = /^(this|\.)(\/|\.|$)/.test(path.original) || path.depth > 0;
    if (!scoped && parts.length > 0) {
      const param = this.blockParam(parts[0]);
      if (param) return this.within(param.spec, parts.slice(1));
    }
    const frame = this.frames[this.frames.length - 1 - path.depth];
    if (!frame) return null;
    return this.within(frame.spec, parts);
  }

  private within(spec: VariableSpec, parts: string[]): VariableSpec | null {
    if (parts.length === 0) return spec;
    if (spec === ANY) return ANY;
    if (spec.type === 'object') return findVariable(spec.fields ?? {}, parts);
    if (spec.type === 'array') {
      return findVariable({ list: spec }, ['list', ...parts]);
    }
    return null;
  }

  private blockParam(name: string): BlockParam | undefined {
    for (let i = this.params.length - 1; i >= 0; i--) {
      const found = this.params[i].find((param) => param.name === name);
      if (found) return found;
    }
    return undefined;
  }

  private isBlockParam(path: hbs.AST.PathExpression): boolean {
    return path.type === 'PathExpression' && path.parts.length > 0 && this.blockParam(path.parts[0]) !== undefined;
  }

  private problem(node: hbs.AST.Node, reason: string): void {
    const start = node.loc?.start;
    this.problems.push({ kind: 'usage', line: start?.line ?? 1, column: start ? start.column + 1 : undefined, reason });
  }
}

/** Stands for a context whose shape is unknown because of an earlier problem. */
const ANY: VariableSpec = { type: 'object', description: 'unknown' };

function original(node: hbs.AST.Expression): string {
  return node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : node.type;
}
