// The analyst's UI: hash routes over the HTTP API.
//   #/                 stories and articles
//   #/story/ID         one story
//   #/article/ID[?hl=S-E]  one article, highlighted (S-E: a UTF-16 range to mark)
//   #/actor/ID         one actor's events, quotes and claims
//   #/search?q=WORDS   full-text search
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { ActorView } from './actor.jsx';
import { ArticleView } from './article.jsx';
import { StoryView } from './story.jsx';
import { Loading, day, useLoad } from './util.jsx';
import './style.css';

function parseHash() {
  const h = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = h.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const on = () => setRoute(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

function Home() {
  const stories = useLoad(() => get('stories', { limit: 100 }).catch(() => ({ items: null })), []);
  const articles = useLoad(() => get('articles', { limit: 200 }), []);
  const actors = useLoad(() => get('actors', { limit: 24 }), []);
  return (
    <div>
      <section>
        <h2>Stories</h2>
        <Loading state={stories}>
          {(s) =>
            s.items === null ? (
              <p class="muted">Stories are not available from this server.</p>
            ) : s.items.length === 0 ? (
              <p class="muted">No stories yet: ingest some articles.</p>
            ) : (
              <table class="rows stories">
                <thead>
                  <tr>
                    <th>story</th>
                    <th>articles</th>
                    <th>events</th>
                    <th>contradictions</th>
                    <th>open watch items</th>
                    <th>days</th>
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((st) => (
                    <tr class="story-row">
                      <td>
                        <a href={`#/story/${encodeURIComponent(st.id)}`}>{st.title}</a>
                      </td>
                      <td>{st.articles}</td>
                      <td>{st.events}</td>
                      <td>{st.contradictions}</td>
                      <td>{st.open_watch_items}</td>
                      <td>
                        {day(st.first)} – {day(st.last)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loading>
      </section>
      <section>
        <h2>Actors</h2>
        <Loading state={actors}>
          {(a) => (
            <div class="actor-chips">
              {a.items.map((x) => (
                <a class="chip" href={`#/actor/${encodeURIComponent(x.id)}`} title={`${x.mentions} mentions, ${x.events} events`}>
                  {x.name} <span class="muted">{x.events}</span>
                </a>
              ))}
            </div>
          )}
        </Loading>
      </section>
      <section>
        <h2>Articles</h2>
        <Loading state={articles}>
          {(a) => (
            <ul class="articles">
              {a.items.map((x) => (
                <li>
                  <a href={`#/article/${encodeURIComponent(x.id)}`}>{x.title ?? x.id}</a>{' '}
                  <span class="muted">
                    {x.source ?? ''} {day(x.published)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Loading>
      </section>
    </div>
  );
}

function Marked({ text, ranges }) {
  const out = [];
  let at = 0;
  for (const [s, e] of ranges) {
    out.push(text.slice(at, s));
    out.push(<mark>{text.slice(s, e)}</mark>);
    at = e;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

function Search({ q }) {
  const state = useLoad(() => (q ? get('search', { q, limit: 50 }) : Promise.resolve({ items: [] })), [q]);
  return (
    <div>
      <h1>Search: {q}</h1>
      <Loading state={state}>
        {(r) =>
          r.items.length === 0 ? (
            <p class="muted">No articles match.</p>
          ) : (
            <ul class="hits">
              {r.items.map((h) => (
                <li>
                  <a href={`#/article/${encodeURIComponent(h.article_id)}`}>{h.title ?? h.article_id}</a>{' '}
                  <span class="muted">
                    {h.outlet ?? ''} {day(h.published)}
                  </span>
                  <div class="snippet">
                    <Marked text={h.snippet} ranges={h.highlights} />
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </div>
  );
}

function App() {
  const { parts, params } = useRoute();
  const [q, setQ] = useState(params.get('q') ?? '');
  let view;
  if (parts[0] === 'story' && parts[1]) view = <StoryView id={parts[1]} />;
  else if (parts[0] === 'article' && parts[1]) {
    const hl = /^(\d+)-(\d+)$/.exec(params.get('hl') ?? '');
    view = <ArticleView id={parts[1]} highlight={hl ? [Number(hl[1]), Number(hl[2])] : null} />;
  } else if (parts[0] === 'actor' && parts[1]) view = <ActorView id={parts[1]} />;
  else if (parts[0] === 'search') view = <Search q={params.get('q') ?? ''} />;
  else view = <Home />;
  return (
    <>
      <header>
        <a class="brand" href="#/">
          sitrep
        </a>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            window.location.hash = `#/search?q=${encodeURIComponent(q)}`;
          }}
        >
          <input type="search" placeholder="Search articles" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </form>
      </header>
      <main>{view}</main>
    </>
  );
}

render(<App />, document.getElementById('app'));
