/** The pages' one stylesheet: readable on a phone first, wider screens get more room. */
export const STYLESHEET = `
:root { --ink: #1d232b; --muted: #5b6470; --line: #d6dbe1; --accent: #0b5cad; --warn: #a4300b; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 1; }
.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 16px; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; }
.top nav { display: flex; gap: 12px; }
.top nav a[aria-current] { font-weight: 700; text-decoration: none; }
.signout { margin-left: auto; display: flex; gap: 8px; align-items: center; }
.who { color: var(--muted); }
main { max-width: 52rem; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 8px 0; }
h2 { font-size: 1.1rem; margin: 0 0 4px; }
.task, .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.task.overdue { border-left: 5px solid var(--warn); }
.badge { color: var(--warn); }
.meta, .when, .counts { color: var(--muted); margin: 0 0 8px; }
.moved { background: #fff6e0; padding: 4px 8px; border-radius: 4px; }
.kind { display: inline-block; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; padding: 0 6px; border-radius: 4px; background: #e8eef6; margin-right: 6px; }
.script { white-space: pre-wrap; background: var(--bg); padding: 8px; border-radius: 4px; }
.actions { display: grid; gap: 12px; margin-top: 8px; }
.actions form, .card { display: grid; gap: 4px; }
label { font-weight: 600; font-size: .9rem; }
input, select, textarea, button { font: inherit; padding: 8px; border: 1px solid #9aa3ad; border-radius: 6px; width: 100%; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; min-height: 44px; }
.button { display: inline-block; background: var(--accent); color: #fff; padding: 10px 16px; border-radius: 6px; text-decoration: none; min-height: 44px; }
.closed { color: var(--muted); }
.bottom { max-width: 52rem; margin: 0 auto; padding: 16px; border-top: 1px solid var(--line); }
.language { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.language select, .language button { width: auto; }
.reply h3 { font-size: 1rem; margin: 8px 0 4px; }
.said { margin: 8px 0; }
.said blockquote { margin: 0; padding: 8px 12px; border-left: 4px solid var(--accent); background: var(--bg); white-space: pre-wrap; overflow-wrap: anywhere; }
.signout button { width: auto; background: #fff; color: var(--accent); }
.filters { display: flex; gap: 12px; margin-bottom: 8px; }
.filters a[aria-current] { font-weight: 700; }
.flash { background: #e6f4ea; padding: 8px 12px; border-radius: 6px; }
.error { background: #fdecea; padding: 8px 12px; border-radius: 6px; }
.timeline { list-style: none; padding: 0; }
.entry { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.entry .title { font-weight: 600; margin: 0; }
.entry .line { margin: 4px 0 0; white-space: pre-wrap; }
.empty { color: var(--muted); }
.report { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; }
.report h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.chart { max-width: 40rem; display: block; font-size: 13px; }
.chart text { fill: var(--ink); }
.chart .bar { fill: var(--accent); }
.chart .bar.skipped { fill: #9aa4b1; }
.chart .zero { stroke: var(--muted); stroke-dasharray: 4 3; }
.chart .interval { stroke: var(--accent); stroke-width: 3; }
.chart .estimate { fill: var(--accent); }
.chart .unknown { fill: none; stroke: var(--muted); stroke-width: 2; }
.report table { display: block; overflow-x: auto; border-collapse: collapse; font-size: 14px; }
.report th, .report td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
@media (min-width: 48rem) {
  .actions { grid-template-columns: 2fr 1fr 1.5fr; align-items: end; }
}
`;
