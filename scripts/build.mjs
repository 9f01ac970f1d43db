// Compiles the TypeScript tree to CommonJS with swc (type checking is `npm run typecheck`'s job).
// Usage: node scripts/build.mjs [--out DIR] [ROOT ...]   (default: every root, into dist/)
// Helpers working on one corner of the tree build only their roots into their own --out folder.
// The web console (apps/console, Preact) is bundled by Vite into OUT/apps/console/public whenever `apps` is built.
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outDir = resolve(repo, outFlag >= 0 ? args.splice(outFlag, 2)[1] : 'dist');
const roots = args.length > 0 ? args : ['apps', 'libs', 'migrations', 'test', 'scripts', 'bench'];

const tsconfig = JSON.parse(await readFile(join(repo, 'tsconfig.json'), 'utf8'));
const swcOptions = {
  sourceMaps: true,
  module: { type: 'commonjs', strictMode: true },
  jsc: {
    target: 'es2023',
    baseUrl: repo,
    paths: tsconfig.compilerOptions.paths,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};

// Files under a vendor/ folder (the sandbox's Kubernetes schemas) are runtime assets: copied as they are.
const isVendored = (path) => relative(repo, path).split(/[\\/]/).includes('vendor');

async function* sourceFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (isVendored(path) || (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))) yield path;
  }
}

async function compile(file) {
  if (isVendored(file)) {
    const copy = join(outDir, relative(repo, file));
    await mkdir(dirname(copy), { recursive: true });
    await copyFile(file, copy);
    return;
  }
  const target = join(outDir, relative(repo, file)).replace(/\.ts$/, '.js');
  const output = await transformFile(file, {
    ...swcOptions,
    filename: file,
    sourceFileName: relative(dirname(target), file),
  });
  await mkdir(dirname(target), { recursive: true });
  const mapName = `${target}.map`;
  await writeFile(target, `${output.code}\n//# sourceMappingURL=${relative(dirname(target), mapName)}\n`);
  await writeFile(mapName, output.map);
}

const files = [];
for (const root of roots) for await (const file of sourceFiles(resolve(repo, root))) files.push(file);
const failures = [];
await Promise.all(
  files.map((file) => compile(file).catch((error) => failures.push(`${relative(repo, file)}: ${error.message}`))),
);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.error(`built ${files.length} files into ${relative(repo, outDir) || '.'}`);

if (roots.includes('apps')) {
  const { build } = await import('vite');
  const consoleRoot = join(repo, 'apps', 'console');
  await build({
    configFile: join(consoleRoot, 'vite.config.mts'),
    build: { outDir: join(outDir, 'apps', 'console', 'public') },
  });
  console.error(`bundled the console into ${relative(repo, join(outDir, 'apps', 'console', 'public'))}`);
}
