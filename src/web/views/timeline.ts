export const TIMELINE = `<p><a href="/app">{{m.backToToday}}</a></p>
<h1>{{customerName}}</h1>
<p class="meta">{{meta}}</p>
<ol class="timeline">
{{#each entries}}
  <li class="entry entry-{{type}}">
    <p class="when"><time datetime="{{iso}}">{{when}}</time>{{#if actor}} · {{actor}}{{/if}}</p>
    <p class="title">{{title}}</p>
    {{#each lines}}<p class="line">{{this}}</p>{{/each}}
  </li>
{{else}}
  <li class="empty">{{m.nothingYet}}</li>
{{/each}}
</ol>
{{#if nextHref}}<p><a href="{{nextHref}}" rel="next">{{m.olderEntries}}</a></p>{{/if}}`;
