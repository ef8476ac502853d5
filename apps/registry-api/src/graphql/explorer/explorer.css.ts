/**
 * The explorer page's own styles, after GraphiQL's (served as /graphql/explorer/explorer.css):
 * the notes above GraphiQL, and system fonts instead of Roboto and Fira Code, whose embedded
 * `data:` fonts are left out of GraphiQL's style sheet (withoutEmbeddedFonts).
 */
export const EXPLORER_CSS = `
html, body { height: 100%; margin: 0; }
body {
  display: flex; flex-direction: column;
  font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: #1b1b1f; background: #ffffff;
}
.explorer-note { flex: none; margin: 0; padding: 0.5rem 1rem; font-size: 0.9rem; line-height: 1.4; background: #f3f4f7; border-bottom: 1px solid #c8cad3; }
.explorer-note a { color: #0b4f9c; }
.explorer-warning { background: #fff3cd; border-bottom-color: #8a6d00; }
.explorer-note[hidden] { display: none; }
.explorer-note code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
#graphiql { flex: 1; min-height: 0; }
.graphiql-container,
.CodeMirror-info,
.CodeMirror-lint-tooltip,
.graphiql-dialog,
.graphiql-dialog-overlay,
.graphiql-tooltip,
[data-radix-popper-content-wrapper] {
  --font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  --font-family-mono: ui-monospace, "DejaVu Sans Mono", monospace;
}
`;
