// The one place the UI talks to the server: JSON over /api, errors as {error, message}.

export class ApiError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

export async function get(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const url = `/api/${path}${qs.toString() ? `?${qs}` : ''}`;
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_response', `${url}: the server did not answer JSON`);
  }
  if (!res.ok) throw new ApiError(res.status, body?.error ?? 'error', body?.message ?? res.statusText);
  return body;
}

/** Every page of a list endpoint, up to `max` items. */
export async function all(path, params = {}, max = 2000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path, { ...params, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}
