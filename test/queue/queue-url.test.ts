import test from 'ava';
import { UsageError } from '../../src/errors/pipeline-error.js';
import { parseQueueUrl, queueUrlFrom } from '../../src/queue/queue-url.js';
import { cli } from '../helpers/cli.js';

test('queue URLs: host, port and database, with defaults', (t) => {
  t.like(parseQueueUrl('redis://10.0.0.5:6380/2'), { host: '10.0.0.5', port: 6380, db: 2 });
  t.like(parseQueueUrl('redis://localhost'), {
    host: 'localhost',
    port: 6379,
    db: 0,
    display: 'redis://localhost:6379/0',
  });
  const secret = parseQueueUrl('redis://:s3cret@h:1/0');
  t.is(secret.password, 's3cret');
  t.false(secret.display.includes('s3cret'), 'the password is never printed');
});

for (const [bad, why] of [
  ['localhost:6379', /scheme must be redis:\/\//],
  ['http://h:1', /scheme must be redis:\/\//],
  ['redis://h:1/x', /database must be a number from 0 to 15/],
  ['redis://h:1/99', /database must be a number from 0 to 15/],
  ['not a url', /is not a URL/],
] as const) {
  test(`a bad queue URL is a usage error: ${bad}`, (t) => {
    const err = t.throws(() => parseQueueUrl(bad), { instanceOf: UsageError });
    t.regex(err!.message, why);
    t.regex(err!.hint ?? '', /redis:\/\/host:port\[\/db\]/);
  });
}

test('--queue wins over $CONCERTINA_QUEUE; neither means local', (t) => {
  const before = process.env.CONCERTINA_QUEUE;
  process.env.CONCERTINA_QUEUE = 'redis://a:1/0';
  t.is(queueUrlFrom(undefined), 'redis://a:1/0');
  t.is(queueUrlFrom('redis://b:2/0'), 'redis://b:2/0');
  delete process.env.CONCERTINA_QUEUE;
  t.is(queueUrlFrom(undefined), undefined);
  if (before !== undefined) process.env.CONCERTINA_QUEUE = before;
});

test('a Redis nobody listens on: ablate and worker say where and how to fix it, exit 2', async (t) => {
  for (const args of [
    ['ablate', 'pipelines/tabular.json', '--queue', 'redis://127.0.0.1:1/0'],
    ['worker', '--queue', 'redis://127.0.0.1:1/0'],
  ]) {
    const r = await cli(args, { timeoutMs: 60_000 });
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0/);
    t.regex(r.stderr, /hint: start Redis there/);
    t.notRegex(r.stderr, /looks like a bug/);
  }
  const none = await cli(['worker'], { env: { CONCERTINA_QUEUE: '' } });
  t.is(none.code, 2);
  t.regex(none.stderr, /concertina worker needs a queue/);
});
