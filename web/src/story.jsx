// One story: a zoomable timeline of its merged events coloured by quad class, the actor
// graph (edges weighted by event count, coloured by mean Goldstein), the escalation chart,
// the claims board with contradictions side by side, the watchlist and its articles.
import { useMemo, useState } from 'preact/hooks';
import { all, get } from './api.js';
import { Chart } from './charts.jsx';
import { Loading, QUAD, actorName, day, useLoad } from './util.jsx';

export function StoryView({ id }) {
  const state = useLoad(
    () => Promise.all([get(`stories/${encodeURIComponent(id)}`), all('articles', { story: id })]),
    [id],
  );
  return <Loading state={state}>{([story, articles]) => <Story story={story} articles={articles} />}</Loading>;
}

function Story({ story, articles }) {
  const [picked, setPicked] = useState(null);
  const titles = new Map(articles.map((a) => [a.id, a.title ?? a.id]));
  return (
    <div class="story">
      <h1>{story.title}</h1>
      <p class="muted">
        {story.articles.length} articles · {story.events.length} merged events · {day(story.first)} – {day(story.last)}
      </p>
      <section>
        <h2>Timeline</h2>
        <Timeline events={story.events} onPick={setPicked} />
        {picked ? <EventDetail ev={picked} titles={titles} /> : null}
      </section>
      <div class="two">
        <section>
          <h2>Actors</h2>
          <ActorGraph events={story.events} />
        </section>
        <section>
          <h2>Escalation</h2>
          <Escalation points={story.escalation} />
        </section>
      </div>
      <section>
        <h2>Claims board</h2>
        <Contradictions items={story.contradictions} titles={titles} />
        <Claims claims={story.claims} />
      </section>
      <section>
        <h2>Watchlist</h2>
        <Watchlist items={story.watchlist} />
      </section>
      <section>
        <h2>Articles</h2>
        <ul class="articles">
          {articles.map((a) => (
            <li>
              <a href={`#/article/${encodeURIComponent(a.id)}`}>{a.title ?? a.id}</a>{' '}
              <span class="muted">
                {a.source ?? ''} {day(a.published)}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Timeline({ events, onPick }) {
  const dated = events.filter((e) => e.date && /^\d{4}-\d{2}-\d{2}/.test(e.date));
  const option = useMemo(
    () => ({
      tooltip: {
        formatter: (p) =>
          `${p.data.ev.summary}<br/>${day(p.data.ev.date)} · ${p.data.ev.reports.length} report(s), ` +
          `${p.data.ev.independent_sources} independent source(s)`,
      },
      legend: { top: 0 },
      grid: { left: 150, right: 20, top: 30, bottom: 70 },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: [1, 2, 3, 4].map((q) => QUAD[q].name) },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 10 }],
      series: [1, 2, 3, 4].map((q) => ({
        name: QUAD[q].name,
        type: 'scatter',
        itemStyle: { color: QUAD[q].color },
        symbolSize: (v, p) => 8 + 3 * Math.min(p.data.ev.reports.length, 6),
        data: dated
          .filter((e) => e.quad_class === q)
          .map((e) => ({ value: [day(e.date), QUAD[q].name], ev: e })),
      })),
    }),
    [events],
  );
  return (
    <div class="timeline" data-events={dated.length}>
      <Chart option={option} height={300} onClick={(p) => p.data?.ev && onPick(p.data.ev)} />
      <details>
        <summary>
          {dated.length} dated events{events.length > dated.length ? `, ${events.length - dated.length} undated` : ''} as
          a list
        </summary>
        <table class="rows timeline-list">
          <tbody>
            {events.map((e) => (
              <tr class="timeline-event" onClick={() => onPick(e)}>
                <td>{day(e.date) || 'undated'}</td>
                <td>
                  <span class="dot" style={{ background: QUAD[e.quad_class]?.color }} />
                  {e.summary}
                </td>
                <td>{e.reports.length} report(s)</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function EventDetail({ ev, titles }) {
  return (
    <div class="detail">
      <h3>{ev.summary}</h3>
      <p class="muted">
        CAMEO {ev.code} · {ev.plover} · Goldstein {ev.goldstein} · {ev.factuality.polarity}/{ev.factuality.status}
        {ev.place ? ` · ${ev.place}` : ''} · sources: {ev.sources.join(', ') || '—'}
      </p>
      <ul>
        {ev.reports.map((r) => (
          <li>
            <Evidence ev={r.evidence} titles={titles} /> <span class="muted">({r.outlet ?? '?'}, {day(r.published)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A quoted piece of evidence linking to its place in the article. */
function Evidence({ ev, titles }) {
  const href = `#/article/${encodeURIComponent(ev.article)}?hl=${ev.start}-${ev.end}`;
  return (
    <a class="evidence" href={href} title={titles?.get(ev.article) ?? ev.article}>
      “{ev.text}”
    </a>
  );
}

function ActorGraph({ events }) {
  const option = useMemo(() => {
    const nodes = new Map();
    const edges = new Map();
    for (const e of events) {
      if (!e.source || !e.target) continue;
      for (const a of [e.source, e.target]) {
        const n = nodes.get(a.id) ?? { id: a.id, name: actorName(a), value: 0 };
        n.value += 1;
        nodes.set(a.id, n);
      }
      const key = `${e.source.id}\u0000${e.target.id}`;
      const ed = edges.get(key) ?? { source: e.source.id, target: e.target.id, n: 0, g: 0 };
      ed.n += 1;
      ed.g += e.goldstein;
      edges.set(key, ed);
    }
    const maxN = Math.max(1, ...[...edges.values()].map((e) => e.n));
    return {
      tooltip: {
        formatter: (p) =>
          p.dataType === 'edge'
            ? `${p.data.sourceName} → ${p.data.targetName}: ${p.data.n} event(s), mean Goldstein ${p.data.mean.toFixed(1)}`
            : `${p.data.name}: in ${p.data.value} event(s)`,
      },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 260, edgeLength: [80, 180] },
          edgeSymbol: ['none', 'arrow'],
          label: { show: true, position: 'right' },
          data: [...nodes.values()].map((n) => ({ ...n, symbolSize: 10 + 4 * Math.sqrt(n.value) })),
          links: [...edges.values()].map((e) => {
            const mean = e.g / e.n;
            return {
              source: e.source,
              target: e.target,
              sourceName: nodes.get(e.source).name,
              targetName: nodes.get(e.target).name,
              n: e.n,
              mean,
              lineStyle: {
                width: 1 + (5 * e.n) / maxN,
                color: mean < 0 ? '#c62828' : mean > 0 ? '#2e7d32' : '#888',
                curveness: 0.15,
                opacity: 0.8,
              },
            };
          }),
        },
      ],
    };
  }, [events]);
  return <Chart option={option} height={360} class="actor-graph" />;
}

function Escalation({ points }) {
  const dyads = [...new Set(points.map((p) => `${p.source}→${p.target}`))].sort((a, b) =>
    a === '*→*' ? -1 : b === '*→*' ? 1 : a < b ? -1 : 1,
  );
  const [dyad, setDyad] = useState('*→*');
  const total = points
    .filter((p) => `${p.source}→${p.target}` === dyad)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: total.map((p) => p.date) },
      yAxis: [{ type: 'value', name: 'events' }, { type: 'value', name: 'index' }],
      series: [
        ...[
          ['verbal_cooperation', 1],
          ['material_cooperation', 2],
          ['verbal_conflict', 3],
          ['material_conflict', 4],
        ].map(([k, q]) => ({
          name: QUAD[q].name,
          type: 'bar',
          stack: 'q',
          itemStyle: { color: QUAD[q].color },
          data: total.map((p) => p[k]),
        })),
        {
          name: 'escalation index',
          type: 'line',
          yAxisIndex: 1,
          data: total.map((p) => p.index),
          markPoint: {
            symbol: 'pin',
            data: total.filter((p) => p.divergence).map((p) => ({ coord: [p.date, p.index], value: '!' })),
          },
        },
      ],
    }),
    [points, dyad],
  );
  return (
    <div>
      <label class="escalation-pick">
        dyad{' '}
        <select value={dyad} onChange={(e) => setDyad(e.currentTarget.value)}>
          {dyads.map((d) => (
            <option value={d}>{d === '*→*' ? 'whole story' : d}</option>
          ))}
        </select>
      </label>
      {total.length ? <Chart option={option} height={330} class="escalation" /> : <p class="muted">No dated events.</p>}
    </div>
  );
}

function Side({ s, titles }) {
  return (
    <div class="side">
      <strong>{s.speaker ?? actorName(s.actor)}</strong> <span class="muted">{day(s.date)}</span>
      <div>
        <Evidence ev={s.evidence} titles={titles} />
      </div>
      <div class="muted">{s.sourcing.kind}</div>
    </div>
  );
}

function Contradictions({ items, titles }) {
  if (!items.length) return <p class="muted">No contradictions found.</p>;
  return (
    <div class="contradictions">
      {items.map((x) => (
        <div class="contradiction">
          <h3>{x.subject}</h3>
          <div class="sides">
            <div>
              <h4>affirms</h4>
              {x.sides.filter((s) => s.stance === 'affirms').map((s) => <Side s={s} titles={titles} />)}
            </div>
            <div>
              <h4>denies</h4>
              {x.sides.filter((s) => s.stance === 'denies').map((s) => <Side s={s} titles={titles} />)}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

function Claims({ claims }) {
  return (
    <details>
      <summary>All {claims.length} claims</summary>
      <table class="rows">
        <thead>
          <tr>
            <th>date</th>
            <th>speaker</th>
            <th>act</th>
            <th>claim</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => (
            <tr>
              <td>{day(c.date)}</td>
              <td>{c.speaker ?? actorName(c.actor)}</td>
              <td>
                {c.act ?? ''} {c.stance === 'denies' ? '(denies)' : ''}
              </td>
              <td>
                <Evidence ev={c.evidence} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Watchlist({ items }) {
  if (!items.length) return <p class="muted">Nothing threatened, planned or proposed.</p>;
  return (
    <table class="rows watchlist">
      <thead>
        <tr>
          <th>status</th>
          <th>kind</th>
          <th>what</th>
          <th>by</th>
          <th>due</th>
          <th>first reported</th>
        </tr>
      </thead>
      <tbody>
        {items.map((w) => (
          <tr>
            <td>
              <span class={`badge badge-${w.status}`}>{w.status.replace('_', ' ')}</span>
            </td>
            <td>{w.kind}</td>
            <td>
              {w.reports[0] ? <Evidence ev={w.reports[0]} /> : w.summary}
              {w.resolved_by[0] ? (
                <div class="muted">
                  {w.status.replace('_', ' ')}: <Evidence ev={w.resolved_by[0]} />
                </div>
              ) : null}
            </td>
            <td>{w.by ? actorName(w.by) : ''}</td>
            <td>{day(w.due)}</td>
            <td>{day(w.first_reported)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
