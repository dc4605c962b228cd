// The article view: the text with every layer highlighted (mentions, times, places, quotes,
// event triggers); hovering a highlight shows each item's evidence and confidence. Offsets
// come from the API in UTF-16 code units, which is how JavaScript strings index.
import { useMemo, useState } from 'preact/hooks';
import { get } from './api.js';
import { Loading, QUAD, actorName, day, useLoad } from './util.jsx';

const LAYERS = [
  ['quotes', 'quotes'],
  ['mentions', 'actors & mentions'],
  ['times', 'times'],
  ['places', 'places'],
  ['events', 'events'],
];

/** Items of every layer as {layer, start, end, item}, with what a tooltip shows. */
function spans(doc) {
  const out = [];
  const mentions = new Map((doc.mentions ?? []).map((m) => [m.id, m]));
  for (const m of doc.mentions ?? []) out.push({ layer: 'mentions', start: m.start, end: m.end, item: m });
  for (const t of doc.times ?? []) out.push({ layer: 'times', start: t.start, end: t.end, item: t });
  for (const p of doc.places ?? []) out.push({ layer: 'places', start: p.start, end: p.end, item: p });
  for (const q of doc.quotes ?? []) {
    const speaker = q.speaker?.actor ?? (q.speaker?.mention ? mentions.get(q.speaker.mention)?.actor : null);
    out.push({ layer: 'quotes', start: q.start, end: q.end, item: q, speaker });
  }
  for (const e of doc.events ?? []) out.push({ layer: 'events', start: e.trigger.start, end: e.trigger.end, item: e });
  return out.filter((s) => s.end > s.start);
}

/** Cut the text at every span boundary; each piece knows the spans covering it. */
function pieces(text, all, shown, extra) {
  const live = all.filter((s) => shown[s.layer]);
  if (extra) live.push(extra);
  const cuts = new Set([0, text.length]);
  for (const s of live) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({ start: a, end: b, covering: live.filter((s) => s.start <= a && s.end >= b) });
  }
  return out;
}

function describe(s) {
  const it = s.item;
  const conf = it.confidence !== undefined ? ` · confidence ${Number(it.confidence).toFixed(2)}` : '';
  const rule = it.evidence?.rule ? ` · rule ${it.evidence.rule}` : '';
  switch (s.layer) {
    case 'quotes':
      return {
        title: `Quote (${it.kind}${it.direct ? ', direct' : ''}) — speaker: ${s.speaker ? actorName(s.speaker) : it.source_span?.text ?? 'unattributed'}`,
        body: `cue “${it.cue.text}”${it.channel ? ` · via ${it.channel}` : ''} · sourcing ${it.sourcing.kind}${conf}${rule}`,
      };
    case 'mentions':
      return {
        title: `${it.kind} mention — ${it.actor ? `${actorName(it.actor)} (${it.actor.code})` : 'unresolved'}`,
        body: `${it.actor?.role ? `${it.actor.role.title ?? it.actor.role.office} · ` : ''}${conf.slice(3)}${rule}`,
      };
    case 'times':
      return { title: `Time ${it.type} = ${it.value}`, body: `anchor ${it.anchor}${conf}${rule}` };
    case 'places':
      return {
        title: `Place — ${it.name}${it.country ? ` (${it.country})` : ''}`,
        body: `${it.lat != null ? `${it.lat.toFixed(2)}, ${it.lon.toFixed(2)} · ` : ''}${conf.slice(3)}${rule}`,
      };
    case 'events': {
      const src = it.source?.actor ? actorName(it.source.actor) : it.source?.text ?? '?';
      const tgt = it.target?.actor ? actorName(it.target.actor) : it.target?.text ?? '?';
      return {
        title: `Event ${it.code} (${it.plover.type}) — ${src} → ${tgt}`,
        body: `${QUAD[it.quad_class]?.name ?? ''} · Goldstein ${it.goldstein} · ${it.factuality.polarity}/${it.factuality.status}${it.date ? ` · ${it.date}` : ''}${conf}${rule}`,
      };
    }
    default:
      return { title: s.layer, body: '' };
  }
}

function Tip({ tip }) {
  if (!tip) return null;
  return (
    <div class="tip" role="tooltip" style={{ left: `${tip.x + 12}px`, top: `${tip.y + 16}px` }}>
      {tip.spans.map((s) => {
        const d = describe(s);
        return (
          <div class={`tip-item tip-${s.layer}`}>
            <strong>{d.title}</strong>
            <div>{d.body}</div>
          </div>
        );
      })}
    </div>
  );
}

export function ArticleView({ id, highlight }) {
  const state = useLoad(() => get(`articles/${encodeURIComponent(id)}/analysis`), [id]);
  return <Loading state={state}>{(doc) => <Annotated doc={doc} highlight={highlight} />}</Loading>;
}

function Annotated({ doc, highlight }) {
  const [shown, setShown] = useState({ quotes: true, mentions: true, times: true, places: true, events: true });
  const [tip, setTip] = useState(null);
  const all = useMemo(() => spans(doc), [doc]);
  const extra = highlight ? { layer: 'evidence', start: highlight[0], end: highlight[1], item: {} } : null;
  const parts = useMemo(() => pieces(doc.text, all, shown, extra), [doc, shown, highlight?.[0], highlight?.[1]]);
  const counts = Object.fromEntries(LAYERS.map(([k]) => [k, all.filter((s) => s.layer === k).length]));
  return (
    <article class="article">
      <h1>{doc.title ?? doc.id}</h1>
      <p class="muted">
        {doc.source ?? 'unknown outlet'} · {day(doc.published) || 'undated'}
        {doc.url ? (
          <>
            {' · '}
            <a href={doc.url}>{doc.url}</a>
          </>
        ) : null}
      </p>
      <div class="layers">
        {LAYERS.map(([k, label]) => (
          <label class={`chip chip-${k}`}>
            <input type="checkbox" checked={shown[k]} onChange={() => setShown({ ...shown, [k]: !shown[k] })} />
            {label} ({counts[k]})
          </label>
        ))}
      </div>
      <div class="text" onMouseLeave={() => setTip(null)}>
        {parts.map((p) => {
          const t = doc.text.slice(p.start, p.end);
          if (!p.covering.length) return t;
          const cls = p.covering.map((s) => `hl hl-${s.layer}`).join(' ');
          const quote = p.covering.find((s) => s.layer === 'quotes');
          const real = p.covering.filter((s) => s.layer !== 'evidence');
          return (
            <span
              class={cls}
              data-speaker={quote ? (quote.speaker ? actorName(quote.speaker) : '') : undefined}
              onMouseEnter={(e) => real.length && setTip({ x: e.clientX, y: e.clientY, spans: real })}
              onMouseMove={(e) => real.length && setTip({ x: e.clientX, y: e.clientY, spans: real })}
            >
              {t}
            </span>
          );
        })}
      </div>
      <Tip tip={tip} />
      <Quotes doc={doc} />
    </article>
  );
}

function Quotes({ doc }) {
  const quotes = doc.quotes ?? [];
  if (!quotes.length) return null;
  const mentions = new Map((doc.mentions ?? []).map((m) => [m.id, m]));
  return (
    <section>
      <h2>Quotes</h2>
      <table class="rows">
        <thead>
          <tr>
            <th>speaker</th>
            <th>quote</th>
            <th>cue</th>
            <th>sourcing</th>
          </tr>
        </thead>
        <tbody>
          {quotes.map((q) => {
            const a = q.speaker?.actor ?? (q.speaker?.mention ? mentions.get(q.speaker.mention)?.actor : null);
            return (
              <tr>
                <td>{a ? actorName(a) : q.source_span?.text ?? '—'}</td>
                <td>{q.text}</td>
                <td>{q.cue.text}</td>
                <td>{q.sourcing.kind}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
