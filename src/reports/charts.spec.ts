import { funnelChart, funnelSteps, upliftChart } from './charts';
import { RuleReportRow, UpliftRow } from './reports.service';

const emailRow: RuleReportRow = {
  ruleId: 'r1',
  rule: 'Birthday <email>',
  channel: 'email',
  planned: 200,
  sent: 190,
  delivered: 180,
  bounced: 2,
  opened: 90,
  clicked: 20,
  replies: 0,
  tasksDone: {},
  skipped: { holdout: 40, capped: 2 },
  failed: {},
};

describe('charts', () => {
  it('draws a funnel with one bar per step, scaled to the largest, escaping names', () => {
    const steps = funnelSteps(emailRow);
    expect(steps.map((s) => s.label)).toEqual(['planned', 'sent', 'delivered', 'opened', 'clicked', 'skipped']);
    expect(steps.find((s) => s.label === 'skipped')!.value).toBe(42);
    const svg = funnelChart(emailRow.rule, steps);
    expect(svg.match(/<rect /g)).toHaveLength(6);
    expect(svg).toContain('Birthday &lt;email&gt;');
    expect(svg).not.toContain('<email>');
    const widths = [...svg.matchAll(/width="(\d+)" height/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBe(Math.max(...widths));
    expect(widths[4]).toBe(Math.round((20 / 200) * widths[0]));
  });

  it('shows tasks done for call and card rules', () => {
    const steps = funnelSteps({ ...emailRow, channel: 'call', tasksDone: { reached: 5, no_answer: 2 } });
    expect(steps).toEqual([
      { label: 'planned', value: 200 },
      { label: 'done', value: 7 },
      { label: 'skipped', value: 42 },
    ]);
  });

  it('draws the uplift per month with its interval, and a hollow mark when data is short', () => {
    const known = {
      enough: true as const,
      touched: { customers: 100, conversionRate: 0.3, revenuePerCustomer: 30 },
      holdout: { customers: 50, conversionRate: 0.2, revenuePerCustomer: 20 },
      conversionUplift: { estimate: 0.1, low: -0.05, high: 0.25 },
      revenueUplift: { estimate: 10, low: -2, high: 22 },
    };
    const row: UpliftRow = {
      ruleId: 'r1',
      rule: 'Birthday email',
      result: known,
      series: [
        { month: '2026-09', result: known },
        {
          month: '2026-10',
          result: { enough: false, reason: 'not enough data yet', touched: { customers: 3 }, holdout: { customers: 1 } },
        },
      ],
    };
    const svg = upliftChart(row);
    expect(svg.match(/class="estimate"/g)).toHaveLength(1);
    expect(svg.match(/class="interval"/g)).toHaveLength(1);
    expect(svg.match(/class="unknown"/g)).toHaveLength(1);
    expect(svg).toContain('2026-09: 10.0% (95% -5.0% to 25.0%)');
    expect(svg).toContain('2026-10: not enough data yet');
  });
});
