import { describe, expect, it } from 'vitest';
import { SLOT, slotValues, TemplateMiner } from './drain';

const split = (s: string) => s.split(' ');

describe('TemplateMiner', () => {
  it.each([
    {
      name: 'differing positions become slots',
      lines: ['create repo billing for team payments', 'create repo search for team discovery'],
      templates: ['create repo <*> for team <*>'],
    },
    {
      name: 'different lengths never share a template',
      lines: ['vpn access for jane', 'vpn access for jane doe'],
      templates: ['vpn access for jane', 'vpn access for jane doe'],
    },
    {
      name: 'below the similarity threshold a new template starts',
      lines: ['restart service checkout now', 'rotate keys for checkout'],
      templates: ['restart service checkout now', 'rotate keys for checkout'],
    },
    {
      name: 'masked tokens agree with slots',
      lines: ['disk full on <host>', 'disk full on <host>', 'disk full on <path>'],
      templates: ['disk full on <*>'],
    },
    {
      name: 'first tokens route: a different first word is a different branch',
      lines: ['open port 443', 'close port 443'],
      templates: ['open port 443', 'close port 443'],
    },
  ])('$name', ({ lines, templates }) => {
    const miner = new TemplateMiner({ similarity: 0.5 });
    const groups = lines.map((l) => miner.add(split(l)));
    const found = [...new Set(groups)].map((g) => miner.template(g).join(' '));
    expect(found).toEqual(templates);
  });

  it('joins the most similar group and counts its members', () => {
    const miner = new TemplateMiner({ similarity: 0.6 });
    const a = miner.add(split('add secret TOKEN to repo api'));
    const b = miner.add(split('add secret KEY to repo web'));
    expect(b).toBe(a);
    expect(miner.size(a)).toBe(2);
    expect(miner.template(a)).toEqual(['add', 'secret', SLOT, 'to', 'repo', SLOT]);
  });

  it('extracts slot values as parameters', () => {
    expect(
      slotValues(split('create repo <*> for team <*>'), split('create repo billing for team payments')),
    ).toEqual(['billing', 'payments']);
  });
});
