//! The page's stylesheet: one palette, a readable measure, a grid that becomes one column on
//! a narrow screen, and print rules that keep every chart and table on one page.

/// The CSS of the report, inlined into its `<style>`.
pub const CSS: &str = r#"
:root {
  --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --bg: #f5f7fa; --card: #ffffff;
  --primary: #2563eb; --target: #d97706; --limit: #dc2626; --good: #059669;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
header.page { background: #1e3a8a; color: #fff; }
header.page .inner { max-width: 1180px; margin: 0 auto; padding: 22px 28px 18px; }
header.page h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.25; overflow-wrap: anywhere; }
header.page p { margin: 0; color: #c7d2fe; font-size: 13px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
section.summary { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--target);
  border-radius: 8px; padding: 18px 22px; margin-top: 4px; }
section.summary p.headline { font-size: 19px; line-height: 1.55; margin: 0 0 10px; }
section.summary p { margin: 6px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0 4px; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.figure .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.figure .value { font-size: 18px; line-height: 1.3; font-weight: 650; margin-top: 2px; }
.figure .note { color: var(--muted); font-size: 12px; }
.figure.target { border-top: 4px solid var(--target); }
.figure.limit { border-top: 4px solid var(--limit); }
.figure.plan { border-top: 4px solid var(--muted); }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
figure.chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px 10px; }
figure.chart.wide { grid-column: 1 / -1; }
figure.chart h3 { margin: 0 0 6px; font-size: 15px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f7; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: none; }
table[data-table="buffers"] td:not(:first-child), table[data-table="plans"] td, table[data-table="mitigation"] td { white-space: nowrap; }
.muted { color: var(--muted); }
.tag { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; background: #e0e7ff; color: #3730a3; }
.tag.warn { background: #fef3c7; color: #92400e; }
ul.warnings { background: #fffbeb; border: 1px solid #fde68a; border-radius: 8px; padding: 10px 10px 10px 30px; }
dl.assumptions { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
dl.assumptions dt { color: var(--muted); }
dl.assumptions dd { margin: 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
@media (max-width: 760px) {
  main { padding: 16px 12px 32px; }
  header.page .inner { padding: 16px 12px; }
  header.page h1 { font-size: 21px; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  section.summary p.headline { font-size: 17px; }
  .figure .value { font-size: 19px; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  header.page { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
  header.page p { color: var(--muted); }
  main { max-width: none; padding: 0; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  figure.chart, .table-wrap, section.summary, .figure, dl.assumptions { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  figure.chart svg { max-height: 9.5cm; }
  section.plan { break-before: page; }
  tr { break-inside: avoid; }
}
"#;
