import { escapeHtml } from './html.js';

/** The pages of the dashboard; each is a shell that web/dashboard.js fills from the JSON API. */
export type PageKind = 'runs' | 'run' | 'ablation' | 'compare';

const VEGA = ['/assets/vega.min.js', '/assets/vega-lite.min.js', '/assets/vega-embed.min.js'];

/** The HTML of a page: no data inline (the API serves it), scripts from this server only. */
export function pageHtml(kind: PageKind, title: string, target: string, root: string): string {
  const scripts = [...(kind === 'runs' ? [] : VEGA), '/assets/dashboard.js'];
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
</body>
</html>
`;
}
