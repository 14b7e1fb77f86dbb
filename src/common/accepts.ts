const MEDIA = /^\s*([\w.+*-]+)\/([\w.+*-]+)\s*(?:;(.*))?$/;

/**
 * Whether a caller's Accept header asks for JSON over HTML. The pages answer in HTML, so a
 * missing header, a tie or anything unreadable keeps HTML.
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return quality(accept, 'application', 'json') > quality(accept, 'text', 'html');
}

/** The quality the header gives one media type, from its most specific matching range. */
function quality(accept: string, type: string, subtype: string): number {
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const match = MEDIA.exec(range);
    if (!match) continue;
    const [, rangeType, rangeSubtype, params = ''] = match;
    const specificity = rangeType === '*' ? 0 : rangeSubtype === '*' ? 1 : 2;
    const fits =
      (rangeType === '*' || rangeType.toLowerCase() === type) && (rangeSubtype === '*' || rangeSubtype.toLowerCase() === subtype);
    if (!fits || specificity < best.specificity) continue;
    const q = /(?:^|;)\s*q\s*=\s*([\d.]+)/i.exec(params);
    best = { specificity, q: q ? Number(q[1]) : 1 };
  }
  return best.q;
}
