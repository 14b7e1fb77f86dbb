export const POOL = `<h1>{{m.poolHeading}}</h1>
<p>{{m.poolIntro}}</p>
{{#each tasks}}
<article class="task{{#if overdue}} overdue{{/if}}" aria-labelledby="pool-{{id}}-title">
  <h2 id="pool-{{id}}-title"><span class="kind kind-{{kind}}">{{kindLabel}}</span> {{customerName}}</h2>
  <p class="meta">{{#if overdue}}<strong class="badge">{{due}}</strong>{{else}}{{due}}{{/if}} · {{priority}} · {{value}}</p>
  <form method="post" action="/app/tasks/{{id}}/claim">
    <input type="hidden" name="return" value="/app/pool">
    <button type="submit" aria-label="{{claimLabel}}">{{@root.m.claim}}</button>
  </form>
</article>
{{else}}<p class="empty">{{m.poolEmpty}}</p>{{/each}}`;
