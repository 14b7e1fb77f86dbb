export const ERROR = `<h1>{{heading}}</h1>
<p class="error" role="alert">{{message}}</p>
{{#if fields.length}}<ul>{{#each fields}}<li><strong>{{field}}</strong> {{reason}}</li>{{/each}}</ul>{{/if}}
<p><a href="{{back}}">{{m.back}}</a></p>`;
