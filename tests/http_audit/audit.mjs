// GraphQL-over-HTTP conformance audit of a running server, with the official
// audits of the `graphql-http` package (https://github.com/graphql/graphql-http).
//
//   node audit.mjs http://127.0.0.1:8000/graphql
//
// Prints one line per audit and a summary; exits 1 when a MUST audit fails (or
// the audit itself cannot run), 0 otherwise. SHOULD/MAY failures are warnings.
import { serverAudits } from 'graphql-http';

const TIMEOUT_MS = 10_000;

function usage() {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const url = process.argv[2];
if (!url) usage();
try {
  new URL(url);
} catch {
  usage();
}

// Every request of the audit gets a deadline, so a hung server fails the audit
// instead of hanging it.
const fetchWithTimeout = (input, init = {}) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });

async function describe(result) {
  if (result.status === 'ok') return '';
  let body = '';
  try {
    body = await result.response.text();
  } catch {
    body = '<body unavailable>';
  }
  if (body.length > 300) body = `${body.slice(0, 300)}…`;
  return `\n      reason: ${result.reason}\n      response: ${result.response.status} ${body}`;
}

const counts = { mustPassed: 0, mustFailed: 0, shouldWarnings: 0, mayWarnings: 0, passed: 0 };
const lines = [];

for (const { id, name, fn } of serverAudits({ url, fetchFn: fetchWithTimeout })) {
  const level = name.split(' ', 1)[0];
  let result;
  try {
    result = await fn();
  } catch (error) {
    // A fatal error of the audit (network failure, timeout).
    result = { id, name, status: 'error', reason: String(error), response: null };
  }
  const ok = result.status === 'ok';
  if (ok) counts.passed += 1;
  if (level === 'MUST') {
    if (ok) counts.mustPassed += 1;
    else counts.mustFailed += 1;
  } else if (!ok && level === 'SHOULD') {
    counts.shouldWarnings += 1;
  } else if (!ok) {
    counts.mayWarnings += 1;
  }
  const mark = ok ? 'PASS' : level === 'MUST' ? 'FAIL' : 'WARN';
  const detail = result.response ? await describe(result) : ok ? '' : `\n      reason: ${result.reason}`;
  lines.push(`${mark} [${id}] ${name}${detail}`);
}

for (const line of lines) console.log(line);
console.log(
  `graphql-http audit: ${counts.mustPassed} MUST passed, ${counts.mustFailed} MUST failed, ` +
    `${counts.shouldWarnings} SHOULD warnings, ${counts.mayWarnings} MAY warnings ` +
    `(${counts.passed}/${lines.length} audits passed)`,
);
process.exit(counts.mustFailed > 0 ? 1 : 0);
