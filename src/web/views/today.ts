/** One task with its actions; shared by the daily list. Every control has a label; forms are plain POSTs. */
export const TASK_CARD = `<article class="task{{#if overdue}} overdue{{/if}}" aria-labelledby="task-{{id}}-title">
  <h2 id="task-{{id}}-title">
    <span class="kind kind-{{kind}}">{{kindLabel}}</span>
    <a href="/app/customers/{{customerPath}}">{{customerName}}</a>
  </h2>
  <p class="meta">
    {{#if overdue}}<strong class="badge">Overdue since {{dueDate}}</strong>{{else}}Due {{dueDate}}{{/if}}
    · priority {{priority}} · value {{value}}{{#if phone}} · <a href="tel:{{phone}}">{{phone}}</a>{{/if}}
  </p>
  {{#if movedReason}}<p class="moved">{{movedReason}}</p>{{/if}}
  <details>
    <summary>Talking points</summary>
    {{#if script}}<p class="script">{{script}}</p>{{/if}}
    <ul class="points">
      {{#each points}}<li>{{this}}</li>{{/each}}
    </ul>
  </details>
  <div class="actions">
    <form method="post" action="/app/tasks/{{id}}/complete">
      <input type="hidden" name="return" value="{{returnPath}}">
      <label for="outcome-{{id}}">Outcome</label>
      <select id="outcome-{{id}}" name="outcome" required>
        {{#each outcomes}}<option value="{{value}}">{{label}}</option>{{/each}}
      </select>
      <label for="note-{{id}}">Note</label>
      <textarea id="note-{{id}}" name="note" rows="2" maxlength="4000"></textarea>
      <button type="submit">Complete</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/snooze">
      <input type="hidden" name="return" value="{{returnPath}}">
      <label for="until-{{id}}">Snooze until</label>
      <input id="until-{{id}}" name="until" type="date" min="{{tomorrow}}" value="{{tomorrow}}" required>
      <button type="submit">Snooze</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/note">
      <input type="hidden" name="return" value="{{returnPath}}">
      <label for="addnote-{{id}}">Note for the timeline</label>
      <textarea id="addnote-{{id}}" name="note" rows="2" maxlength="4000" required></textarea>
      <button type="submit">Add note</button>
    </form>
  </div>
</article>`;

export const TODAY = `<h1>Today, {{date}}</h1>
<p class="counts" role="status">{{counts.left}} left{{#if counts.overdue}} ({{counts.overdue}} overdue){{/if}} · {{counts.done}} done{{#if counts.skipped}} · {{counts.skipped}} skipped{{/if}}</p>
<nav aria-label="Filter by kind" class="filters">
  <a href="/app"{{#unless kind}} aria-current="true"{{/unless}}>All</a>
  <a href="/app?kind=call"{{#if isCall}} aria-current="true"{{/if}}>Calls</a>
  <a href="/app?kind=card"{{#if isCard}} aria-current="true"{{/if}}>Cards</a>
</nav>
{{#each tasks}}{{> taskCard}}{{else}}<p class="empty">Nothing left for today.</p>{{/each}}`;
