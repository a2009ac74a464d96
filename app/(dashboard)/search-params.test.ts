import { describe, expect, it } from 'vitest';
import { overviewHref, parseOverviewSearchParams } from './search-params';

const now = new Date('2025-06-15T12:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('parseOverviewSearchParams', () => {
  it.each([
    [{}, '90d', daysBefore(90)],
    [{ window: '30d' }, '30d', daysBefore(30)],
    [{ window: '365d' }, '365d', daysBefore(365)],
    [{ window: 'all' }, 'all', null],
    [{ window: 'bogus' }, '90d', daysBefore(90)],
    [{ window: ['30d', '365d'] }, '30d', daysBefore(30)],
  ])('%j → preset %s ending now', (raw, preset, from) => {
    const state = parseOverviewSearchParams(raw, now);
    expect(state.preset).toBe(preset);
    expect(state.from).toEqual(from);
    expect(state.to).toEqual(now);
  });

  it('turns from/to dates into a half-open window with an inclusive end date', () => {
    const state = parseOverviewSearchParams({ from: '2025-03-01', to: '2025-03-31', window: '30d' }, now);
    expect(state).toMatchObject({
      preset: 'custom',
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-04-01T00:00:00Z'),
      fromDate: '2025-03-01',
      toDate: '2025-03-31',
    });
  });

  it('runs a window with only a start date until now', () => {
    const state = parseOverviewSearchParams({ from: '2025-05-01' }, now);
    expect(state.to).toEqual(now);
  });

  it('swaps a reversed range and ignores malformed dates', () => {
    expect(parseOverviewSearchParams({ from: '2025-03-10', to: '2025-03-01' }, now)).toMatchObject({
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-03-11T00:00:00Z'),
    });
    expect(parseOverviewSearchParams({ from: 'yesterday', to: '2025-13-45' }, now).preset).toBe('90d');
  });

  it('keeps team and source filters, dropping blanks', () => {
    expect(parseOverviewSearchParams({ team: ' platform ', source: '' }, now)).toMatchObject({
      team: 'platform',
      source: null,
    });
  });
});

describe('overviewHref', () => {
  it.each([
    [{ preset: '90d' as const }, '/'],
    [{ preset: '30d' as const, team: 'platform' }, '/?window=30d&team=platform'],
    [
      { preset: 'custom' as const, fromDate: '2025-03-01', toDate: '2025-03-31' },
      '/?from=2025-03-01&to=2025-03-31',
    ],
  ])('%j → %s', (state, href) => {
    expect(overviewHref(state)).toBe(href);
  });
});
