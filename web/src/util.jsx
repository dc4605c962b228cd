import { useEffect, useState } from 'preact/hooks';

/** Load data for a view: {data, error, loading}; reloads when `deps` change. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: null, loading: true });
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

export const QUAD = {
  1: { name: 'verbal cooperation', color: '#2e7d32' },
  2: { name: 'material cooperation', color: '#1565c0' },
  3: { name: 'verbal conflict', color: '#ef6c00' },
  4: { name: 'material conflict', color: '#c62828' },
};

export const day = (s) => (s ? String(s).slice(0, 10) : '');

export function actorName(a) {
  return a ? a.name || a.code || a.id : '—';
}

export function Loading({ state, children }) {
  if (state.loading) return <p class="muted">Loading…</p>;
  if (state.error) return <p class="error" role="alert">{state.error.message}</p>;
  return children(state.data);
}
