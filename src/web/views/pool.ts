export const POOL = `<h1>Shared pool</h1>
<p>Calls and cards of customers without an available account manager. Claim one to put it on your list.</p>
{{#each tasks}}
<article class="task{{#if overdue}} overdue{{/if}}" aria-labelledby="pool-{{id}}-title">
  <h2 id="pool-{{id}}-title"><span class="kind kind-{{kind}}">{{kindLabel}}</span> {{customerName}}</h2>
  <p class="meta">{{#if overdue}}<strong class="badge">Overdue since {{dueDate}}</strong>{{else}}Due {{dueDate}}{{/if}} · priority {{priority}} · value {{value}}</p>
  <form method="post" action="/app/tasks/{{id}}/claim">
    <input type="hidden" name="return" value="/app/pool">
    <button type="submit" aria-label="Claim the {{kindLabel}} for {{customerName}}">Claim</button>
  </form>
</article>
{{else}}<p class="empty">The pool is empty.</p>{{/each}}`;
