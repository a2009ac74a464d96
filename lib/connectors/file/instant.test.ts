import { describe, expect, test } from 'vitest';
import { parseIsoInstant, parseJiraDate } from './instant';

describe('parseIsoInstant', () => {
  test.each([
    ['2025-03-03T09:00:00Z', '2025-03-03T09:00:00.000Z'],
    ['2025-03-03T09:00Z', '2025-03-03T09:00:00.000Z'],
    ['2025-03-03T09:00:00.123456+02:00', '2025-03-03T07:00:00.123Z'],
    ['2025-03-03 09:00:00-0530', '2025-03-03T14:30:00.000Z'],
    ['2024-02-29T23:59:59+00', '2024-02-29T23:59:59.000Z'],
    ['2025-01-01T00:30:00+01:00', '2024-12-31T23:30:00.000Z'],
  ])('accepts %s', (input, expected) => {
    const r = parseIsoInstant(input);
    expect(r.ok && r.date.toISOString()).toBe(expected);
  });

  test.each([
    ['2025-13-40', /invalid date "2025-13-40"/],
    ['2025-03-03', /has no time and UTC offset/],
    ['2025-13-40T10:00:00Z', /no such calendar date/],
    ['2025-02-30T10:00:00Z', /invalid date "2025-02-30T10:00:00Z" \(no such calendar date/],
    ['2025-02-29T10:00:00Z', /no such calendar date/],
    ['2025-03-03T24:00:00Z', /no such calendar date/],
    ['yesterday', /invalid date "yesterday" \(expected ISO-8601 with an offset/],
    ['2025-03-03T09:00:00', /has no UTC offset/],
    ['2025-03-03T09:00:00+25:00', /invalid UTC offset/],
    ['1741000000', /invalid date/],
  ])('rejects %s', (input, message) => {
    const r = parseIsoInstant(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('parseJiraDate', () => {
  test.each([
    ['15/Jan/24 9:30 AM', 'UTC', '2024-01-15T09:30:00.000Z'],
    ['15/jan/2024 12:05 am', 'UTC', '2024-01-15T00:05:00.000Z'],
    ['15/Jan/24 12:00 PM', 'America/New_York', '2024-01-15T17:00:00.000Z'],
    ['15/Jul/24 9:30 PM', 'America/New_York', '2024-07-16T01:30:00.000Z'],
    ['15/Jul/24 21:30', 'Europe/Berlin', '2024-07-15T19:30:00.000Z'],
    ['2024-01-15 09:30', 'Asia/Kolkata', '2024-01-15T04:00:00.000Z'],
    ['2024-01-15 09:30:15', 'UTC', '2024-01-15T09:30:15.000Z'],
    ['2024-01-15T09:30:00+02:00', 'America/New_York', '2024-01-15T07:30:00.000Z'],
    // DST start in New York: 02:30 does not exist and is pushed forward to 03:30 EDT.
    ['2024-03-10 02:30', 'America/New_York', '2024-03-10T07:30:00.000Z'],
    // DST end: 01:30 happens twice; the earlier (EDT) instant is taken.
    ['2024-11-03 01:30', 'America/New_York', '2024-11-03T05:30:00.000Z'],
    ['2024-10-27 02:30', 'Europe/Berlin', '2024-10-27T00:30:00.000Z'],
    ['2024-03-31 02:30', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'],
  ])('%s in %s', (input, zone, expected) => {
    const r = parseJiraDate(input, zone);
    expect(r.ok && r.date.toISOString()).toBe(expected);
  });

  test.each([
    '32/Jan/24 9:30 AM',
    '15/Foo/24 9:30 AM',
    '15/Jan/24 13:30 PM',
    'yesterday',
    '2024-02-30 10:00',
    '',
  ])('rejects %j', (input) => {
    const r = parseJiraDate(input, 'UTC');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/invalid date .* \(expected e\.g\. "15\/Jan\/24 9:30 AM"/);
  });
});
