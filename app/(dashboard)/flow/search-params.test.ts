import { describe, expect, test } from 'vitest';
import { flowHref, parseFlowSearchParams } from './search-params';

const NOW = new Date('2025-06-30T12:00:00Z');

describe('flow page URL state', () => {
  test('defaults: 90 days, nearest-rank, log axis, no filters', () => {
    const state = parseFlowSearchParams({}, NOW);
    expect(state).toMatchObject({ preset: '90d', method: 'nearest-rank', scale: 'log', cluster: null });
    expect(flowHref(state)).toBe('/flow');
  });

  test('reads and writes every filter; bad values fall back instead of breaking a shared link', () => {
    const state = parseFlowSearchParams(
      { window: '30d', team: 'platform', cluster: 'c-1', percentile: 'linear', scale: 'linear' },
      NOW,
    );
    expect(state).toMatchObject({
      preset: '30d',
      team: 'platform',
      cluster: 'c-1',
      method: 'linear',
      scale: 'linear',
    });
    expect(flowHref(state)).toBe('/flow?window=30d&team=platform&cluster=c-1&percentile=linear&scale=linear');
    expect(flowHref(state, { method: 'nearest-rank' })).toBe(
      '/flow?window=30d&team=platform&cluster=c-1&scale=linear',
    );
    expect(parseFlowSearchParams({ percentile: 'median', scale: 'cubic' }, NOW)).toMatchObject({
      method: 'nearest-rank',
      scale: 'log',
    });
  });
});
