import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const apps = ['control-plane', 'cli', 'sandbox-cluster', 'console'];

/** A relative path that climbs into one of `folders` (`../../sandbox-cluster/src`, `../../../apps/cli/src/x`). */
const climbingInto = (folders, parent) => `^(\\.\\./)+(${parent}/)?(${folders.join('|')})(/|$)`;

// The layers: apps use libs, never each other's source; libs never use apps. The sandbox is an app, even
// though tests reach it through an alias. Tests and benches sit above both and may use either.
const libraryImports = [
  {
    regex: `^(\\.\\./)+apps(/|$)|^@fleetplane/sandbox(/|$)`,
    message: 'A library must not import an application; move what both need into a library.',
  },
];
// kube is the I/O below the planner: it shares the object model with fanout through @fleetplane/objects,
// and providers build on kube, not the other way round.
const kubeImports = [
  ...libraryImports,
  {
    regex: `^@fleetplane/(fanout|providers)(/|$)|${climbingInto(['fanout', 'providers'], 'libs')}`,
    message: 'libs/kube must not depend on fanout or providers; shared types belong in @fleetplane/objects.',
  },
];
// bindings is pure: the catalogue, resolution and projection are functions of their inputs, so the planner,
// the applier, the preview and the benchmark call the same code without Nest, a database or a cluster.
const bindingsImports = [
  ...libraryImports,
  {
    regex: `^(@nestjs/|typeorm$|@fleetplane/(persistence|security|kube|http)(/|$))|${climbingInto(['persistence', 'security', 'kube', 'http'], 'libs')}`,
    message: 'libs/bindings holds pure functions: no Nest, no database, no cluster I/O.',
  },
];
// promotion's gates are pure or speak plain HTTP (verification checks, webhooks): the control plane's driver,
// the API's admission checks and the tests call the same functions without Nest, a database or a cluster.
const promotionImports = [
  ...libraryImports,
  {
    regex: `^(@nestjs/|typeorm$|@fleetplane/(persistence|security|kube|http|providers)(/|$))|${climbingInto(['persistence', 'security', 'kube', 'http', 'providers'], 'libs')}`,
    message: 'libs/promotion holds gate logic: no Nest, no database, no cluster I/O.',
  },
];
const appImports = (app) => [
  {
    regex: climbingInto(
      apps.filter((other) => other !== app),
      'apps',
    ),
    message: "An application must not import another application's source; use its alias or move it to a library.",
  },
];

// Casts that switch the type checker off: `as never` fits any parameter, `as unknown as T` any target.
// Outside tests a value of the wrong shape is parsed or narrowed where it enters, not asserted.
const typeCheckerBypasses = [
  {
    selector: "TSAsExpression[typeAnnotation.type='TSNeverKeyword']",
    message: '`as never` hides a type error; give the value its real type.',
  },
  {
    selector: "TSAsExpression > TSAsExpression.expression[typeAnnotation.type='TSUnknownKeyword']",
    message: '`as unknown as T` hides a type error; parse or narrow the value where it enters instead.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.build/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: libraryImports }] },
  },
  {
    files: ['libs/kube/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: kubeImports }] },
  },
  {
    files: ['libs/bindings/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: bindingsImports }] },
  },
  {
    files: ['libs/promotion/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: promotionImports }] },
  },
  ...apps.map((app) => ({
    files: [`apps/${app}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns: appImports(app) }] },
  })),
  // Benches are measuring harnesses like tests: they read internals (a driver's pool) that no API exposes.
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-syntax': ['error', ...typeCheckerBypasses] },
  },
);
