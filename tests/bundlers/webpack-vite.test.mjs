// webpack 5 and Vite, which follow `new URL('./payrail_bg.wasm', import.meta.url)` (the wasm is emitted as an
// asset and the URL rewritten), take the regular entries. webpack runs with no config file at all (entry
// ./src/index.js, output dist/main.js, `--mode production`), once with `import` and once with `require`; Vite
// builds its index.html. Each app comes from a fresh install of the packed package, is served on 127.0.0.1 and
// runs in Chromium against the sandbox.
import { BROWSER_TAIL, browserSetupTests, pageHtml } from './support.mjs';

// webpack's default performance hints warn about any asset over 244 KiB, which the wasm is: expected (README.md).
const SIZE_HINTS = /WARNING in (asset size limit|entrypoint size limit|webpack performance recommendations)/;

export const SETUPS = [
  {
    name: 'webpack-import',
    label: 'webpack 5 (no config, --mode production), import payrail/momo + payrail/crypto',
    app: { provider: 'momo', entry: 'payrail/momo', cryptoEntry: 'payrail/crypto', rel: '../' },
    files: (lines) => ({ 'src/index.js': `${lines}\n${BROWSER_TAIL}` }),
    build: ['webpack', ['--mode', 'production']],
    page: ['dist/index.html', pageHtml('/main.js', { module: false })],
    ignore: SIZE_HINTS,
  },
  {
    name: 'webpack-require',
    label: "webpack 5 (no config, --mode production), require('payrail')",
    app: { provider: 'momo', entry: 'payrail', cryptoEntry: 'payrail', rel: '../', style: 'cjs' },
    files: (lines) => ({ 'src/index.js': `${lines}\n${BROWSER_TAIL}` }),
    build: ['webpack', ['--mode', 'production']],
    page: ['dist/index.html', pageHtml('/main.js', { module: false })],
    ignore: SIZE_HINTS,
  },
  {
    name: 'vite',
    label: 'vite build (no config), import payrail/unipesa + payrail/crypto',
    app: { provider: 'unipesa', entry: 'payrail/unipesa', cryptoEntry: 'payrail/crypto' },
    files: (lines) => ({ 'main.js': `${lines}\n${BROWSER_TAIL}`, 'index.html': pageHtml('/main.js') }),
    build: ['vite', ['build', '--logLevel', 'warn']],
    page: null, // vite writes dist/index.html
  },
];

browserSetupTests('webpack-vite', SETUPS);
