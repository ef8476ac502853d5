/**
 * The site's whole style sheet: small, hand-written, no framework. Served as /assets/site.css.
 * Colours pass WCAG AA contrast (text ≥ 4.5:1); focus is always visible; the layout reflows to
 * one column at narrow widths and at 200 % zoom.
 */
export const SITE_CSS = `
:root {
  --ink: #1b1b1f; --muted: #4a4a55; --paper: #ffffff; --tint: #f3f4f7; --line: #c8cad3;
  --link: #0b4f9c; --visited: #5b2a86; --accent: #002f6c; --focus: #ffbf47;
  --warn-bg: #fff4d6; --warn-line: #8a5a00; --bad-bg: #fde8e8; --bad-line: #a4161a;
  --good-bg: #e6f4ea; --mark: #ffe58a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  line-height: 1.5; color: var(--ink); background: var(--paper);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-size: 1.0625rem; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
a:hover { text-decoration-thickness: 3px; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
a:focus-visible { background: var(--focus); color: var(--ink); outline: 3px solid var(--ink); }
main:focus { outline: none; }
.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.75rem 1rem; background: var(--focus); color: var(--ink); z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; }
h1, h2, h3 { line-height: 1.25; color: var(--accent); }
h1 { font-size: 2rem; margin: 1.5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.2rem; margin: 1.25rem 0 0.5rem; }
.lead { font-size: 1.2rem; max-width: 45rem; }
.site-header { background: var(--accent); color: #fff; }
.site-header a, .site-header a:visited { color: #fff; }
.site-header a:focus-visible { color: var(--ink); }
.link-button { background: none; border: 0; padding: 0; color: inherit; text-decoration: underline; text-underline-offset: 0.15em; cursor: pointer; }
.link-button:hover { background: none; text-decoration-thickness: 3px; }
.link-button:focus-visible { background: var(--focus); color: var(--ink); outline: 3px solid var(--ink); }
.header-row { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem 2rem; padding-top: 0.75rem; padding-bottom: 0.5rem; }
.brand { margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem; }
.brand a { font-size: 1.6rem; font-weight: 700; text-decoration: none; }
.tagline { font-size: 0.95rem; }
.site-header ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.main-nav { background: #0a2550; }
.main-nav ul { padding: 0.5rem 1rem; }
.main-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
main { padding-bottom: 3rem; overflow-wrap: anywhere; }
.site-footer { background: var(--tint); border-top: 1px solid var(--line); padding: 1rem 0 2rem; }
.site-footer ul { padding-left: 1.2rem; }
form { margin: 1rem 0; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input, select, button { font: inherit; }
textarea { max-width: 100%; box-sizing: border-box; }
input[type="search"], input[type="text"], select { border: 2px solid var(--ink); padding: 0.4rem 0.5rem; max-width: 100%; background: #fff; color: var(--ink); }
input[type="search"] { width: 32rem; }
button { background: var(--accent); color: #fff; border: 2px solid var(--accent); padding: 0.45rem 1.1rem; cursor: pointer; }
button:hover { background: #0a2550; }
fieldset { border: 1px solid var(--line); padding: 0.75rem 1rem; }
legend { font-weight: 700; padding: 0 0.25rem; }
.field { margin-bottom: 0.75rem; }
.field-row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.inline { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.search-layout { display: grid; grid-template-columns: minmax(0, 1fr) 16rem; gap: 2rem; }
@media (max-width: 48rem) { .search-layout { grid-template-columns: minmax(0, 1fr); } input[type="search"] { width: 100%; } }
.facet ul, .link-list, .counts, .principles, .inline-links, .active-filters ul { padding-left: 1.2rem; }
.facet a.on { font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.count { color: var(--muted); }
.inline-links { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; padding: 0; }
.active-filters ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; }
.cards { list-style: none; padding: 0; margin: 0; }
.card { border-top: 1px solid var(--line); padding: 0.75rem 0 1rem; }
.card-title { margin: 0.25rem 0; font-size: 1.2rem; }
.meta { color: var(--muted); margin: 0.25rem 0; }
.summary { margin: 0.25rem 0; max-width: 45rem; }
mark { background: var(--mark); color: var(--ink); padding: 0 0.1em; }
.glance { list-style: none; padding: 0; margin: 0.25rem 0; display: flex; flex-wrap: wrap; gap: 0.35rem; }
.tag { border: 1px solid var(--line); background: var(--tint); padding: 0 0.5rem; border-radius: 0.25rem; font-size: 0.9rem; }
.tag.risk-high, .tag.overdue, .tag.pd-personal { background: var(--bad-bg); border-color: var(--bad-line); }
.tag.risk-medium, .tag.pd-pseudonymised { background: var(--warn-bg); border-color: var(--warn-line); }
.tag.risk-low, .tag.pd-none { background: var(--good-bg); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 0 2rem; }
.pagination ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.pagination a[aria-current="page"] { font-weight: 700; text-decoration: none; border-bottom: 3px solid var(--accent); }
.notice { background: var(--warn-bg); border-left: 6px solid var(--warn-line); padding: 0.75rem 1rem; }
.overdue-notice, .retired-notice { background: var(--bad-bg); border-left-color: var(--bad-line); }
.note { color: var(--muted); font-style: italic; }
.error-summary { border: 4px solid var(--bad-line); padding: 0.75rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: 0; color: var(--bad-line); }
.error-summary a { color: var(--bad-line); font-weight: 600; }
.toc { background: var(--tint); padding: 0.5rem 1rem; margin: 1rem 0; }
.toc h2 { font-size: 1.1rem; margin: 0.5rem 0; }
.toc ul { columns: 16rem; padding-left: 1.2rem; margin: 0; }
.entry-section { border-top: 2px solid var(--line); }
dl.fields { margin: 0; }
dl.fields .row { display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr; gap: 0 1.5rem; padding: 0.4rem 0; border-bottom: 1px solid var(--tint); }
@media (max-width: 40rem) { dl.fields .row { grid-template-columns: 1fr; } }
dl.fields .row.unlabelled { grid-template-columns: 1fr; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
dl.nested .row { border-bottom: none; padding: 0.15rem 0; }
dl.facts { margin: 0.75rem 0; }
dl.facts .row { display: flex; flex-wrap: wrap; gap: 0 0.5rem; }
dl.facts dt { font-weight: 600; }
dl.facts dt::after { content: ":"; }
dl.facts dd { margin: 0; }
.text { white-space: pre-line; }
.items { list-style: none; padding: 0; margin: 0; }
.items > li { border-left: 3px solid var(--line); padding-left: 0.75rem; margin-bottom: 0.5rem; }
.values { padding-left: 1.2rem; margin: 0; }
.table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
.table caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.table th, .table td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.table thead th { background: var(--tint); }
/* Narrow: each row stacks, each value under its column's heading (the cell's data-label, which the
   second content leaves out of what screen readers read: they announce the column header). */
@media (max-width: 40rem) {
  .table, .table caption, .table tbody, .table tr, .table td, .table th { display: block; }
  .table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .table tbody tr { border: 1px solid var(--line); margin-bottom: 0.75rem; }
  .table tbody th, .table tbody td { border: 0; border-top: 1px solid var(--line); }
  .table tbody tr > :first-child { border-top: 0; background: var(--tint); }
  .table tbody [data-label]::before { content: attr(data-label); content: attr(data-label) / ""; display: block; font-size: 0.9rem; font-weight: 600; color: var(--muted); }
}
.diff del { background: var(--bad-bg); text-decoration: line-through; }
.diff ins { background: var(--good-bg); text-decoration: none; }
.diff .empty { color: var(--muted); }
.diff .withheld { color: var(--muted); display: inline-block; }
.versions { padding-left: 1.2rem; }
.map { margin: 1rem 0; }
.map-svg { width: 100%; height: auto; max-height: 70vh; border: 1px solid var(--line); background: #eef3f8; }
.map-bg { fill: #eef3f8; }
.map-area { fill: #0b4f9c; fill-opacity: 0.25; stroke: #0b4f9c; stroke-width: 2; }
.map-point { fill: #a4161a; stroke: #fff; stroke-width: 2; }
.map figcaption { color: var(--muted); font-size: 0.95rem; }
.map-live { height: 28rem; border: 1px solid var(--line); }
.map.enhanced .map-svg { display: none; }
.places { padding-left: 1.2rem; }
.hint { color: var(--muted); }
.field-error { color: var(--bad-line); font-weight: 600; margin: 0.25rem 0; }
.rationale { margin: 0.25rem 0; }
@media print { .site-header nav, .skip-link, .search-form, .facets, .to-filters { display: none; } }
`;
