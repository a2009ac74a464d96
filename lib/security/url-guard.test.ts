import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../connectors/http';
import {
  assertUrlAllowed,
  guardFetch,
  RefusedUrlError,
  type Resolver,
  refusalReason,
  urlPolicyFrom,
} from './url-guard';

// DNS answers for the name cases, so no test depends on a real resolver.
const DNS: Record<string, string[]> = {
  'jira.acme.example': ['93.184.216.34'],
  'metadata.attacker.example': ['169.254.169.254'],
  'rebind.attacker.example': ['93.184.216.34', '10.0.0.7'],
  'v6private.attacker.example': ['fd12:3456::1'],
  'mapped.attacker.example': ['::ffff:127.0.0.1'],
  'jira.corp.internal': ['10.20.30.40'],
};
const resolve: Resolver = async (host) => {
  const answer = DNS[host];
  if (!answer) throw new Error(`ENOTFOUND ${host}`);
  return answer;
};
const strict = urlPolicyFrom(undefined, resolve);

describe('assertUrlAllowed refuses private, loopback, link-local and metadata targets', () => {
  it.each([
    ['http://127.0.0.1:8080/', 'loopback'],
    ['http://2130706433/', 'loopback'], // decimal form of 127.0.0.1
    ['http://0177.0.0.1/', 'loopback'], // octal
    ['http://0x7f.0.0.1/', 'loopback'], // hex
    ['http://127.1/', 'loopback'], // short form
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped'],
    ['http://[::ffff:a9fe:a9fe]/', 'link-local'], // 169.254.169.254, mapped
    ['http://[64:ff9b::a00:1]/', 'NAT64'], // 10.0.0.1 through NAT64
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.1.10/', 'private'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'this network'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://localhost:3000/', 'loopback name'],
    ['http://api.localhost/', 'loopback name'],
    ['https://metadata.attacker.example/', 'resolves to 169.254.169.254'],
    ['https://rebind.attacker.example/', 'resolves to 10.0.0.7'],
    ['https://v6private.attacker.example/', 'resolves to fd12:3456::1'],
    ['https://mapped.attacker.example/', 'resolves to ::ffff:127.0.0.1'],
    ['https://nowhere.attacker.example/', 'does not resolve'],
    ['ftp://jira.acme.example/', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    ['https://user:pass@jira.acme.example/', 'credentials'],
  ])('%s → refused (%s)', async (url, reason) => {
    const refusal = assertUrlAllowed(url, strict);
    await expect(refusal).rejects.toBeInstanceOf(RefusedUrlError);
    await expect(refusal).rejects.toThrow(reason);
  });

  it('the message names the host and how to allow it, never the path or query', async () => {
    await expect(assertUrlAllowed('http://10.1.2.3/rest/api?token=s3cr3t', strict)).rejects.toThrow(
      'refused URL for 10.1.2.3: a private address; an admin can allow it with TOILSCOPE_ALLOWED_HOSTS=10.1.2.3',
    );
    await expect(assertUrlAllowed('http://10.1.2.3/rest/api?token=s3cr3t', strict)).rejects.not.toThrow(
      's3cr3t',
    );
  });
});

describe('assertUrlAllowed accepts public and allow-listed hosts', () => {
  it.each([
    ['https://jira.acme.example/', undefined],
    ['https://93.184.216.34/', undefined],
    ['http://[2606:2800:220:1:248:1893:25c8:1946]/', undefined],
    ['http://[::ffff:5db8:d822]/', undefined], // 93.184.216.34, mapped: public
    ['https://jira.corp.internal/', 'jira.corp.internal'], // on-prem Data Center by name
    ['https://JIRA.corp.internal./', 'jira.corp.internal'], // case and trailing dot do not matter
    ['https://jira.corp.internal/', '10.0.0.0/8'], // by range
    ['http://127.0.0.1:4010/', '127.0.0.1'],
    ['http://2130706433:4010/', '127.0.0.1'], // any spelling of an allowed address
    ['http://10.9.9.9/', 'jira.corp.internal, 10.9.9.9'],
  ])('%s with TOILSCOPE_ALLOWED_HOSTS=%s → allowed', async (url, allowed) => {
    await expect(assertUrlAllowed(url, urlPolicyFrom(allowed, resolve))).resolves.toBeUndefined();
  });

  it('an allow-listed name does not allow other private names or addresses', async () => {
    const policy = urlPolicyFrom('jira.corp.internal', resolve);
    await expect(assertUrlAllowed('http://10.20.30.40/', policy)).rejects.toThrow(RefusedUrlError);
    await expect(assertUrlAllowed('https://metadata.attacker.example/', policy)).rejects.toThrow(
      RefusedUrlError,
    );
  });
});

describe('refusalReason', () => {
  it.each([
    ['8.8.8.8', null],
    ['172.15.255.255', null], // just below 172.16/12
    ['172.32.0.0', null], // just above
    ['100.63.255.255', null],
    ['100.128.0.0', null],
    ['169.254.169.254', 'a link-local address (cloud metadata lives here)'],
    ['::', 'the unspecified address'],
    ['::ffff:10.0.0.1', 'a private address (IPv4-mapped)'],
    ['2001:db8::1', 'a documentation address'],
  ])('%s → %s', (address, reason) => {
    expect(refusalReason(address)).toBe(reason);
  });
});

describe('guardFetch checks every request, and redirects cannot lead past it', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refuses a loopback fake unless allow-listed, without sending the request', async () => {
    const before = hits;
    await expect(guardFetch(fetch, strict)(`${base}/ok`)).rejects.toThrow(RefusedUrlError);
    expect(hits).toBe(before);
    const allowed = guardFetch(fetch, urlPolicyFrom('127.0.0.1', resolve));
    expect(await (await allowed(`${base}/ok`)).json()).toEqual({ ok: true });
  });

  it('a redirect to the metadata address is refused, not followed', async () => {
    const allowed = guardFetch(fetch, urlPolicyFrom('127.0.0.1', resolve));
    await expect(allowed(`${base}/redirect`)).rejects.toThrow('redirects are not followed');
  });

  it('through the connectors HTTP seam, every request (not only the first) is checked', async () => {
    let allowedHosts = '127.0.0.1';
    const policy = {
      get allowedHosts() {
        return allowedHosts.split(',');
      },
      resolve,
    };
    const http = new HttpClient({
      baseUrl: base,
      fetch: guardFetch(fetch, policy),
      headers: {},
      maxRetries: 0,
    });
    expect(await http.json({ path: '/ok' })).toEqual({ ok: true });
    allowedHosts = 'jira.corp.internal';
    await expect(http.json({ path: '/ok' })).rejects.toThrow(RefusedUrlError);
    // An absolute URL handed back by an API (a next-page link) is checked too.
    allowedHosts = '127.0.0.1';
    await expect(http.json({ path: 'http://169.254.169.254/next' })).rejects.toThrow(RefusedUrlError);
  });
});
