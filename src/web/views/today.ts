/** Where a form sends the manager next: back to a page, or on through the list from the task page. */
export const PLACE_FIELDS = `<input type="hidden" name="return" value="{{returnPath}}">{{#if flow}}
      <input type="hidden" name="flow" value="next"><input type="hidden" name="kind" value="{{flow.kind}}">{{/if}}`;

/** One task with its actions; shared by the daily list and the task page. Every control has a label; forms are plain POSTs. */
export const TASK_CARD = `<article class="task{{#if overdue}} overdue{{/if}}" aria-labelledby="task-{{id}}-title">
  <h2 id="task-{{id}}-title">
    <span class="kind kind-{{kind}}">{{kindLabel}}</span>
    <a href="/app/customers/{{customerPath}}">{{customerName}}</a>
  </h2>
  <p class="meta">
    {{#if overdue}}<strong class="badge">{{due}}</strong>{{else}}{{due}}{{/if}}
    · {{priority}} · {{value}}{{#if phone}} · <a href="tel:{{phone}}">{{phone}}</a>{{/if}}
  </p>
  {{#if goal}}<p class="goal goal-{{goal.state}}">{{#if goal.alert}}<strong class="badge">{{goal.text}}</strong>{{else}}{{goal.text}}{{/if}}</p>{{/if}}
  {{#if handedOver}}<p class="meta handed-over">{{handedOver}}</p>{{/if}}
  {{#if followUp}}<p class="meta follow-up">{{followUp}}</p>{{/if}}
  {{#if movedReason}}<p class="moved">{{movedReason}}</p>{{/if}}
  {{#if reply}}
  <section class="reply" aria-label="{{@root.m.customerSaid}}">
    <h3>{{@root.m.customerSaid}}</h3>
    {{#if reply.earlier}}<p class="meta">{{reply.earlier}}</p>{{/if}}
    {{#each reply.messages}}
    <figure class="said">
      <figcaption class="meta"><time datetime="{{iso}}">{{when}}</time> · {{source}}{{#if subject}} · {{subject}}{{/if}}</figcaption>
      <blockquote>{{text}}</blockquote>
      {{#if cut}}<p class="meta">{{cut}}</p>{{/if}}
    </figure>
    {{/each}}
    {{#if reply.answers}}
    <details class="answered">
      <summary>{{reply.answers.heading}}</summary>
      {{#if reply.answers.when}}<p class="meta">{{reply.answers.when}}</p>{{/if}}
      {{#if reply.answers.subject}}<p><strong>{{reply.answers.subject}}</strong></p>{{/if}}
      {{#if reply.answers.text}}<p class="script">{{reply.answers.text}}</p>{{/if}}
    </details>
    {{/if}}
  </section>
  {{else}}
  <details{{#if flow}} open{{/if}}>
    <summary>{{@root.m.talkingPoints}}</summary>
    {{#if script}}<p class="script">{{script}}</p>{{/if}}
    <ul class="points">
      {{#each points}}<li>{{this}}</li>{{/each}}
    </ul>
  </details>
  {{/if}}
  {{#if open}}{{#if pool}}
  <form method="post" action="/app/tasks/{{id}}/claim">
    {{> placeFields}}
    <button type="submit" aria-label="{{claimLabel}}">{{@root.m.claim}}</button>
  </form>
  {{else}}
  <div class="actions">
    <form method="post" action="/app/tasks/{{id}}/complete">
      {{> placeFields}}
      <label for="outcome-{{id}}">{{@root.m.outcome}}</label>
      <select id="outcome-{{id}}" name="outcome" required>
        {{#each outcomes}}<option value="{{value}}">{{label}}</option>{{/each}}
      </select>
      <label for="note-{{id}}">{{@root.m.note}}</label>
      <textarea id="note-{{id}}" name="note" rows="2" maxlength="4000"></textarea>
      <button type="submit">{{@root.m.complete}}</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/skip">
      {{> placeFields}}
      <label for="reason-{{id}}">{{@root.m.skipReason}}</label>
      <input id="reason-{{id}}" name="reason" maxlength="500" required>
      <button type="submit">{{@root.m.skip}}</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/pool">
      {{> placeFields}}
      <button type="submit">{{@root.m.handToPool}}</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/snooze">
      {{> placeFields}}
      <label for="until-{{id}}">{{@root.m.snoozeUntil}}</label>
      <input id="until-{{id}}" name="until" type="date" min="{{tomorrow}}" value="{{tomorrow}}" required>
      <button type="submit">{{@root.m.snooze}}</button>
    </form>
    <form method="post" action="/app/tasks/{{id}}/note">
      <input type="hidden" name="return" value="{{notePath}}">
      <label for="addnote-{{id}}">{{@root.m.noteForTimeline}}</label>
      <textarea id="addnote-{{id}}" name="note" rows="2" maxlength="4000" required></textarea>
      <button type="submit">{{@root.m.addNote}}</button>
    </form>
  </div>
  {{/if}}{{else}}
  <p class="closed">{{stateText}}</p>
  {{/if}}
</article>`;

export const TODAY = `<h1>{{heading}}</h1>
<p class="counts" role="status">{{counts}}</p>
<nav aria-label="{{m.filterLabel}}" class="filters">
  <a href="/app"{{#unless kind}} aria-current="true"{{/unless}}>{{m.filterAll}}</a>
  <a href="/app?kind=call"{{#if isCall}} aria-current="true"{{/if}}>{{m.filterCalls}}</a>
  <a href="/app?kind=card"{{#if isCard}} aria-current="true"{{/if}}>{{m.filterCards}}</a>
  <a href="/app?kind=reply"{{#if isReply}} aria-current="true"{{/if}}>{{m.filterReplies}}</a>
</nav>
{{#if startHref}}<p><a class="button" href="{{startHref}}">{{m.start}}</a></p>{{/if}}
{{#each tasks}}{{> taskCard}}{{else}}<p class="empty">{{m.nothingLeft}}</p>{{/each}}`;
