// Momentum analytics dashboard: calls the public analytics API with a bearer token kept in this tab only.
'use strict';

const TOKEN_KEY = 'momentum.token';
const state = { token: null, drill: null, drillPage: 0, charts: {} };
const FILTERS = ['pipeline', 'from', 'to', 'segment', 'owner'];
const PAGE_SIZE = 20;

// ---- token: from the fragment (#token=JWT, never sent to the server), else this tab's storage, else pasted
function takeToken() {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (fragment.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
    // drop it from the address bar so that a shared URL carries the filters only
    history.replaceState(null, '', location.pathname + location.search);
  }
  state.token = sessionStorage.getItem(TOKEN_KEY);
  showTenant();
}

function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
  } catch (e) {
    return null;
  }
}

function showTenant() {
  const c = state.token ? claims(state.token) : null;
  document.getElementById('tenant').textContent = c && c.tenant ? 'tenant ' + c.tenant : '';
}

function askForToken(message) {
  const auth = document.getElementById('auth');
  document.getElementById('auth-message').textContent = message;
  auth.hidden = false;
  document.getElementById('token-input').focus();
}

class Refused extends Error {}

async function api(path) {
  if (!state.token) {
    askForToken('No token yet: open the dashboard URL that ./momentum demo prints, or paste a token below.');
    throw new Refused('no token');
  }
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' } });
  if (response.status === 401 || response.status === 403) {
    let detail = '';
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || '';
    } catch (e) { /* no body */ }
    const why = response.status === 401
      ? 'The analytics API refused the token (401 Unauthorized: it is missing, expired, badly signed or has no tenant)'
      : 'The token lacks the scope analytics:read (403 Forbidden)';
    askForToken(why + (detail ? ': ' + detail : '') + '. Paste another token below (./momentum token --tenant T).');
    throw new Refused(why);
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* keep the status */ }
    throw new Error(path + ': ' + response.status + ' ' + detail);
  }
  return response.json();
}

// ---- filters, kept in the URL's query string
function params() {
  return new URLSearchParams(location.search);
}

function filterQuery(extra) {
  const p = params();
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    let value = p.get(name);
    if (!value) continue;
    if ((name === 'from' || name === 'to') && /^\d{4}-\d{2}-\d{2}$/.test(value)) value += 'T00:00:00Z';
    q.set(name, value);
  }
  for (const [k, v] of Object.entries(extra || {})) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

function fillForm() {
  const form = document.getElementById('filters');
  const p = params();
  for (const el of form.elements) {
    if (el.name && p.has(el.name)) el.value = p.get(el.name);
  }
}

function applyForm(event) {
  event.preventDefault();
  const q = new URLSearchParams();
  for (const el of document.getElementById('filters').elements) {
    if (el.name && el.value) q.set(el.name, el.value);
  }
  const p = params();
  for (const keep of ['drill', 'drillGroup', 'deal']) if (p.get(keep)) q.set(keep, p.get(keep));
  history.pushState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
  loadAll();
}

function setParam(name, value) {
  const q = params();
  if (value === null) q.delete(name); else q.set(name, value);
  history.pushState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
}

// ---- formatting; every cell keeps the API's value in data-value
const pct = v => v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%';
const dec = v => v === null || v === undefined ? '–' : Number(v).toFixed(2);
const sci = v => v === null || v === undefined ? '–' : Number(v).toPrecision(2);
const day = v => v ? String(v).slice(0, 10) : '–';
const txt = v => v === null || v === undefined ? '–' : String(v);

function table(id, columns, rows, onRow) {
  const el = document.getElementById(id);
  el.innerHTML = '';
  const head = el.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c.label;
    if (c.num) th.className = 'num';
    head.appendChild(th);
  }
  const body = el.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    tr.dataset.index = i;
    if (row.stalled === true || row.status === 'STALLED') tr.classList.add('stalled');
    for (const c of columns) {
      const td = tr.insertCell();
      td.dataset.field = c.key;
      const raw = c.value ? c.value(row) : row[c.key];
      if (c.num) td.className = 'num';
      if (raw !== undefined && typeof raw !== 'object') td.dataset.value = raw;
      else if (raw !== null && raw !== undefined) td.dataset.value = JSON.stringify(raw);
      if (c.render) td.appendChild(c.render(row)); else td.textContent = (c.fmt || txt)(raw);
    }
    if (onRow) onRow(tr, row);
  });
  if (!rows.length) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.textContent = 'nothing under these filters';
  }
}

function button(label, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}

function chart(id) {
  if (!window.echarts) return null;
  if (!state.charts[id]) state.charts[id] = echarts.init(document.getElementById(id));
  return state.charts[id];
}

// ---- views
const EXITS = ['ADVANCED', 'REGRESSED', 'WON', 'LOST', 'ABANDONED', 'NO_DECISION', 'OPEN'];

async function loadStallMap() {
  const groupBy = params().get('groupBy') || '';
  const answer = await api('/api/v1/stalls/by-stage' + filterQuery({ groupBy }));
  document.getElementById('stall-map-pipeline').textContent = answer.pipeline;
  const columns = [];
  if (groupBy) columns.push({ key: 'group', label: groupBy, fmt: v => v === null ? '(none)' : v });
  columns.push(
    { key: 'stage', label: 'Stage' },
    { key: 'visits', label: 'Visits', num: true },
    { key: 'stalledVisits', label: 'Stalled', num: true },
    { key: 'stallRate', label: 'Stall rate', num: true, fmt: pct },
    { key: 'dwellDaysP50', label: 'Dwell p50 (d)', num: true, fmt: dec },
    { key: 'dwellDaysP90', label: 'Dwell p90 (d)', num: true, fmt: dec });
  for (const exit of EXITS) columns.push({ key: 'exits.' + exit, label: exit.toLowerCase().replace('_', ' '), num: true, value: r => r.exits[exit] });
  columns.push({ key: 'drill', label: '', value: () => undefined,
    render: r => button('Visits', () => openDrill(groupBy && r.group !== null
      ? { stage: r.stage, label: 'stage ' + r.stage + ', ' + groupBy + ' ' + r.group, extra: { [groupBy]: r.group } }
      : { stage: r.stage, label: 'stage ' + r.stage })) });
  table('stall-map-table', columns, answer.stages);
  const c = chart('stall-map-chart');
  if (c) {
    const stages = [...new Set(answer.stages.map(r => r.stage))];
    const groups = groupBy ? [...new Set(answer.stages.map(r => r.group))] : [undefined];
    const series = groups.map(g => ({
      name: groupBy ? (g === null ? '(none)' : g) : 'stall rate', type: 'bar',
      data: stages.map(s => { const r = answer.stages.find(x => x.stage === s && (!groupBy || x.group === g)); return r && r.stallRate !== null ? r.stallRate : null; })
    }));
    if (!groupBy) {
      series.push({ name: 'dwell p50 (days)', type: 'line', yAxisIndex: 1, data: stages.map(s => answer.stages.find(x => x.stage === s).dwellDaysP50) });
    }
    c.setOption({
      tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: stages },
      yAxis: [{ type: 'value', name: 'stall rate', axisLabel: { formatter: v => Math.round(v * 100) + '%' } }, { type: 'value', name: 'days' }],
      series
    }, true);
    c.off('click');
    c.on('click', p => openDrill({ stage: p.name, label: 'stage ' + p.name }));
  }
}

const key = p => [p.stage, p.category, p.direction, p.role].join('|');

async function loadDrivers() {
  const minSupport = params().get('minSupport') || '5';
  const answer = await api('/api/v1/stalls/patterns' + filterQuery({ minSupport }));
  const open = p => openDrill({ pattern: key(p), stage: p.stage, label: key(p) });
  table('drivers-table', [
    { key: 'key', label: 'Missed (stage | category | direction | maker)', value: key },
    { key: 'missedVisits', label: 'Visits with miss (n1)', num: true },
    { key: 'stalledVisits', label: 'Stalled (a)', num: true },
    { key: 'stallRateAfterMiss', label: 'Rate with', num: true, fmt: pct },
    { key: 'stallRateWithout', label: 'Rate without', num: true, fmt: pct },
    { key: 'relativeRisk', label: 'Relative risk', num: true, fmt: dec },
    { key: 'ci95.0', label: '95% CI low', num: true, fmt: dec, value: p => p.ci95 ? p.ci95[0] : null },
    { key: 'ci95.1', label: '95% CI high', num: true, fmt: dec, value: p => p.ci95 ? p.ci95[1] : null },
    { key: 'pValue', label: 'p', num: true, fmt: sci },
    { key: 'qValue', label: 'q (BH)', num: true, fmt: sci },
    { key: 'lift', label: 'Lift', num: true, fmt: dec },
    { key: 'drill', label: '', value: () => undefined, render: p => button('Visits', () => open(p)) }
  ], answer.patterns);
  const c = chart('drivers-chart');
  if (c) {
    const top = answer.patterns.filter(p => p.ci95).slice(0, 15).reverse();
    c.setOption({
      tooltip: { trigger: 'item', formatter: p => { const d = top[p.dataIndex]; return key(d) + '<br>RR ' + dec(d.relativeRisk) + ' [' + dec(d.ci95[0]) + ', ' + dec(d.ci95[1]) + ']<br>support ' + d.missedVisits; } },
      grid: { left: 8, right: 24, containLabel: true },
      xAxis: { type: 'log', name: 'relative risk', min: v => Math.min(0.5, v.min) },
      yAxis: { type: 'category', data: top.map(p => key(p) + ' (n=' + p.missedVisits + ')') },
      series: [
        { type: 'custom', name: '95% CI', renderItem: (params, api) => {
            const lo = api.coord([api.value(1), api.value(0)]);
            const hi = api.coord([api.value(2), api.value(0)]);
            return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: '#5b6475', lineWidth: 2 } };
          }, encode: { x: [1, 2], y: 0 }, data: top.map((p, i) => [i, p.ci95[0], p.ci95[1]]) },
        { type: 'scatter', name: 'relative risk', symbolSize: p => 6, data: top.map((p, i) => [p.relativeRisk, i]) }
      ]
    }, true);
    c.off('click');
    c.on('click', p => open(top[p.dataIndex]));
  }
}

function openDrill(drill) {
  state.drill = drill;
  state.drillPage = 0;
  setParam('drill', drill.pattern || drill.stage);
  // a grouped row's drill-down keeps its group in the URL too, so a shared link shows the same visits
  const group = drill.extra ? Object.values(drill.extra)[0] : null;
  setParam('drillGroup', group === undefined ? null : group);
  loadDrill();
}

async function loadDrill() {
  const d = state.drill;
  if (!d) return;
  const section = document.getElementById('drill');
  section.hidden = false;
  document.getElementById('drill-title').textContent = d.label;
  const answer = await api('/api/v1/stalls/visits' + filterQuery(Object.assign({ stage: d.pattern ? '' : d.stage,
    pattern: d.pattern || '', page: state.drillPage, size: PAGE_SIZE }, d.extra || {})));
  document.getElementById('drill-count').textContent = answer.total + ' visits, ' + answer.stalled + ' stalled';
  table('drill-table', [
    { key: 'dealId', label: 'Deal', render: v => { const a = document.createElement('a'); a.href = '?deal=' + encodeURIComponent(v.dealId); a.dataset.journey = v.journey; a.textContent = v.dealId; a.addEventListener('click', e => { e.preventDefault(); openJourney(v.dealId); }); return a; } },
    { key: 'stalled', label: 'Stalled', fmt: v => v ? 'stalled' : '' },
    { key: 'stallReasons', label: 'Why', fmt: v => (v || []).join(', ') },
    { key: 'entryAt', label: 'Entered', fmt: day },
    { key: 'exit', label: 'Exit' },
    { key: 'dwellDays', label: 'Dwell (d)', num: true, fmt: dec },
    { key: 'segment', label: 'Segment' },
    { key: 'owner', label: 'Owner' }
  ], answer.visits);
  const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  document.getElementById('drill-page').textContent = 'page ' + (state.drillPage + 1) + ' of ' + pages;
  document.getElementById('drill-prev').disabled = state.drillPage === 0;
  document.getElementById('drill-next').disabled = state.drillPage + 1 >= pages;
  section.scrollIntoView({ block: 'nearest' });
}

async function loadTrend() {
  const interval = params().get('interval') || 'week';
  const answer = await api('/api/v1/stalls/trend' + filterQuery({ interval }));
  table('trend-table', [
    { key: 'periodStart', label: 'Period from', fmt: day },
    { key: 'stage', label: 'Stage' },
    { key: 'visits', label: 'Visits entered', num: true },
    { key: 'stalledVisits', label: 'Stalled', num: true },
    { key: 'stallRate', label: 'Stall rate', num: true, fmt: pct },
    { key: 'dwellDaysP50', label: 'Dwell p50 (d)', num: true, fmt: dec },
    { key: 'dwellDaysP90', label: 'Dwell p90 (d)', num: true, fmt: dec }
  ], answer.rows);
  const c = chart('trend-chart');
  if (c) {
    const periods = [...new Set(answer.rows.map(r => r.periodStart))];
    const stages = [...new Set(answer.rows.map(r => r.stage))];
    c.setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      xAxis: { type: 'category', data: periods.map(day) },
      yAxis: { type: 'value', axisLabel: { formatter: v => Math.round(v * 100) + '%' } },
      series: stages.map(s => ({ name: s, type: 'line', connectNulls: true,
        data: periods.map(p => { const r = answer.rows.find(x => x.periodStart === p && x.stage === s); return r ? r.stallRate : null; }) }))
    }, true);
  }
}

async function loadAtRisk() {
  const minSupport = params().get('minSupport') || '5';
  const answer = await api('/api/v1/deals/at-risk' + filterQuery({ minSupport, limit: 20 }));
  table('at-risk-table', [
    { key: 'dealId', label: 'Deal', render: d => button(d.dealId, () => openJourney(d.dealId)) },
    { key: 'name', label: 'Name' },
    { key: 'stage', label: 'Stage' },
    { key: 'status', label: 'Status' },
    { key: 'riskScore', label: 'Risk', num: true, fmt: dec },
    { key: 'reasons', label: 'Why', fmt: v => v.join(', ') },
    { key: 'helpWith', label: 'Help the buyer with', fmt: v => v.map(h => h.category + ' by ' + h.madeBy.role + ' (' + h.status + ', due ' + day(h.dueAt) + ')').join('; ') }
  ], answer.deals);
}

async function openJourney(dealId) {
  setParam('deal', dealId);
  await loadJourney();
}

/** A horizontal bar from value(0) to value(1) on category row {@code row}; {@code height} a share of the row. */
function bar(row, color, height) {
  return (params, api) => {
    const start = api.coord([api.value(0), row]);
    const end = api.coord([api.value(1), row]);
    const h = api.size([0, 1])[1] * (height || 0.6);
    return { type: 'rect', shape: { x: start[0], y: start[1] - h / 2, width: Math.max(2, end[0] - start[0]), height: h },
      style: { fill: color, stroke: '#fff' } };
  };
}

async function loadJourney() {
  const dealId = params().get('deal');
  const section = document.getElementById('journey');
  if (!dealId) { section.hidden = true; return; }
  const j = await api('/api/v1/journeys/' + encodeURIComponent(dealId));
  section.hidden = false;
  document.getElementById('journey-title').textContent = j.dealId + ' — ' + j.name + ' (' + j.status + ')';
  table('journey-visits', [
    { key: 'stage', label: 'Stage' },
    { key: 'entryAt', label: 'Entered', fmt: day },
    { key: 'exitAt', label: 'Left', fmt: day },
    { key: 'exit', label: 'Exit' },
    { key: 'stalled', label: 'Stalled', fmt: v => v ? 'stalled' : '' },
    { key: 'stallStartAt', label: 'Stall from', fmt: day },
    { key: 'stallReasons', label: 'Why', fmt: v => (v || []).join(', ') },
    { key: 'missedKeys', label: 'Missed', fmt: v => (v || []).join('; ') }
  ], j.visits);
  table('journey-commitments', [
    { key: 'commitmentId', label: 'Commitment' },
    { key: 'category', label: 'Category' },
    { key: 'direction', label: 'Direction' },
    { key: 'madeByRole', label: 'Made by' },
    { key: 'madeAt', label: 'Made', fmt: day },
    { key: 'dueAt', label: 'Due', fmt: day },
    { key: 'status', label: 'Status' }
  ], j.commitments);
  const c = chart('journey-chart');
  if (c) {
    const t = v => v ? Date.parse(v) : Date.now();
    c.setOption({
      tooltip: { trigger: 'item' }, legend: {},
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: ['commitments', 'visits'] },
      series: [
        { type: 'custom', name: 'visits', renderItem: bar(1, '#4a7bd0'), encode: { x: [0, 1] },
          data: j.visits.map(v => [t(v.entryAt), t(v.exitAt), v.stage]), tooltip: { formatter: p => 'visit: ' + p.value[2] } },
        { type: 'custom', name: 'stall episodes', renderItem: bar(1, '#c0392b', 0.35), encode: { x: [0, 1] },
          data: j.visits.filter(v => v.stalled).map(v => [t(v.stallStartAt), t(v.exitAt), (v.stallReasons || []).join(', ')]),
          tooltip: { formatter: p => 'stalled: ' + p.value[2] } },
        { type: 'scatter', name: 'commitments', data: j.commitments.map(m => ({ value: [t(m.dueAt), 0], name: m.category + ' ' + m.status,
            itemStyle: { color: m.status === 'MISSED' ? '#c0392b' : m.status === 'OPEN' ? '#999' : '#2e8b57' } })),
          tooltip: { formatter: p => p.name } }
      ]
    }, true);
  }
}

async function loadAll() {
  document.body.dataset.loaded = 'loading';
  document.getElementById('error').hidden = true;
  const drill = params().get('drill');
  if (drill) {
    const parts = drill.split('|');
    const groupBy = params().get('groupBy');
    const group = params().get('drillGroup');
    state.drill = parts.length === 4 ? { pattern: drill, stage: parts[0], label: drill }
      : groupBy && group !== null
        ? { stage: drill, label: 'stage ' + drill + ', ' + groupBy + ' ' + group, extra: { [groupBy]: group } }
        : { stage: drill, label: 'stage ' + drill };
  } else {
    state.drill = null;
    document.getElementById('drill').hidden = true;
  }
  try {
    await Promise.all([loadStallMap(), loadDrivers(), loadTrend(), loadAtRisk(), loadDrill(), loadJourney()]);
    document.getElementById('auth').hidden = true;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    if (!(e instanceof Refused)) {
      const error = document.getElementById('error');
      error.textContent = e.message;
      error.hidden = false;
    }
    document.body.dataset.loaded = 'error';
  }
}

document.addEventListener('DOMContentLoaded', () => {
  takeToken();
  fillForm();
  document.getElementById('filters').addEventListener('submit', applyForm);
  document.getElementById('token-use').addEventListener('click', () => {
    const token = document.getElementById('token-input').value.trim();
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      state.token = token;
      showTenant();
      loadAll();
    }
  });
  document.getElementById('drill-prev').addEventListener('click', () => { state.drillPage--; loadDrill(); });
  document.getElementById('drill-next').addEventListener('click', () => { state.drillPage++; loadDrill(); });
  window.addEventListener('popstate', () => { fillForm(); loadAll(); });
  window.addEventListener('resize', () => Object.values(state.charts).forEach(c => c.resize()));
  loadAll();
});
