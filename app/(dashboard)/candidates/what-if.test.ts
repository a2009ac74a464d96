import { describe, expect, it } from 'vitest';
import { whatIfFromSearchParams, whatIfInputsOf, whatIfModel, whatIfParams } from './what-if';

const settings = { requesterHourly: 60, teamHourly: 100, handlingMinutesPerTicket: 15, buildCostHours: 40 };

describe('what-if cost model in the URL', () => {
  it('opens with the settings when the URL says nothing, and puts nothing in the URL for them', () => {
    const inputs = whatIfFromSearchParams({ team: 'platform' }, settings);
    expect(inputs).toEqual(whatIfInputsOf(settings));
    expect(whatIfParams(inputs, settings)).toEqual({
      requesterHourly: null,
      teamHourly: null,
      handlingMinutes: null,
      buildCostHours: null,
    });
  });

  it('round-trips changed fields, "measured" handling included', () => {
    const inputs = { ...whatIfInputsOf(settings), teamHourly: '150', handlingMinutesPerTicket: '' };
    const params = whatIfParams(inputs, settings);
    expect(params).toEqual({
      requesterHourly: null,
      teamHourly: '150',
      handlingMinutes: 'measured',
      buildCostHours: null,
    });
    const raw = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)) as Record<
      string,
      string
    >;
    expect(whatIfFromSearchParams(raw, settings)).toEqual(inputs);
    expect(whatIfModel(inputs)).toEqual({
      model: { requesterHourly: 60, teamHourly: 150, handlingMinutesPerTicket: null, buildCostHours: 40 },
    });
  });

  it.each([
    [{ teamHourly: '-5' }, 'teamHourly'],
    [{ buildCostHours: 'abc' }, 'buildCostHours'],
    [{ requesterHourly: '' }, 'requesterHourly'],
  ])('a bad URL value %j is shown as typed and named as invalid', (raw, field) => {
    const inputs = whatIfFromSearchParams(raw, settings);
    expect(whatIfModel(inputs)).toEqual({ invalid: field });
  });

  it('ignores over-long values and takes the first of repeated ones', () => {
    expect(whatIfFromSearchParams({ teamHourly: '9'.repeat(40) }, settings).teamHourly).toBe('100');
    expect(whatIfFromSearchParams({ teamHourly: ['120', '130'] }, settings).teamHourly).toBe('120');
  });
});
