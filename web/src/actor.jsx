// One actor across the store: the events it is a party to, what it said, what it claimed.
import { all } from './api.js';
import { Loading, QUAD, day, useLoad } from './util.jsx';

export function ActorView({ id }) {
  const state = useLoad(
    () =>
      Promise.all([
        all('actors', { actor: id }, 50),
        all('events', { actor: id }, 500),
        all('quotes', { actor: id }, 500),
        all('claims', { actor: id }, 500),
      ]),
    [id],
  );
  return (
    <Loading state={state}>
      {([actors, events, quotes, claims]) => {
        const me = actors.find((a) => a.id === id) ?? actors[0];
        return (
          <div class="actor">
            <h1>{me ? me.name : id}</h1>
            <p class="muted">
              {me ? `${me.code ?? ''} · ${me.mentions} mentions in ${me.articles} articles` : ''} · {events.length} events ·{' '}
              {quotes.length} quotes · {claims.length} claims
            </p>
            <section>
              <h2>Events</h2>
              <table class="rows actor-events">
                <thead>
                  <tr>
                    <th>day</th>
                    <th>code</th>
                    <th>who → whom</th>
                    <th>evidence</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr>
                      <td>{day(e.day)}</td>
                      <td>
                        <span class="dot" style={{ background: QUAD[e.quad_class]?.color }} />
                        {e.code} {e.plover_type}
                      </td>
                      <td>
                        {e.source_name ?? e.source_text ?? '?'} → {e.target_name ?? e.target_text ?? '?'}
                      </td>
                      <td>
                        <a class="evidence" href={`#/article/${encodeURIComponent(e.article_id)}`}>
                          {e.sentence_text}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section>
              <h2>Quotes</h2>
              <ul>
                {quotes.map((q) => (
                  <li>
                    <a class="evidence" href={`#/article/${encodeURIComponent(q.article_id)}`}>
                      “{q.text}”
                    </a>{' '}
                    <span class="muted">
                      {q.cue} · {q.outlet ?? ''} {day(q.published)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h2>Claims</h2>
              <ul>
                {claims.map((c) => (
                  <li>
                    {c.act ?? ''} {c.stance === 'denies' ? '(denies)' : ''}: {c.text}{' '}
                    <span class="muted">{day(c.published)}</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        );
      }}
    </Loading>
  );
}
