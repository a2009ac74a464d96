import { describe, expect, test } from 'vitest';
import { parseSloSearchParams, sloHref } from './search-params';

const NOW = new Date('2025-06-30T12:00:00Z');

describe('SLO page URL state', () => {
  test('defaults: 90 days ending now, every policy, no filters', () => {
    const state = parseSloSearchParams({}, NOW);
    expect(state).toMatchObject({ preset: '90d', policy: null, team: null, source: null, cluster: null });
    expect(state.from).toEqual(new Date('2025-04-01T12:00:00Z'));
    expect(state.to).toEqual(NOW);
    expect(sloHref(state)).toBe('/slo');
  });

  test.each<[string, Record<string, string | string[]>, string]>([
    [
      'window preset and policy',
      { window: '30d', policy: 'first-response' },
      '/slo?window=30d&policy=first-response',
    ],
    [
      'custom range with team, source and request type',
      { from: '2025-05-01', to: '2025-05-31', team: 'platform', source: 'jira', cluster: 'c-1' },
      '/slo?from=2025-05-01&to=2025-05-31&team=platform&source=jira&cluster=c-1',
    ],
    ['repeated parameter: the first wins', { policy: ['triage', 'other'] }, '/slo?policy=triage'],
    ['bad values fall back to their defaults', { window: '7d', policy: '  ', from: '2025-13-40' }, '/slo'],
  ])('round trip: %s', (_name, raw, href) => {
    expect(sloHref(parseSloSearchParams(raw, NOW))).toBe(href);
  });

  test('the custom window is [from 00:00, day after to 00:00) and patches drop a filter', () => {
    const state = parseSloSearchParams({ from: '2025-05-01', to: '2025-05-31', policy: 'triage' }, NOW);
    expect(state.from).toEqual(new Date('2025-05-01T00:00:00Z'));
    expect(state.to).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect(sloHref(state, { policy: null })).toBe('/slo?from=2025-05-01&to=2025-05-31');
    expect(sloHref(state, { preset: 'all', fromDate: null, toDate: null })).toBe(
      '/slo?window=all&policy=triage',
    );
  });
});
