import { escapeHtml } from './html.js';

/** The pages of the dashboard; each is a shell that web/dashboard.js fills from the JSON API. */
export type PageKind = 'runs' | 'run' | 'ablation' | 'compare';

const VEGA = ['/assets/vega.min.js', '/assets/vega-lite.min.js', '/assets/vega-embed.min.js'];

/**
 * The HTML of a page, scripts from this server only. The API serves the data; `inline` (the runs table's first
 * rows) comes with the page as a JSON data block, so that the first rows are drawn without waiting for a request.
 */
export function pageHtml(kind: PageKind, title: string, target: string, root: string, inline?: unknown): string {
  const scripts = [...(kind === 'runs' ? [] : VEGA), '/assets/dashboard.js'];
  const data =
    inline === undefined ? '' : `<script type="application/json" id="inline-data">${jsonInHtml(inline)}</script>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · concertina</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
${scripts.map((s) => `<script src="${s}" defer></script>`).join('\n')}
</head>
<body data-page="${kind}" data-path="${escapeHtml(target)}">
<header><a class="home" href="/">concertina</a><span class="root">${escapeHtml(root)}</span>
<span id="live" class="live" title="live updates">●</span></header>
<main id="main"><p class="loading">Loading…</p></main>
${data}</body>
</html>
`;
}

/** JSON that cannot end its script element or open a comment: `<`, `>` and `&` as \u escapes (still the same JSON). */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
