/** One task on its own page: the "next task" flow's stop, with its place in the list. */
export const TASK = `<p><a href="{{backHref}}">{{m.backToList}}</a></p>
<h1>{{heading}}</h1>
<p class="meta">{{#if position}}{{position}}{{else}}{{m.notOnList}}{{/if}}</p>
{{#with task}}{{> taskCard}}{{/with}}`;
