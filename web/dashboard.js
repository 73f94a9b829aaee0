// The dashboard's pages (served by `concertina serve`): each fetches its JSON from /api/, draws tables with the
// DOM and charts with vega-embed from the Vega-Lite specs the server builds (src/charts, shared with the static
// reports), and follows server-sent events to stay current without reloading.
/* global document, window, EventSource, vegaEmbed, location */
'use strict';

const main = document.getElementById('main');
const page = document.body.dataset.page;
const target = document.body.dataset.path;
const PROPORTION = /accuracy|wer|per|ser|rate|f1/i;

/** An element with attributes and children (strings become text: nothing from the data is parsed as HTML). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

function formatMetric(name, v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  if (PROPORTION.test(name) && v >= 0 && v <= 1) return `${(v * 100).toFixed(1)}%`;
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4);
}

function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function encodePath(p) {
  return p.split('/').map(encodeURIComponent).join('/');
}

function pageLink(row) {
  return row.kind === 'ablation' ? `/ablation/${encodePath(row.path)}` : `/run/${encodePath(row.path)}`;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${res.statusText}`);
  return res.json();
}

function badge(status) {
  return h('span', { class: `status status-${status}` }, status);
}

function section(title, ...body) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...body);
}

function setLive(on) {
  const el = document.getElementById('live');
  if (el) el.className = on ? 'live on' : 'live';
}

/** Follows server-sent events; `handlers` by event name. */
function follow(url, handlers) {
  const source = new EventSource(url);
  source.onopen = () => setLive(true);
  source.onerror = () => setLive(false);
  for (const [name, fn] of Object.entries(handlers)) source.addEventListener(name, fn);
  window.addEventListener('beforeunload', () => source.close());
  return source;
}

/** Draws a Vega-Lite spec into `el`, replacing what was there; `el.dataset.points` counts its data rows. */
async function chart(el, spec) {
  const rows = (spec.data && spec.data.values) || [];
  el.dataset.points = String(rows.length);
  await vegaEmbed(el, spec, { actions: false, renderer: 'svg', tooltip: true });
  el.dataset.rendered = String(rows.length);
}

function errorBox(err) {
  main.replaceChildren(h('p', { class: 'error' }, `Could not load this page: ${err.message}`));
}

// ---------------------------------------------------------------------------------------------- runs table

const table = {
  sort: 'startedAt',
  dir: -1,
  filter: '',
  status: '',
  selected: new Set(),
  data: undefined,
  shown: 100,
  /** Trials under their ablation (a row that opens and closes), or every row on its own. */
  group: true,
  /**
   * Ablations opened or closed by hand since the filter last changed, by path (otherwise closed, or open when only
   * their trials match the filter).
   */
  open: new Map(),
};
/** Rows drawn at first (and added per "show more"): a thousand runs stay quick to draw. */
const PAGE_ROWS = 100;

/** A running run's duration counts on in the page: the server's row is as of when it read the folder. */
function durationOf(r) {
  if (r.status === 'running' && r.kind !== 'ablation' && r.startedAt) {
    return Math.max(0, Date.now() - Date.parse(r.startedAt));
  }
  return r.durationMs;
}

function runColumns(data) {
  const metricNames =
    data.metricColumns || [...new Set(data.rows.flatMap((r) => Object.keys(r.metrics)))].sort().slice(0, 4);
  return [
    { key: 'id', title: 'run', value: (r) => r.id },
    { key: 'kind', title: 'kind', value: (r) => r.kind },
    { key: 'spec', title: 'spec', value: (r) => r.spec },
    { key: 'mode', title: 'mode / arm', value: (r) => (r.arm && r.arm !== r.mode ? `${r.arm} (${r.mode})` : r.mode) },
    { key: 'trainFraction', title: 'fraction', value: (r) => r.trainFraction },
    { key: 'seed', title: 'seed', value: (r) => r.seed },
    { key: 'status', title: 'status', value: (r) => r.status },
    { key: 'startedAt', title: 'started', value: (r) => r.startedAt },
    { key: 'durationMs', title: 'duration', value: durationOf, show: formatDuration },
    {
      key: 'primary',
      title: 'primary metric',
      value: (r) => (r.primary ? r.primary.value : null),
      show: (v, r) => (r.primary ? `${r.primary.metric} ${formatMetric(r.primary.metric, v)}` : ''),
    },
    ...metricNames.map((m) => ({
      key: `m:${m}`,
      title: m,
      value: (r) => r.metrics[m],
      show: (v) => formatMetric(m, v),
    })),
    ...data.paramColumns.map((p) => ({ key: `p:${p}`, title: p, value: (r) => r.params[p], param: true })),
  ];
}

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * The rows to draw: filtered and sorted; grouped, each ablation followed by its trials when it is open (all of
 * them, or those that match the filter), paged by runs and ablations.
 */
function tableLayout(data, columns) {
  const column = columns.find((c) => c.key === table.sort) || columns[7];
  const needle = table.filter.toLowerCase();
  const filtering = Boolean(needle || table.status);
  const matches = (r) =>
    (!table.status || r.status === table.status) &&
    (!needle ||
      r.path.toLowerCase().includes(needle) ||
      columns.some((c) =>
        String(c.value(r) ?? '')
          .toLowerCase()
          .includes(needle),
      ));
  const order = (a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    if (va === undefined || va === null) return vb === undefined || vb === null ? 0 : 1;
    if (vb === undefined || vb === null) return -1;
    return table.dir * compareValues(va, vb);
  };
  const matched = data.rows.filter(matches).sort(order);
  if (!table.group) {
    return { matched, pages: matched.length, lines: matched.slice(0, table.shown).map((row) => ({ row })) };
  }
  const ablations = new Set(data.rows.filter((r) => r.kind === 'ablation').map((r) => r.path));
  const grouped = (r) => r.kind === 'trial' && ablations.has(r.ablation);
  const trialsOf = new Map();
  for (const r of matched) if (grouped(r)) trialsOf.set(r.ablation, [...(trialsOf.get(r.ablation) || []), r]);
  const top = data.rows.filter((r) => !grouped(r) && (matches(r) || trialsOf.has(r.path))).sort(order);
  const lines = [];
  for (const row of top.slice(0, table.shown)) {
    if (row.kind !== 'ablation') {
      lines.push({ row });
      continue;
    }
    const trials = trialsOf.get(row.path) || [];
    const open = table.open.has(row.path) ? table.open.get(row.path) : filtering && !matches(row);
    lines.push({ row, trials: trials.length, open });
    if (open) for (const trial of trials) lines.push({ row: trial, nested: true });
  }
  return { matched, pages: top.length, lines };
}

function idCell(line) {
  const r = line.row;
  const link = h('a', { href: pageLink(r) }, r.kind === 'trial' && !line.nested ? r.path : r.id);
  if (line.trials === undefined) return h('td', { class: 'id' }, link);
  const toggle = h(
    'button',
    {
      class: 'toggle',
      type: 'button',
      'aria-expanded': String(line.open),
      title: line.open ? 'hide its trials' : 'show its trials',
      onclick: () => {
        table.open.set(r.path, !line.open);
        renderRunsTable();
      },
    },
    `${line.open ? '▾' : '▸'} ${line.trials}`,
  );
  return h('td', { class: 'id' }, toggle, ' ', link);
}

function renderRunsTable() {
  const data = table.data;
  const columns = runColumns(data);
  const { matched, pages, lines } = tableLayout(data, columns);
  const head = h(
    'tr',
    {},
    h('th', {}, ''),
    columns.map((c) =>
      h(
        'th',
        {
          class: `sortable${c.param ? ' param' : ''}${c.key === table.sort ? (table.dir > 0 ? ' asc' : ' desc') : ''}`,
          dataset: { key: c.key },
          title: 'sort',
          onclick: () => {
            table.dir = table.sort === c.key ? -table.dir : 1;
            table.sort = c.key;
            renderRunsTable();
          },
        },
        c.title,
      ),
    ),
  );
  const body = lines.map((line) => {
    const r = line.row;
    return h(
      'tr',
      {
        class: `row-${r.kind}${line.nested ? ' nested' : ''} status-row-${r.status}`,
        dataset: { path: r.path, ...(line.nested ? { ablation: r.ablation } : {}) },
        title: r.problem || undefined,
      },
      h(
        'td',
        {},
        h('input', {
          type: 'checkbox',
          class: 'pick',
          checked: table.selected.has(r.path),
          'aria-label': `select ${r.id}`,
          onchange: (e) => {
            if (e.target.checked) table.selected.add(r.path);
            else table.selected.delete(r.path);
            updateCompareButton();
          },
        }),
      ),
      columns.map((c) => {
        const v = c.value(r);
        if (c.key === 'id') return idCell(line);
        if (c.key === 'status')
          return h('td', {}, badge(v), r.progress ? ` ${r.progress.done}/${r.progress.total}` : '');
        const shown = c.show ? c.show(v, r) : v === undefined || v === null ? '' : String(v);
        return h('td', { class: typeof v === 'number' ? 'num' : undefined }, shown);
      }),
    );
  });
  const count = document.getElementById('count');
  const all =
    data.total > data.rows.length ? `the first ${data.rows.length} (loading all ${data.total})` : data.rows.length;
  if (count) count.textContent = `${matched.length} of ${all}`;
  document.getElementById('runs').replaceChildren(h('thead', {}, head), h('tbody', {}, body));
  const more = document.getElementById('more');
  more.hidden = pages <= table.shown;
  more.textContent = `show ${Math.min(PAGE_ROWS, pages - table.shown)} more of ${pages - table.shown}`;
}

function updateCompareButton() {
  const b = document.getElementById('compare');
  b.disabled = table.selected.size < 2;
  b.textContent = `compare selected (${table.selected.size})`;
}

async function runsPage() {
  const load = async () => {
    table.data = await getJson('/api/runs');
    renderRunsTable();
  };
  const statuses = ['', 'running', 'completed', 'failed', 'interrupted', 'incomplete'];
  main.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('h1', {}, 'Runs'),
      h('input', {
        id: 'filter',
        type: 'search',
        placeholder: 'filter (any column)',
        oninput: (e) => {
          table.filter = e.target.value;
          table.open.clear(); // a new filter opens the ablations whose trials alone match it
          renderRunsTable();
        },
      }),
      h(
        'select',
        {
          id: 'status-filter',
          onchange: (e) => {
            table.status = e.target.value;
            table.open.clear();
            renderRunsTable();
          },
        },
        statuses.map((s) => h('option', { value: s }, s || 'any status')),
      ),
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          id: 'group',
          checked: table.group,
          onchange: (e) => {
            table.group = e.target.checked;
            renderRunsTable();
          },
        }),
        ' trials under their ablation',
      ),
      h(
        'button',
        {
          id: 'compare',
          disabled: true,
          onclick: () => {
            const q = [...table.selected].map((p) => `p=${encodeURIComponent(p)}`).join('&');
            location.href = `/compare?${q}`;
          },
        },
        'compare selected (0)',
      ),
      h('span', { id: 'count', class: 'muted' }),
    ),
    h('div', { class: 'table-wrap' }, h('table', { id: 'runs', class: 'runs' })),
    h(
      'button',
      {
        id: 'more',
        hidden: true,
        onclick: () => {
          table.shown += PAGE_ROWS;
          renderRunsTable();
        },
      },
      'show more',
    ),
  );
  // The page comes with the table's first rows: drawn at once; the whole index (to sort, filter and page through)
  // is fetched after, in a task of its own so that those rows are drawn first.
  const inline = document.getElementById('inline-data');
  if (inline) {
    table.data = JSON.parse(inline.textContent);
    renderRunsTable();
  }
  if (!table.data) await load();
  else if (table.data.total > table.data.rows.length) await new Promise((r) => setTimeout(r, 0)).then(load);
  let pending;
  follow('/api/events', {
    'runs-changed': () => {
      clearTimeout(pending);
      pending = setTimeout(() => load().catch(errorBox), 100);
    },
  });
}

// ---------------------------------------------------------------------------------------------- run page

function kvTable(entries) {
  return h(
    'table',
    { class: 'kv' },
    h(
      'tbody',
      {},
      entries.map(([k, v]) =>
        h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))),
      ),
    ),
  );
}

function eventText(e) {
  switch (e.type) {
    case 'run-started':
      return `${e.pipeline}, mode ${e.mode}, seed ${e.seed}, backend ${e.backend}`;
    case 'data-loaded':
      return (
        `train ${e.counts.train}, validation ${e.counts.validation}, test ${e.counts.test}` +
        (e.cached ? ' (cached)' : '')
      );
    case 'stage-started':
      return `${e.kind}: ${e.action}`;
    case 'stage-completed':
      return `${e.kind}${e.cached ? ' (cached)' : ''} in ${formatDuration(e.durationMs)}`;
    case 'epoch-end':
      return `epoch ${e.epoch}/${e.epochs}: loss ${formatMetric('loss', e.loss)}`;
    case 'stage-failed':
    case 'run-failed':
      return e.error ? e.error.message : '';
    case 'artifact-written':
      return `${e.what}: ${e.path}`;
    case 'log':
      return `${e.level}: ${e.message}`;
    case 'run-completed':
      return e.primary ? `${e.primary.metric} ${formatMetric(e.primary.metric, e.primary.value)}` : 'done';
    default:
      return '';
  }
}

function eventRow(e) {
  return h(
    'tr',
    { class: `event event-${e.type}` },
    h('td', { class: 'muted' }, (e.at || '').replace('T', ' ').replace('Z', '')),
    h('td', {}, e.type),
    h('td', {}, e.stageId || ''),
    h('td', {}, eventText(e)),
  );
}

async function runPage() {
  const view = await getJson(`/api/run/${encodePath(target)}`);
  const row = view.row;
  const curves = {};
  for (const [stage, c] of Object.entries(view.curves)) curves[stage] = { points: [...c.points], spec: c.spec };
  const curveBox = h('div', { id: 'curves' });
  const eventsBody = h('tbody', {}, [...view.events].reverse().map(eventRow));
  const files = ['spec.json', 'env.json', 'plan.json', 'events.jsonl', 'metrics.json', 'dvc.yaml', 'status.json'];
  const summary = view.summary;
  const metricRows = summary && summary.metrics ? Object.entries(summary.metrics) : [];
  const metricNames = [...new Set(metricRows.flatMap(([, m]) => Object.keys(m)))];
  main.replaceChildren(
    h(
      'div',
      { class: 'title' },
      h('h1', {}, row.id),
      badge(row.status),
      row.problem ? h('span', { class: 'problem' }, row.problem) : '',
    ),
    h(
      'p',
      { class: 'facts' },
      `spec ${row.spec} · mode ${row.mode} · seed ${row.seed ?? '-'} · ${formatDuration(row.durationMs)}`,
      row.ablation ? [' · trial of ', h('a', { href: `/ablation/${encodePath(row.ablation)}` }, row.ablation)] : '',
      row.primary ? ` · ${row.primary.metric} ${formatMetric(row.primary.metric, row.primary.value)}` : '',
    ),
    section(
      'Pipeline graph',
      view.planSvg ? h('div', { class: 'graph', id: 'graph' }) : h('p', { class: 'muted' }, view.planProblem || ''),
    ),
    section('Training curves', curveBox),
    section(
      'Final metrics',
      metricRows.length
        ? h(
            'table',
            { class: 'metrics' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'stage'),
                metricNames.map((m) => h('th', {}, m)),
              ),
            ),
            h(
              'tbody',
              {},
              metricRows.map(([stage, m]) =>
                h(
                  'tr',
                  {},
                  h('th', {}, stage),
                  metricNames.map((n) =>
                    h('td', { class: 'num' }, n === 'n' ? String(m[n] ?? '') : formatMetric(n, m[n])),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'no metrics yet'),
    ),
    section(
      'Events',
      view.malformedEvents ? h('p', { class: 'problem' }, `${view.malformedEvents} malformed lines skipped`) : '',
      h(
        'table',
        { class: 'events' },
        h('thead', {}, h('tr', {}, h('th', {}, 'time'), h('th', {}, 'event'), h('th', {}, 'stage'), h('th', {}, ''))),
        eventsBody,
      ),
    ),
    section('Environment', view.env ? envTable(view.env) : h('p', { class: 'muted' }, 'no env.json')),
    section(
      'Resolved spec',
      h('pre', { class: 'spec' }, view.spec ? JSON.stringify(view.spec, null, 2) : 'no spec.json'),
    ),
    section(
      'Files',
      h(
        'ul',
        { class: 'files' },
        files.map((f) => h('li', {}, h('a', { href: `/files/${encodePath(target)}/${f}` }, f))),
      ),
      view.dvc
        ? h('p', { class: 'muted' }, 'This folder is also a DVCLive layout: dvc exp show / dvc plots show open it.')
        : '',
    ),
  );
  if (view.planSvg) document.getElementById('graph').innerHTML = view.planSvg; // drawn and escaped by the server
  const drawn = {};
  const draw = async (stage) => {
    let box = drawn[stage];
    if (!box) {
      box = h('div', { class: 'chart epoch-chart', dataset: { stage } });
      curveBox.append(box);
      drawn[stage] = box;
    }
    const c = curves[stage];
    await chart(box, { ...c.spec, data: { ...c.spec.data, values: c.points } });
  };
  if (!Object.keys(curves).length) curveBox.append(h('p', { class: 'muted', id: 'no-curves' }, 'no epochs yet'));
  for (const stage of Object.keys(curves)) await draw(stage);
  const seen = new Set(Object.values(curves).flatMap((c) => c.points.map((p) => `${p.stage}|${p.epoch}|${p.series}`)));
  const dirty = new Set();
  let timer;
  follow(`/api/events/${encodePath(target)}?from=${view.eventsOffset}`, {
    'run-event': (msg) => {
      const e = JSON.parse(msg.data);
      if (e.type === 'batch-progress' || e.type === 'data-progress') return;
      eventsBody.prepend(eventRow(e));
      if (e.type !== 'epoch-end' || !e.stageId) return;
      if (!curves[e.stageId]) {
        curves[e.stageId] = { points: [], spec: { ...view.emptyCurve, title: `${e.stageId}: per epoch` } };
      }
      const values = { loss: e.loss, ...e.metrics };
      for (const [series, value] of Object.entries(values)) {
        const key = `${e.stageId}|${e.epoch}|${series}`;
        if (typeof value !== 'number' || !Number.isFinite(value) || seen.has(key)) continue;
        seen.add(key);
        curves[e.stageId].points.push({ run: row.id, stage: e.stageId, epoch: e.epoch, series, value });
      }
      const none = document.getElementById('no-curves');
      if (none) none.remove();
      dirty.add(e.stageId);
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const stage of dirty) draw(stage);
        dirty.clear();
      }, 150);
    },
    status: () => {
      getJson(`/api/run/${encodePath(target)}`)
        .then((v) => {
          const title = document.querySelector('.title .status');
          if (title) title.replaceWith(badge(v.row.status));
        })
        .catch(() => undefined);
    },
  });
}

function envTable(env) {
  const entries = [
    ['concertina', env.concertina],
    ['node', env.node],
    ['platform', env.platform],
    ['backend', env.backend ? `${env.backend.name} (asked: ${env.backend.requested}; ${env.backend.reason})` : '-'],
    ['seed', env.seed],
    ['cpus / memory', `${env.cpus} / ${env.memoryGiB} GiB`],
    ['git', env.git ? `${env.git.commit}${env.git.dirty ? ' (dirty)' : ''}` : '-'],
    ...Object.entries(env.packages || {}),
    ['command', (env.argv || []).join(' ')],
  ];
  return kvTable(entries.filter(([, v]) => v !== undefined));
}

// ---------------------------------------------------------------------------------------------- ablation page

async function ablationPage() {
  let metric;
  const render = async () => {
    const view = await getJson(`/api/ablation/${encodePath(target)}`);
    if (!metric || !view.metrics.includes(metric)) metric = view.primary;
    const chartBox = h('div', { class: 'chart learning-chart', id: 'learning-chart' });
    const crossings = h('ul', { id: 'crossings', class: 'crossings' });
    const select = h(
      'select',
      {
        id: 'metric',
        onchange: (e) => {
          metric = e.target.value;
          drawMetric();
        },
      },
      view.metrics.map((m) => h('option', { value: m, selected: m === metric }, m)),
    );
    const drawMetric = async () => {
      crossings.replaceChildren(...(view.crossings[metric] || []).map((s) => h('li', {}, s)));
      if (metric) await chart(chartBox, view.charts[metric]);
    };
    const p = view.progress;
    const report = h('div', { class: 'report' });
    report.innerHTML = view.reportHtml; // Markdown rendered and escaped by the server
    main.replaceChildren(
      h('div', { class: 'title' }, h('h1', {}, `Ablation of ${view.spec}`), badge(view.status)),
      h(
        'p',
        { class: 'facts' },
        `${p.done} completed, ${p.failed} failed, ${p.running} running, ${p.total} trials`,
        view.command ? [' · ', h('code', {}, view.command)] : '',
      ),
      section(
        'Learning curves',
        view.metrics.length ? h('label', {}, 'metric ', select) : h('p', { class: 'muted' }, 'no completed trials yet'),
        chartBox,
        h('h3', {}, 'Where the curves cross'),
        crossings,
      ),
      section('Trials', trialGrid(view)),
      section('Report', report),
    );
    await drawMetric();
  };
  await render();
  let pending;
  follow(`/api/events/${encodePath(target)}`, {
    'ablation-changed': () => {
      clearTimeout(pending);
      pending = setTimeout(() => render().catch(errorBox), 100);
    },
  });
}

function trialGrid(view) {
  const cell = (arm, fraction) =>
    view.trials
      .filter((t) => t.arm === arm && t.trainFraction === fraction)
      .map((t) => {
        const params = Object.entries(t.params || {})
          .map(([k, v]) => `${k.split('.').pop()}=${v}`)
          .join(' ');
        const value = t.value !== null ? ` ${formatMetric(view.primary || '', t.value)}` : '';
        const label = `s${t.seed}${params ? ` ${params}` : ''}${value}`;
        const cls = `trial status-${t.status}`;
        return t.path
          ? h('a', { class: cls, href: `/run/${encodePath(t.path)}`, title: `${t.id}: ${t.status}` }, label)
          : h('span', { class: cls, title: `${t.id}: ${t.status}` }, label);
      });
  return h(
    'table',
    { class: 'grid', id: 'trial-grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'arm \\ fraction'),
        view.fractions.map((f) => h('th', {}, String(f))),
      ),
    ),
    h(
      'tbody',
      {},
      view.arms.map((arm) =>
        h(
          'tr',
          {},
          h('th', {}, arm),
          view.fractions.map((f) => h('td', {}, cell(arm, f))),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- compare page

async function comparePage() {
  const paths = target.split(',').filter(Boolean);
  if (paths.length < 2) {
    main.replaceChildren(
      h('p', {}, 'Pick two or more runs or ablations in the ', h('a', { href: '/' }, 'runs table'), '.'),
    );
    return;
  }
  const view = await getJson(`/api/compare?${paths.map((p) => `p=${encodeURIComponent(p)}`).join('&')}`);
  let onlyDiffs = true;
  const paramBody = h('tbody');
  const drawParams = () =>
    paramBody.replaceChildren(
      ...view.params
        .filter((p) => !onlyDiffs || p.differs)
        .map((p) =>
          h(
            'tr',
            { class: p.differs ? 'differs' : undefined },
            h('th', {}, p.key),
            p.values.map((v) => h('td', {}, v === null ? '' : String(v))),
          ),
        ),
    );
  drawParams();
  const metricNames = [...new Set(view.metrics.flatMap((m) => Object.keys(m.metrics)))];
  const charts = h('div', { id: 'compare-charts' });
  main.replaceChildren(
    h('h1', {}, `Compare ${view.items.length}`),
    h(
      'ul',
      { class: 'items' },
      view.items.map((i) =>
        h('li', {}, h('a', { href: pageLink({ kind: i.kind, path: i.path }) }, i.label), ` (${i.kind})`),
      ),
    ),
    section(
      'Params',
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          id: 'only-diffs',
          checked: true,
          onchange: (e) => ((onlyDiffs = e.target.checked), drawParams()),
        }),
        ' only differences',
      ),
      h(
        'table',
        { class: 'params', id: 'params' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'spec path'),
            view.items.map((i) => h('th', {}, i.label)),
          ),
        ),
        paramBody,
      ),
    ),
    metricNames.length
      ? section(
          'Final metrics (primary stage)',
          h(
            'table',
            { class: 'metrics' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'run'),
                metricNames.map((m) => h('th', {}, m)),
              ),
            ),
            h(
              'tbody',
              {},
              view.metrics.map((r) =>
                h(
                  'tr',
                  {},
                  h('th', {}, r.label),
                  metricNames.map((m) => h('td', { class: 'num' }, formatMetric(m, r.metrics[m]))),
                ),
              ),
            ),
          ),
        )
      : '',
    section('Curves', charts),
  );
  for (const spec of [...Object.values(view.curves), ...Object.values(view.learningCurves)]) {
    const box = h('div', { class: 'chart' });
    charts.append(box);
    await chart(box, spec);
  }
  if (!charts.children.length) charts.append(h('p', { class: 'muted' }, 'no curves to overlay'));
}

const pages = { runs: runsPage, run: runPage, ablation: ablationPage, compare: comparePage };
(pages[page] || runsPage)().catch(errorBox);
