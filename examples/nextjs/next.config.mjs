import { fileURLToPath } from 'node:url';

export default {
  // payrail's Node entry reads its .wasm file next to itself: load it from node_modules, unbundled.
  serverExternalPackages: ['payrail'],
  // Only for this repository's copy (payrail is `file:../../pkg`, a link out of this folder); not needed with
  // payrail installed from npm.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
};
