//! The report's one stylesheet, inlined in its `<head>`: readable on screen
//! (a table of contents that stays at the top while scrolling, long tables
//! collapsed behind a summary, source locations never broken across lines),
//! and with `@media print` rules so "Print to PDF" gives clean pages (no
//! navigation, every collapsed table printed open, colours kept, sections
//! not split where avoidable).

pub const CSS: &str = r#"
:root { --ink: #1b1f23; --muted: #57606a; --line: #d0d7de; --ok: #1a7f37; --bad: #b42318; --bg-ok: #dafbe1; --bg-bad: #ffebe9; --warn: #9a6700; --bg-warn: #fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; background: #fff; }
main { max-width: 1500px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
a { color: #0b5cad; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
nav.toc { position: sticky; top: 0; z-index: 10; margin: 16px 0; padding: 8px 12px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; }
[id] { scroll-margin-top: 64px; }
nav.toc a { margin-right: 14px; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.card .n { font-size: 22px; font-weight: bold; }
.card.bad { border-color: var(--bad); background: var(--bg-bad); }
.card.ok { border-color: var(--ok); background: var(--bg-ok); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
table.wide { width: 100%; }
.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.82em; word-break: break-all; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: bold; border: 1px solid; }
.badge.holds { color: var(--ok); background: var(--bg-ok); }
.badge.violated { color: var(--bad); background: var(--bg-bad); }
.badge.allow { color: var(--ok); background: var(--bg-ok); }
.badge.deny { color: var(--bad); background: var(--bg-bad); }
.badge.warning { color: var(--warn); background: var(--bg-warn); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; border: 1px solid; vertical-align: -1px; margin-right: 4px; }
.label-chip { white-space: nowrap; margin-right: 6px; }
.muted { color: var(--muted); }
.loc { color: var(--muted); font-size: 0.8em; margin-top: 2px; white-space: nowrap; }
details.long { margin: 8px 0; }
details.long > summary { cursor: pointer; padding: 4px 8px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; display: list-item; }
details.long[open] > summary { border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
details.evidence > summary { cursor: pointer; font-weight: bold; font-size: 13px; margin: 6px 0 2px; }
.nw { white-space: nowrap; }
.small { font-size: 0.86em; }
ul.tight { margin: 2px 0; padding-left: 18px; }
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.graph svg { max-width: 100%; height: auto; }
.matrix-wrap { overflow-x: auto; }
table.matrix { font-size: 10px; line-height: 1.15; width: 100%; table-layout: fixed; }
table.matrix col.rowhead { width: 118px; }
table.matrix th.col { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; padding: 6px 2px; vertical-align: bottom; text-align: left; height: 110px; }
table.matrix th.row { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 11px; }
table.matrix td.cell { padding: 2px 3px; overflow-wrap: anywhere; }
td.cell.self { background: #c9d1d9; color: #57606a; text-align: center; }
td.cell.none { background: #fff; }
td.cell.via, .swatch.via { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #f0e6c8 4px, #f0e6c8 6px); color: var(--warn); }
.swatch.via { border-color: #9a6700; }
td.cell.direct { font-weight: 600; }
.legend-row span { margin-right: 14px; white-space: nowrap; }
section.invariant { border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
section.invariant.violated { border-left-color: var(--bad); }
section.invariant h3 code { font-size: 14px; }
ol.path { margin: 4px 0; }
ol.path li { margin: 3px 0; }
.check { margin: 6px 0; }
.check h4 { margin: 8px 0 2px; font-size: 13px; }
tr.rule:target, section:target { outline: 3px solid #f2cc60; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10.5px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details.long > summary { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.invariant, tr, .card, figure { break-inside: avoid; page-break-inside: avoid; }
  .graph, .matrix-wrap { overflow: visible; border: none; }
  table.matrix { font-size: 8px; }
  section.page { break-before: page; page-break-before: always; }
}
"#;
