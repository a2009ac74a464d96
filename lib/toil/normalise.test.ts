import { describe, expect, it } from 'vitest';
import { maskVariables, normaliseText, normaliseTitle, stripMailNoise, tokenise } from './normalise';

describe('maskVariables', () => {
  it.each([
    ['mail jane.doe@acme.io now', 'mail <email> now'],
    ['see https://wiki.acme.io/x?y=1 please', 'see <url> please'],
    ['host 10.0.0.12:8080 down', 'host <ip> down'],
    ['disk /var/lib/postgres/data full', 'disk <path> full'],
    ['db-1.prod.acme.com unreachable', '<host> unreachable'],
    ['blocked by ops-123', 'blocked by <key>'],
    ['upgrade to v1.2.3', 'upgrade to <version>'],
    ['upgrade to 14.2', 'upgrade to <version>'],
    ['id 3f2a9b1c4d5e6f7a8b9c', 'id <id>'],
    ['raise quota to 500', 'raise quota to <num>'],
    ['job job_1424 failed', 'job job_# failed'],
    ['sid_37cold', 'sid_#cold'],
  ])('%s → %s', (input, expected) => {
    expect(maskVariables(input)).toBe(expected);
  });
});

describe('stripMailNoise', () => {
  it.each([
    ['hi team,\ncreate a repo\nthanks,\njane', 'create a repo'],
    ['hello platform folks,\n\nneed vpn\n\ncheers\nbob\nplatform team', 'need vpn'],
    ['need a bucket\n> on mon, jan 1 jane wrote:\n> earlier mail', 'need a bucket'],
    ['received from: x@y.com\n\nmy outlook hangs\n\nbest', 'my outlook hangs'],
    ['need access\n-- \njane | payments', 'need access'],
  ])('%j', (input, expected) => {
    expect(stripMailNoise(input)).toBe(expected);
  });
});

describe('normaliseTitle', () => {
  it.each([
    ['Re: [payments] Create repo billing-api pls', 'create repo billing-api'],
    ['URGENT: VPN access for jane@acme.io (urgent)', 'vpn access for <email>'],
    ['Fwd: New namespace on cluster 3?', 'new namespace on cluster <num>'],
    ['PAYMENTS - Rotate keys', 'rotate keys'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseTitle(input)).toBe(expected);
  });
});

describe('normaliseText and tokenise', () => {
  it('lower-cases, strips mail, masks and cuts to the start', () => {
    expect(normaliseText('Hi,\nPlease open port 443 on 10.1.2.3\nThanks\nJo', { maxChars: 100 })).toBe(
      'please open port <num> on <ip>',
    );
    expect(normaliseText('a'.repeat(500), { maxChars: 50 })).toHaveLength(50);
  });

  it.each([
    ['create repositories for <email>', ['create', 'repo', 'for', '<email>']],
    ['grant permissions to buckets', ['grant', 'permission', 'to', 'bucket']],
    ['status access', ['status', 'access']],
    ['zugriff auf laufwerk bitte', ['zugriff', 'auf', 'laufwerk', 'bitte']],
  ])('%s', (input, expected) => {
    expect(tokenise(input)).toEqual(expected);
  });
});
