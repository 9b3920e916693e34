#!/usr/bin/env node
// payrail-sandbox: runs the local payrail sandbox until SIGINT/SIGTERM.
//   payrail-sandbox [--port 8787] [--host 127.0.0.1] [--final-delay-ms 300] [--callback-delay-ms 100] [--quiet]
// Prints the base URL of each provider and the sandbox credentials (fixed test values, not real ones).

import { startSandbox } from './index.js';

const USAGE = `Usage: payrail-sandbox [options]

A local server that speaks the Unipesa, MTN MoMo, CinetPay, ViralPAY and AliansPay APIs for offline tests.

Options:
  --port <n>               port to listen on (default 8787; 0 picks a free port)
  --host <addr>            address to bind (default 127.0.0.1)
  --final-delay-ms <n>     how long transactions stay pending (default 300)
  --callback-delay-ms <n>  delay between the final status and the callback (default 100)
  --quiet                  do not print one line per request
  -h, --help               show this help
`;

function parseArgs(argv) {
  const out = { port: 8787, host: '127.0.0.1', quiet: false };
  const numeric = { '--port': 'port', '--final-delay-ms': 'finalDelayMs', '--callback-delay-ms': 'callbackDelayMs' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      i += 1;
      if (i >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[i];
    };
    if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '--quiet') out.quiet = true;
    else if (arg === '--host') out.host = next();
    else if (numeric[arg]) {
      const v = next();
      if (!/^\d+$/.test(v)) throw new Error(`${arg} must be a non-negative integer`);
      out[numeric[arg]] = Number(v);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (out.port > 65535) throw new Error('--port must be at most 65535');
  return out;
}

function describe(sb) {
  const lines = [`payrail sandbox listening on ${sb.url}`, ''];
  const names = Object.keys(sb.baseUrls);
  const width = Math.max(...names.map((n) => n.length), 8);
  lines.push('Base URLs:');
  for (const name of names) lines.push(`  ${name.padEnd(width)}  ${sb.baseUrls[name]}`);
  lines.push('', 'Credentials (sandbox test values):');
  for (const name of names) {
    lines.push(`  ${name}`);
    for (const [k, v] of Object.entries(sb.credentials[name] ?? {})) lines.push(`    ${k}: ${v}`);
  }
  lines.push(
    '',
    'Control endpoints:',
    `  GET  ${sb.url}/__sandbox/info | requests | executions | callbacks | faults`,
    `  POST ${sb.url}/__sandbox/faults   {"provider":"momo","fault":"500","times":1}`,
    `  POST ${sb.url}/__sandbox/callbacks/{provider}/{reference}`,
    `  POST ${sb.url}/__sandbox/reset`,
    '',
    'Faults per request: header x-sandbox-fault: 429 | 500 | 502 | 503 | slow | reset | truncated-json |',
    '  wrong-content-type | empty-body (add -after to execute first) | duplicate-callback | forged-callback',
    '',
    'Ctrl-C to stop.',
  );
  return lines.join('\n');
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`payrail-sandbox: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = { port: args.port, host: args.host };
  if (args.finalDelayMs !== undefined) options.finalDelayMs = args.finalDelayMs;
  if (args.callbackDelayMs !== undefined) options.callbackDelayMs = args.callbackDelayMs;
  if (!args.quiet) {
    // method, provider, path (no query string, headers or body: they may carry tokens), status, fault
    options.onRequest = (e) => {
      const status = e.status === null ? 'no response' : e.status;
      const fault = e.fault ? ` [fault ${e.fault}]` : '';
      process.stdout.write(`${e.method} ${e.provider ?? '-'} ${e.path} -> ${status}${fault}\n`);
    };
  }
  let sb;
  try {
    sb = await startSandbox(options);
  } catch (err) {
    process.stderr.write(`payrail-sandbox: cannot start: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${describe(sb)}\n`);
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox\n`);
    sb.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
