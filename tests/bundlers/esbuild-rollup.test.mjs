// esbuild and Rollup, which leave `new URL('./x.wasm', import.meta.url)` as it is (the wasm is neither copied
// nor rewritten, so a page would fetch /payrail_bg.wasm from its own root and get a 404): they take the inline
// entries (`payrail/inline`, `payrail/<entry>/inline`, the wasm as base64 in the JS). Each app is built by the
// bundler's CLI with its defaults from a fresh install of the packed package, served on 127.0.0.1, and run in
// Chromium against the sandbox.
import { browserSetupTests, pageHtml } from './support.mjs';

export const SETUPS = [
  {
    name: 'esbuild-esm',
    label: 'esbuild --bundle --format=esm, payrail/momo/inline + payrail/crypto/inline',
    app: { provider: 'momo', entry: 'payrail/momo/inline', cryptoEntry: 'payrail/crypto/inline' },
    build: ['esbuild', ['main.js', '--bundle', '--format=esm', '--outfile=dist/app.js']],
    page: ['dist/index.html', pageHtml('/app.js')],
    inline: true,
  },
  {
    name: 'esbuild-iife',
    label: 'esbuild --bundle (default iife), payrail/inline',
    app: { provider: 'momo', entry: 'payrail/inline', cryptoEntry: 'payrail/inline' },
    build: ['esbuild', ['main.js', '--bundle', '--outfile=dist/app.js']],
    page: ['dist/index.html', pageHtml('/app.js', { module: false })],
    inline: true,
  },
  {
    name: 'rollup',
    label: 'rollup + @rollup/plugin-node-resolve (defaults), payrail/unipesa/inline + payrail/crypto/inline',
    app: { provider: 'unipesa', entry: 'payrail/unipesa/inline', cryptoEntry: 'payrail/crypto/inline' },
    // Rollup's default output format is ES modules; node-resolve with its defaults (conditions default, module, import).
    build: ['rollup', ['main.js', '--plugin', 'node-resolve', '--file', 'dist/app.js']],
    page: ['dist/index.html', pageHtml('/app.js')],
    inline: true,
  },
];

browserSetupTests('esbuild-rollup', SETUPS);
