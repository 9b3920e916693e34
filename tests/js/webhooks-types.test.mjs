// The declarations of the webhook handlers, redisTokenStore and payrail/sandbox, as a user's TypeScript project
// sees them: a consumer file importing the bare `payrail` and `payrail/sandbox` (node_modules/payrail -> pkg/,
// through the exports map's `types`), compiled with tsc --noEmit --strict under nodenext. Lines marked
// @ts-expect-error must FAIL to type-check, so a declaration too loose to catch a mistake fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CONSUMER = `
import { Unipesa, MtnMomo, CinetPay, webhookHandler, nodeWebhookHandler, redisTokenStore, memoryTokenStore,
  type Callback, type WebhookOptions, type TokenStore } from 'payrail';
import { startSandbox, signUnipesa, type Sandbox, type SandboxCallback } from 'payrail/sandbox';
import http from 'node:http';

const sb: Sandbox = await startSandbox({ finalDelayMs: 10, faults: [{ fault: '500-after', provider: 'unipesa' }] });
const unipesa = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa });
const momo = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo });

const seen: Callback[] = [];
const options: WebhookOptions = {
  onCallback: (cb, ctx) => { seen.push(cb); const r: Request = ctx.request; return r.url; },
  onError: (e, { status }) => console.log(status),
  dedupe: memoryTokenStore(),
  dedupeTtlSeconds: 3600,
};
const handle: (request: Request) => Promise<Response> = webhookHandler(unipesa, options);
const momoHook = webhookHandler(momo, { onCallback() {}, reference: (req) => new URL(req.url).searchParams.get('ref') ?? undefined, kind: 'transfer' });
http.createServer(nodeWebhookHandler(momo, { onCallback() {}, dedupe: false }));

declare const redis: { get(k: string): Promise<string | null>; set(k: string, v: string, ...a: unknown[]): Promise<unknown>; eval(s: string, ...a: unknown[]): Promise<unknown> };
const store = redisTokenStore(redis, { lockMs: 2000 });
const asTokenStore: TokenStore = store;
await store.release('k');
new CinetPay({ apiKey: 'a', password: 'p', tokenStore: store });

const deliveries: SandboxCallback[] = sb.callbacks();
const ok: boolean = sb.triggerCallback('unipesa', 'ref', { fault: 'forged-callback' });
const signature: string = signUnipesa({ a: 1 }, 'key');
await sb.close();

// @ts-expect-error onCallback is required
webhookHandler(unipesa, {});
// @ts-expect-error the client must be a payrail client
webhookHandler({}, { onCallback() {} });
// @ts-expect-error dedupe is a store or false, not true
webhookHandler(unipesa, { onCallback() {}, dedupe: true });
// @ts-expect-error an unknown MoMo kind
webhookHandler(momo, { onCallback() {}, kind: 'requesttopayy' });
// @ts-expect-error not a fault the sandbox knows
sb.injectFault({ fault: '418' });
// @ts-expect-error redisTokenStore needs a client
redisTokenStore();
void [handle, momoHook, asTokenStore, deliveries, ok, signature];
`;

test('the webhook, Redis and sandbox declarations type-check as a consumer uses them (tsc --strict)', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'payrail-types-'));
  try {
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(ROOT, 'pkg'), join(dir, 'node_modules', 'payrail'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    // node:http's types are not installed here: a minimal declaration stands in for them.
    writeFileSync(join(dir, 'node-http.d.ts'), "declare module 'node:http' { const http: { createServer(handler: (req: any, res: any) => unknown): unknown }; export default http; }\n");
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: false, types: [] },
      files: ['consumer.ts', 'node-http.d.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', timeout: 50_000 });
    assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
