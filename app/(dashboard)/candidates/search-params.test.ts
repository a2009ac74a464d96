import { describe, expect, it } from 'vitest';
import { parseClusterDetailSearchParams, parseClustersSearchParams } from '../clusters/search-params';
import { parseToilSearchParams, scopeOf, toilHref } from './search-params';

const now = new Date('2025-06-15T12:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('parseToilSearchParams', () => {
  it.each([
    [{}, 'all', null],
    [{ window: 'bogus' }, 'all', null],
    [{ window: '90d' }, '90d', daysBefore(90)],
    [{ window: ['30d', 'all'] }, '30d', daysBefore(30)],
  ])('%j → preset %s', (raw, preset, from) => {
    const state = parseToilSearchParams(raw, now);
    expect(state.preset).toBe(preset);
    expect(state.from).toEqual(from);
    expect(state.to).toEqual(now);
  });

  it('keeps custom dates, team and source, and round-trips them through a link', () => {
    const raw = { from: '2025-03-01', to: '2025-03-31', team: 'platform', source: 'demo' };
    const state = parseToilSearchParams(raw, now);
    expect(state).toMatchObject({ preset: 'custom', to: new Date('2025-04-01T00:00:00Z'), team: 'platform' });
    const href = toilHref('/candidates', state);
    expect(href).toBe('/candidates?from=2025-03-01&to=2025-03-31&team=platform&source=demo');
    const again = parseToilSearchParams(Object.fromEntries(new URL(href, 'http://x').searchParams), now);
    expect(again).toEqual(state);
    expect(scopeOf(state, now)).toEqual({
      asOf: now,
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-04-01T00:00:00Z'),
      team: 'platform',
      source: 'demo',
    });
  });

  it.each([
    [{}, '/clusters'],
    [{ window: 'all' }, '/clusters'],
    [{ window: '365d' }, '/clusters?window=365d'],
  ])('links leave the default window out: %j → %s', (raw, href) => {
    expect(toilHref('/clusters', parseToilSearchParams(raw, now))).toBe(href);
  });

  it('a link can carry extra parameters, empty ones dropped', () => {
    const state = parseToilSearchParams({ window: '90d' }, now);
    expect(toilHref('/clusters/c-1', state, {}, { cursor: 'abc', q: null })).toBe(
      '/clusters/c-1?window=90d&cursor=abc',
    );
  });
});

describe('clusters URL state', () => {
  it.each([
    [{ q: '  vpn ' }, 'vpn'],
    [{ q: '' }, null],
    [{ q: 'x'.repeat(201) }, null],
  ])('search %j → %s', (raw, q) => {
    expect(parseClustersSearchParams(raw, now).q).toBe(q);
  });

  it.each([
    [{ cursor: 'b3BzOjE' }, 'b3BzOjE'],
    [{ cursor: 'not a cursor!' }, null],
    [{}, null],
  ])('cursor %j → %s', (raw, cursor) => {
    expect(parseClusterDetailSearchParams(raw, now).cursor).toBe(cursor);
  });
});
