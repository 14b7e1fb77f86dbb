/**
 * Per rule: the funnel and the reorder uplift over time, each chart beside the numbers it draws;
 * then the feedback per rule and the service goals per manager and month.
 */
export const REPORTS = `<h1>Reports</h1>
<p class="meta">Touches due from {{from}} to {{to}}{{#if scoped}}, your customers only{{/if}}. A reorder is an order within {{days}} days of the touch.</p>
{{#each rules}}
<section class="report" aria-labelledby="rule-{{ruleId}}">
  <h2 id="rule-{{ruleId}}">{{rule}} <span class="kind">{{channel}}</span></h2>
  <h3>Funnel</h3>
  {{funnelSvg}}
  <h3>Reorders after a touch, against the holdout group</h3>
  {{#if uplift.enough}}
  <p>{{uplift.touchedRate}} of {{uplift.touched}} touched customers reordered, against {{uplift.holdoutRate}} of {{uplift.holdout}} held out:
     <strong>{{uplift.estimate}}</strong> (95% interval {{uplift.low}} to {{uplift.high}}).
     Revenue per customer {{uplift.revenue}} (95% {{uplift.revenueLow}} to {{uplift.revenueHigh}}).</p>
  {{else}}
  <p class="empty">{{uplift.reason}}</p>
  {{/if}}
  {{upliftSvg}}
</section>
{{else}}<p class="empty">No touches in this period yet.</p>{{/each}}
<section class="report" aria-labelledby="feedback">
  <h2 id="feedback">Customer feedback</h2>
  {{#if feedback}}
  <table>
    <thead><tr><th scope="col">Rule</th><th scope="col">Asked</th><th scope="col">Answered</th><th scope="col">Response rate</th><th scope="col">Average score</th><th scope="col">Low scores</th><th scope="col">Satisfaction goal</th></tr></thead>
    <tbody>
    {{#each feedback}}<tr><th scope="row">{{rule}}</th><td>{{asked}}</td><td>{{answered}}</td><td>{{rate}}</td><td>{{average}}</td><td>{{lowScores}}</td><td>{{goal}}</td></tr>
    {{/each}}
    </tbody>
  </table>
  {{else}}<p class="empty">No message asked for feedback in this period.</p>{{/if}}
</section>
<section class="report" aria-labelledby="service">
  <h2 id="service">Replies and service goals</h2>
  <p class="meta">Time from a customer's reply to its task being completed, in the manager's working hours.</p>
  {{#if service}}
  <table>
    <thead><tr><th scope="col">Manager</th><th scope="col">Month</th><th scope="col">Replies answered</th><th scope="col">Median</th><th scope="col">90th percentile</th><th scope="col">Within goal</th><th scope="col">Average score</th><th scope="col">Satisfaction goal</th></tr></thead>
    <tbody>
    {{#each service}}<tr><th scope="row">{{manager}}</th><td>{{month}}</td><td>{{replies}}</td><td>{{median}}</td><td>{{p90}}</td><td>{{within}}</td><td>{{average}}</td><td>{{goal}}</td></tr>
    {{/each}}
    </tbody>
  </table>
  {{else}}<p class="empty">No reply answered and no feedback given in this period.</p>{{/if}}
</section>
<p><a href="/reports/rules?format=csv">Funnel as CSV</a> · <a href="/reports/uplift?format=csv">Uplift as CSV</a> · <a href="/reports/feedback?format=csv">Feedback as CSV</a> · <a href="/reports/service?format=csv">Service goals as CSV</a> (API, with your token)</p>`;
