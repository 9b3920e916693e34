// Serves the Hono app on Node (@hono/node-server). Credentials from the environment (see ../README.md).
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

let app;
serve({
  fetch: (req) => app.fetch(req),
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
  // @hono/node-server replaces the global Request and Response with lighter classes by default; Node's own
  // fetch still answers with its Response, which payrail's transport then does not recognise ("fetch did not
  // answer with a Response": a NetworkError). Keeping Node's globals avoids it.
  overrideGlobalObjects: false,
}, (info) => {
  app = createApp({ ...process.env, publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${info.port}` });
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
