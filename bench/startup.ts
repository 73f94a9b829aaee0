/**
 * Start-up: how long `concertina validate` and `concertina plan` take, against `node -e 0` measured in
 * the same run (interleaved rounds, medians, the machine load). Target: under 0.5 s wall on this
 * machine, tf never loaded. Run: node --import tsx bench/startup.ts [rounds]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/concertina.js');
const rounds = Number(process.argv[2] ?? 9);

const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'validate tabular.json': [bin, 'validate', 'pipelines/tabular.json'],
  'validate spoken-digits.json': [bin, 'validate', 'pipelines/spoken-digits.json'],
  'plan spoken-digits.json': [bin, 'plan', 'pipelines/spoken-digits.json'],
  'plan spoken-digits.json --dot': [bin, 'plan', 'pipelines/spoken-digits.json', '--dot'],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const load: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const [name, args] of Object.entries(commands)) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    times[name]!.push(performance.now() - t0);
  }
  load.push(os.loadavg()[0]!);
}
const base = median(times['node -e 0']!);
const machine = `load average ${median(load).toFixed(2)} on ${os.cpus().length} cpus`;
console.log(`start-up, ${rounds} interleaved rounds, median wall time (${machine})`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  const extra = name === 'node -e 0' ? '' : `  (+${(m - base).toFixed(0)} ms over node, ${(m / base).toFixed(1)}x)`;
  console.log(`  ${name.padEnd(32)} ${m.toFixed(0).padStart(5)} ms${extra}`);
}
const worst = Math.max(
  ...Object.entries(times)
    .filter(([n]) => n !== 'node -e 0')
    .map(([, xs]) => median(xs)),
);
console.log(`slowest command: ${(worst / 1000).toFixed(2)} s (target < 0.5 s)`);
