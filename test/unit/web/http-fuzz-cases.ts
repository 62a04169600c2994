import fc from 'fast-check';

/** What a fuzzed request may use: the server's port and, when authenticated, a live session cookie. */
export interface FuzzContext {
  port: number;
  cookie: string | null;
}

const methods = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD', 'GET', 'POST') },
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G ET', 'GET\t', ''),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.constant('X'.repeat(5_000)),
);

const badTargets = [
  '/', '//[', 'http://[', 'http://[:1/', '//[/bridge', '/%zz', '/%', '/%E0%A4%A', '/%00', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd',
  '*', '', ' ', '/bridge', '/bridge?token=%', '/session/logout', '/?token=', '/?token=%', '/?token=a.b', '/?token=a&token=b',
  '/?token=AAAAAAAAAAAAAAAAAAAAAA.xxx', 'http://127.0.0.1/', 'https://evil.example/', '/\u00ff\u0100', '/a b', '/\r\nX: y',
];

const targets = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...badTargets) },
  fc.string({ maxLength: 40 }).map((s) => `/${s}`),
  fc.array(fc.constantFrom('%', 'zz', '%C3', '%28', '[', ']', '/', '..', '?', '#', '&token=', '=', '%%', '\\'), { maxLength: 12 }).map((p) => `/${p.join('')}`),
  fc.constant(`/${'a'.repeat(20_000)}`),
);

function hostHeaders(ctx: FuzzContext): fc.Arbitrary<string[]> {
  return fc.constantFrom(
    [`Host: 127.0.0.1:${ctx.port}`],
    [`Host: localhost:${ctx.port}`],
    [],
    ['Host: evil.example'],
    [`Host: 127.0.0.1:${ctx.port}`, 'Host: evil.example'],
    ['Host: [::1'],
  );
}

function cookieHeaders(ctx: FuzzContext): fc.Arbitrary<string[]> {
  const name = `replicadesk_session_${ctx.port}`;
  const good: string[] = ctx.cookie ? [`Cookie: ${ctx.cookie}`] : [];
  return fc.oneof<fc.Arbitrary<string[]>[]>(
    fc.constant(good),
    fc.constant([]),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '', '=', 'a'.repeat(200), '"x"', '\u00ff').map((v) => [`Cookie: ${name}=${v}`]),
    fc.constantFrom('replicadesk_session=%', 'a=%; b', ';;;', '=%=%', `${name}`, `${name}=x; ${name}=y`).map((v) => [`Cookie: ${v}`]),
    fc.string({ maxLength: 60 }).map((v) => [`Cookie: ${name}=${v}`]),
    fc.constant(Array.from({ length: 100 }, (_, i) => `Cookie: c${i}=%`)),
    fc.constant([`Cookie: ${'k=v; '.repeat(3_000)}`]),
    fc.constant([...good, ...good, `Cookie: ${name}=%`]),
  );
}

function originHeaders(ctx: FuzzContext): fc.Arbitrary<string[]> {
  return fc.constantFrom(
    [`Origin: http://127.0.0.1:${ctx.port}`],
    [`Origin: http://localhost:${ctx.port}`],
    [],
    ['Origin: null'],
    ['Origin: http://127.0.0.1:1'],
    ['Origin: http://evil.example'],
    ['Origin: %'],
    [`Origin: http://127.0.0.1:${ctx.port}`, 'Origin: http://evil.example'],
  );
}

const upgradeHeaders = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as string[]) },
  fc.constant(['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==']),
  fc.record({ version: fc.constantFrom('13', '8', 'x', ''), key: fc.constantFrom('', 'short', 'dGhlIHNhbXBsZSBub25jZQ==', '%%%%') }).map((h) => [
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Version: ${h.version}`,
    `Sec-WebSocket-Key: ${h.key}`,
  ]),
  fc.constant(['Upgrade: h2c', 'Connection: Upgrade']),
  fc.constant(['Upgrade: websocket', 'Connection: Upgrade', 'Upgrade: websocket']),
);

const otherHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant([] as string[]) },
  fc.constant([`X-Huge: ${'h'.repeat(20_000)}`]),
  fc.constant(Array.from({ length: 500 }, (_, i) => `X-Rep-${i % 3}: ${i}`)),
  fc.constantFrom(['Content-Length: abc'], ['Content-Length: 5', 'Content-Length: 6'], ['Transfer-Encoding: chunked, identity'], ['Bad Header: x'], ['X-Nul: \u0000'], [': empty']),
  fc.array(fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }), fc.string({ maxLength: 30 })), { maxLength: 5 }).map((hs) => hs.map(([k, v]) => `${k}: ${v}`)),
);

/** One malformed (or barely valid) HTTP request or upgrade, as raw bytes. */
export function fuzzedRequest(ctx: FuzzContext): fc.Arbitrary<Buffer> {
  return fc
    .tuple(methods, targets, fc.oneof({ weight: 8, arbitrary: fc.constant('HTTP/1.1') }, fc.constantFrom('HTTP/1.0', 'HTTP/2', 'HTTP/1.1 extra', '')), hostHeaders(ctx), cookieHeaders(ctx), originHeaders(ctx), upgradeHeaders, otherHeaders)
    .map(([method, target, version, ...headerSets]) => {
      const head = [`${method} ${target} ${version}`.trimEnd(), ...headerSets.flat()].join('\r\n');
      return Buffer.from(`${head}\r\n\r\n`, 'latin1');
    });
}

/** `count` requests from a seed: the same seed gives the same requests. */
export function fuzzedRequests(ctx: FuzzContext, seed: number, count: number): Buffer[] {
  return fc.sample(fuzzedRequest(ctx), { seed, numRuns: count });
}
