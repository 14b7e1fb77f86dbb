import { RuleReportRow, UpliftRow } from './reports.service';

/**
 * Charts as inline SVG, drawn on the server: no script, no build step, readable by screen
 * readers through their <title> and the table each chart sits beside. Pure functions of the
 * report rows.
 */
const WIDTH = 640;
const BAR_HEIGHT = 22;
const LABEL_WIDTH = 130;

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface FunnelStep {
  label: string;
  value: number;
}

/** The steps a rule's touches went through, for its channel. */
export function funnelSteps(row: RuleReportRow): FunnelStep[] {
  const tasksDone = Object.values(row.tasksDone).reduce((sum, n) => sum + n, 0);
  const skipped = Object.values(row.skipped).reduce((sum, n) => sum + n, 0);
  if (row.channel === 'call' || row.channel === 'card') {
    return [
      { label: 'planned', value: row.planned },
      { label: 'done', value: tasksDone },
      { label: 'skipped', value: skipped },
    ];
  }
  const steps = [
    { label: 'planned', value: row.planned },
    { label: 'sent', value: row.sent },
    { label: 'delivered', value: row.delivered },
  ];
  if (row.channel === 'email') steps.push({ label: 'opened', value: row.opened }, { label: 'clicked', value: row.clicked });
  else steps.push({ label: 'replies', value: row.replies });
  steps.push({ label: 'skipped', value: skipped });
  return steps;
}

/** Horizontal bars, one per step, scaled to the largest. */
export function funnelChart(rule: string, steps: FunnelStep[]): string {
  const max = Math.max(1, ...steps.map((step) => step.value));
  const height = steps.length * (BAR_HEIGHT + 6) + 8;
  const barSpace = WIDTH - LABEL_WIDTH - 70;
  const bars = steps
    .map((step, i) => {
      const y = 4 + i * (BAR_HEIGHT + 6);
      const width = Math.round((step.value / max) * barSpace);
      return (
        `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeXml(step.label)}</text>` +
        `<rect class="bar ${escapeXml(step.label)}" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="3"></rect>` +
        `<text x="${LABEL_WIDTH + width + 6}" y="${y + 16}">${step.value}</text>`
      );
    })
    .join('');
  return (
    `<svg class="chart funnel" role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%">` +
    `<title>Funnel of ${escapeXml(rule)}: ${steps.map((s) => `${s.label} ${s.value}`).join(', ')}</title>${bars}</svg>`
  );
}

/**
 * Conversion uplift per month: a point at the estimate and a whisker for the 95% interval,
 * around a zero line. Months without enough data show as a hollow marker on the zero line.
 */
export function upliftChart(row: UpliftRow): string {
  const months = row.series;
  const height = 220;
  const top = 20;
  const bottom = height - 40;
  const left = 60;
  const right = WIDTH - 20;
  const known = months.flatMap((m) => (m.result.enough ? [m.result.conversionUplift.low, m.result.conversionUplift.high] : []));
  const span = Math.max(0.05, ...known.map(Math.abs));
  const y = (value: number) => top + ((span - value) / (2 * span)) * (bottom - top);
  const step = months.length > 1 ? (right - left) / (months.length - 1) : 0;
  const x = (i: number) => (months.length > 1 ? left + i * step : (left + right) / 2);
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

  const axis =
    `<line class="zero" x1="${left}" x2="${right}" y1="${y(0)}" y2="${y(0)}"></line>` +
    `<text x="${left - 6}" y="${y(span) + 4}" text-anchor="end">${percent(span)}</text>` +
    `<text x="${left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>` +
    `<text x="${left - 6}" y="${y(-span) + 4}" text-anchor="end">${percent(-span)}</text>`;
  const marks = months
    .map((month, i) => {
      const label = `<text x="${x(i)}" y="${height - 18}" text-anchor="middle">${escapeXml(month.month)}</text>`;
      if (!month.result.enough) {
        return `${label}<circle class="unknown" cx="${x(i)}" cy="${y(0)}" r="4"><title>${escapeXml(month.month)}: not enough data yet</title></circle>`;
      }
      const { estimate, low, high } = month.result.conversionUplift;
      return (
        `${label}<line class="interval" x1="${x(i)}" x2="${x(i)}" y1="${y(high)}" y2="${y(low)}"></line>` +
        `<circle class="estimate" cx="${x(i)}" cy="${y(estimate)}" r="5"><title>${escapeXml(month.month)}: ${percent(estimate)} (95% ${percent(low)} to ${percent(high)})</title></circle>`
      );
    })
    .join('');
  return (
    `<svg class="chart uplift" role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%">` +
    `<title>Reorder uplift of ${escapeXml(row.rule)} against its holdout, by month, with 95% intervals</title>${axis}${marks}</svg>`
  );
}
