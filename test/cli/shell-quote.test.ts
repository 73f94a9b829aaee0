import test from 'ava';
import { execFileSync } from 'node:child_process';
import { shellQuote } from '../../src/cli/commands/ablate.js';

test('report commands quote what the shell would change, and nothing else', (t) => {
  t.is(shellQuote('pipelines/spoken-digits.json'), 'pipelines/spoken-digits.json');
  t.is(shellQuote('--fractions=0.1,1'), '--fractions=0.1,1');
  const tricky = `dataset.split={"kind":"by-group","test":["theo"]} it's`;
  const quoted = shellQuote(tricky);
  t.is(execFileSync('sh', ['-c', `printf %s ${quoted}`]).toString(), tricky);
});
