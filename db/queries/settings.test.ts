import { describe, expect, it } from 'vitest';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { getEffectiveConfig, listSettingsVersions, saveSettings, saveSettingsSection } from './settings';

describe.each(testDatabases())('settings versions on $name', (target) => {
  const database = useTestDatabase(target);

  it('a section save is a new version that carries the other sections over', async () => {
    const { db } = database();
    await saveSettings({
      db,
      settings: { reportTimeZone: 'Europe/Paris', statusMap: { Parked: 'waiting' } },
      savedBy: 'demo',
    });
    const version = await saveSettingsSection({
      db,
      section: 'costModel',
      value: { requesterHourly: 90, teamHourly: 130, handlingMinutesPerTicket: 15, buildCostHours: 40 },
      savedBy: 'ed@acme.example',
    });
    const saved = await getEffectiveConfig({ db });
    expect(saved?.version).toBe(version);
    expect(saved?.config.reportTimeZone).toBe('Europe/Paris');
    expect(saved?.config.statusMap).toEqual({ Parked: 'waiting' });
    expect(saved?.config.costModel).toEqual({
      requesterHourly: 90,
      teamHourly: 130,
      handlingMinutesPerTicket: 15,
      buildCostHours: 40,
    });
    expect((await listSettingsVersions({ db })).map((v) => v.savedBy).slice(0, 2)).toEqual([
      'ed@acme.example',
      'demo',
    ]);
  });

  it('an invalid section names the bad path and stores nothing', async () => {
    const { db } = database();
    await saveSettings({ db, settings: {}, savedBy: 'demo' });
    const before = (await listSettingsVersions({ db })).length;
    await expect(
      saveSettingsSection({
        db,
        section: 'slos',
        value: [{ name: 'x', start: ['created'], stop: ['done'], calendar: 'nope', goals: [{ hours: 4 }] }],
        savedBy: 'ed',
      }),
    ).rejects.toThrow('settings: slos[0].calendar: unknown calendar "nope"');
    await expect(
      saveSettingsSection({ db, section: 'statusMap', value: { Parked: 'later' }, savedBy: 'ed' }),
    ).rejects.toThrow(/statusMap\.Parked: /);
    expect(await listSettingsVersions({ db })).toHaveLength(before);
  });
});
