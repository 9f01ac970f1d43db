// Runs the compiled specs with node's own test runner.
// Usage: node scripts/test.mjs [--out DIR] [PATH_FRAGMENT ...]
// Unit specs (*.spec.js) sit beside the code; end-to-end specs (*.e2e-spec.js) live under test/.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outDir = resolve(repo, outFlag >= 0 ? args.splice(outFlag, 2)[1] : 'dist');
const fragments = args;

const specs = (await readdir(outDir, { recursive: true }))
  .filter((file) => /\.(e2e-)?spec\.js$/.test(file) && !file.includes('node_modules'))
  .filter((file) => fragments.length === 0 || fragments.some((fragment) => file.includes(fragment)))
  .sort();
if (specs.length === 0) {
  console.error(`no spec matched ${fragments.join(' ') || '(all)'} under ${relative(repo, outDir)}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...specs.map((spec) => join(outDir, spec)),
  ],
  { stdio: 'inherit', cwd: repo },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
