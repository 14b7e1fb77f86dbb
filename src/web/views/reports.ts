/** Per rule: the funnel and the reorder uplift over time, each chart beside the numbers it draws. */
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
<p><a href="/reports/rules?format=csv">Funnel as CSV</a> · <a href="/reports/uplift?format=csv">Uplift as CSV</a> (API, with your token)</p>`;
