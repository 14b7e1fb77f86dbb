import { checkTemplate, describeProblem } from './check';
import { PartName } from './template.types';

const problems = (source: string, part: PartName = 'text') => checkTemplate(source, part).map(describeProblem);

describe('checkTemplate: variables', () => {
  it.each([
    ['plain text', 'Hello there'],
    ['a known path', 'Hi {{customer.firstName}}'],
    ['nested object fields', '{{#if customer.address}}{{customer.address.city}}{{/if}}'],
    [
      'fields of a nullable object under #if, #with or ../',
      '{{#if order}}{{money order.total order.currency}}{{#each customer.tags}}{{../order.externalId}}{{/each}}{{/if}}{{#with order}}{{externalId}}{{/with}}',
    ],
    ['fields under #unless … else', '{{#unless customer.birthday}}-{{else}}{{ordinal customer.birthday.turning}}{{/unless}}'],
    [
      'helpers with params and hash',
      '{{#if order}}{{date order.placedAt "long"}} {{money order.total order.currency}}{{/if}} {{date customer.lastOrderAt style="short"}}',
    ],
    ['helper with no params', '{{firstNameOr}}'],
    ['a subexpression', '{{ordinal (daysSince customer.lastOrderAt)}}'],
    ['#each with this and @index', '{{#each customer.tags}}{{@index}}:{{this}}{{#if @first}}!{{/if}}{{/each}}'],
    ['#each with block params', '{{#each customer.tags as |tag i|}}{{tag}}{{i}}{{/each}}'],
    ['#with changes the context', '{{#with customer.address}}{{line1}}, {{city}}{{/with}}'],
    ['#with block param', '{{#with customer.address as |a|}}{{a.city}}{{/with}}'],
    ['../ climbs out of #with', '{{#with customer.address}}{{../customer.firstName}}{{/with}}'],
    ['@root', '{{#each customer.tags}}{{@root.company.name}}{{/each}}'],
    ['else branches', '{{#if order}}{{order.externalId}}{{else}}no order{{/if}}'],
    ['else if chains', '{{#if order}}{{order.total}}{{else if customer.tier}}{{customer.tier}}{{else}}-{{/if}}'],
    ['#each with else, in the outer context', '{{#each customer.tags}}{{this}}{{else}}{{customer.firstName}}{{/each}}'],
    ['#with with else', '{{#with customer.address}}{{city}}{{else}}{{customer.fullName}}{{/with}}'],
    ['#unless', '{{#unless customer.email}}no email for {{customer.firstName}}{{/unless}}'],
    ['array length and index', '{{customer.tags.length}} {{customer.tags.[0]}}'],
    ['comments', '{{! a note }}{{!-- {{nothing.here}} --}}'],
    ['this.path', '{{this.customer.firstName}}'],
  ])('accepts %s', (_name, source) => {
    expect(problems(source)).toEqual([]);
  });

  it('names an unknown variable and its line', () => {
    expect(problems('Hi {{customer.firstName}},\nYour {{customer.nmae}} is here')).toEqual(['unknown variable customer.nmae at line 2']);
  });

  it.each([
    ['an unknown top-level name', '{{nobody}}', 'unknown variable nobody at line 1'],
    ['a helper param', '{{#if order}}{{date order.placedOn}}{{/if}}', 'unknown variable order.placedOn at line 1'],
    ['a hash value', '{{date customer.lastOrderAt style=customer.style}}', 'unknown variable customer.style at line 1'],
    ['an #if subject', '{{#if customer.vip}}x{{/if}}', 'unknown variable customer.vip at line 1'],
    ['inside #each the context is the item', '{{#each customer.tags}}{{firstName}}{{/each}}', 'unknown variable firstName at line 1'],
    ['inside #with', '{{#with customer.address}}{{firstName}}{{/with}}', 'unknown variable firstName at line 1'],
    ['@index outside #each', '{{@index}}', 'unknown variable @index at line 1'],
    ['an unknown data variable', '{{@locale}}', 'unknown variable @locale at line 1'],
    ['../ past the root', '{{../customer.firstName}}', 'unknown variable ../customer.firstName at line 1'],
    ['a field of a scalar', '{{customer.firstName.length}}', 'unknown variable customer.firstName.length at line 1'],
    ['prototype properties', '{{customer.constructor}}', 'unknown variable customer.constructor at line 1'],
    ['an item field in #each else', '{{#each customer.tags}}{{this}}{{else}}{{city}}{{/each}}', 'unknown variable city at line 1'],
    ['__proto__', '{{customer.__proto__}}', 'unknown variable customer.__proto__ at line 1'],
  ])('rejects %s', (_name, source, expected) => {
    expect(problems(source)).toEqual([expected]);
  });

  it.each([
    [
      'a field of the order outside #if',
      '{{order.externalId}}',
      'order may be null: use order.externalId inside {{#if order}} or {{#with order}} at line 1',
    ],
    [
      'a helper param',
      '{{date order.placedAt}}',
      'order may be null: use order.placedAt inside {{#if order}} or {{#with order}} at line 1',
    ],
    [
      'an #if on a field',
      '{{#if customer.address.line2}}x{{/if}}',
      'customer.address may be null: use customer.address.line2 inside {{#if customer.address}} or {{#with customer.address}} at line 1',
    ],
    [
      'the wrong guard',
      '{{#if customer.birthday}}{{customer.address.city}}{{/if}}',
      'customer.address may be null: use customer.address.city inside {{#if customer.address}} or {{#with customer.address}} at line 1',
    ],
    [
      'the #unless body',
      '{{#unless order}}{{order.total}}{{/unless}}',
      'order may be null: use order.total inside {{#if order}} or {{#with order}} at line 1',
    ],
    [
      '@root paths',
      '{{#each customer.tags}}{{@root.order.total}}{{/each}}',
      'order may be null: use @root.order.total inside {{#if order}} or {{#with order}} at line 1',
    ],
  ])('asks for a guard around %s', (_name, source, expected) => {
    expect(problems(source)).toEqual([expected]);
  });

  it('rejects unknown and disabled helpers', () => {
    expect(problems('{{shout customer.firstName}}')).toEqual(['unknown helper shout at line 1']);
    expect(problems('{{lookup customer "firstName"}}')).toEqual(['unknown helper lookup at line 1']);
    expect(problems('{{log customer}}')).toEqual(['unknown helper log at line 1']);
    expect(problems('{{#upper}}x{{/upper}}')).toEqual(['unknown block helper #upper (use #if, #unless, #each or #with) at line 1']);
    expect(problems('{{#date order.placedAt}}x{{/date}}')[0]).toMatch(/^unknown block helper #date/);
  });

  it('rejects partials and printing whole objects', () => {
    expect(problems('{{> footer}}')).toEqual(['partials are not supported at line 1']);
    expect(problems('{{customer}}')).toEqual(['customer is an object; print one of its fields at line 1']);
    expect(problems('{{#each customer}}{{/each}}')).toEqual(['#each needs a list, and customer is not one at line 1']);
  });

  it('allows raw output only outside HTML', () => {
    expect(problems('{{{customer.firstName}}}', 'text')).toEqual([]);
    expect(problems('<p>{{{customer.firstName}}}</p>', 'html')).toEqual([
      'unescaped output ({{{…}}} or {{&…}}) is not allowed in HTML; use {{…}} or {{nl2br …}} at line 1',
    ]);
    expect(problems('<p>{{nl2br manager.signature}}</p>', 'html')).toEqual([]);
  });

  it('reports every problem, each with its own line', () => {
    expect(problems('{{a}}\n{{b.c}}\n{{customer.firstName}}\n{{d}}')).toEqual([
      'unknown variable a at line 1',
      'unknown variable b.c at line 2',
      'unknown variable d at line 4',
    ]);
  });
});

describe('checkTemplate: syntax', () => {
  it('names the line of an unclosed mustache', () => {
    const [problem] = checkTemplate('Hi {{customer.firstName}}\nYour order {{order.externalId', 'text');
    expect(problem).toMatchObject({ kind: 'syntax', line: 2 });
    expect(describeProblem(problem)).toMatch(/^syntax error: .* at line 2$/);
  });

  it('names line and column of a mismatched block', () => {
    const [problem] = checkTemplate('line one\n{{#if order}}\n  yes\n  {{/each}}', 'text');
    expect(problem).toMatchObject({ kind: 'syntax', line: 2, column: 4 });
    expect(describeProblem(problem)).toBe('syntax error: {{#if}} opened here is closed by {{/each}} at line 2, column 4');
  });

  it('rejects an empty hash value', () => {
    const [problem] = checkTemplate('{{date order.placedAt style=}}', 'text');
    expect(problem).toMatchObject({ kind: 'syntax', line: 1 });
  });
});
