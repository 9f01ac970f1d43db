import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ProgressPrinter } from './progress';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

const targets = (aws: string, gcp: string) => [
  { cluster: 'prod-aws', cloud: 'aws', wave: 0, state: aws, lastError: '' },
  {
    cluster: 'prod-gcp',
    cloud: 'gcp',
    wave: 1,
    state: gcp,
    lastError: gcp === 'Failed' ? 'ProgressDeadlineExceeded' : '',
  },
];

describe('ProgressPrinter', () => {
  it('on a terminal, redraws one line per cluster with a bar, in place', () => {
    const out = capture();
    const printer = new ProgressPrinter(out.stream, true);
    printer.update('Progressing', 'wave 0', targets('Applying', 'Pending'));
    printer.update('Progressing', 'wave 1', targets('Ready', 'Failed'));
    const text = out.text();
    assert.match(text, /prod-aws {2}\[######\.{14}\] {2}Applying/);
    assert.ok(text.includes('\u001b[3A'), 'moves the cursor back over the three lines it drew');
    assert.match(text, /prod-aws {2}\[#{20}\] {2}Ready/);
    assert.match(text, /prod-gcp {2}\[#{20}\] {2}Failed {2}ProgressDeadlineExceeded/);
  });

  it('names what it follows before any progress, on a terminal and elsewhere', () => {
    for (const interactive of [true, false]) {
      const out = capture();
      const printer = new ProgressPrinter(out.stream, interactive);
      printer.begin('rollout 3f2a: storefront 1.2.0');
      printer.update('Progressing', 'wave 0', targets('Applying', 'Pending'));
      const [first] = out.text().split('\n');
      assert.match(
        first,
        interactive ? /^rollout 3f2a: storefront 1\.2\.0$/ : /^\S+Z rollout 3f2a: storefront 1\.2\.0$/,
      );
    }
  });

  it('elsewhere, writes a plain line only when something changed', () => {
    const out = capture();
    const printer = new ProgressPrinter(out.stream, false);
    printer.update('Progressing', 'wave 0', targets('Applying', 'Pending'));
    printer.update('Progressing', 'wave 0', targets('Applying', 'Pending'));
    printer.update('Progressing', 'wave 0', targets('Ready', 'Pending'));
    const lines = out.text().trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[3], /Z prod-aws aws wave 0: Ready$/);
    assert.equal(out.text().includes('\u001b'), false);
  });

  it('elsewhere, prints the verdict last, even when the deployment ended in the same burst as its last clusters', () => {
    const out = capture();
    const printer = new ProgressPrinter(out.stream, false);
    printer.update('Progressing', 'wave 0', targets('WaitingReady', 'Pending'));
    // One burst of events: prod-aws's Ready and the deployment's Succeeded; prod-gcp's Ready comes after.
    printer.update('Succeeded', '2 clusters ready', targets('Ready', 'WaitingReady'));
    printer.update('Succeeded', '2 clusters ready', targets('Ready', 'Ready'));
    printer.finish('Succeeded', '2 clusters ready', targets('Ready', 'Ready'));
    const lines = out.text().trim().split('\n');
    assert.match(lines.at(-1) ?? '', /Z deployment Succeeded: 2 clusters ready$/);
    assert.equal(lines.filter((line) => line.includes('deployment Succeeded')).length, 1);
    assert.match(lines.at(-2) ?? '', /Z prod-gcp gcp wave 1: Ready$/);
  });

  it('elsewhere, prints the clusters a final view brings before its verdict', () => {
    const out = capture();
    const printer = new ProgressPrinter(out.stream, false);
    printer.finish('Failed', 'wave 1 halted', targets('Ready', 'Failed'));
    assert.deepEqual(
      out
        .text()
        .trim()
        .split('\n')
        .map((line) => line.replace(/^\S+Z /, '')),
      [
        'prod-aws aws wave 0: Ready',
        'prod-gcp gcp wave 1: Failed (ProgressDeadlineExceeded)',
        'deployment Failed: wave 1 halted',
      ],
    );
  });

  it('on a terminal, draws the deployment line below its clusters', () => {
    const out = capture();
    const printer = new ProgressPrinter(out.stream, true);
    printer.finish('Succeeded', 'all ready', targets('Ready', 'Ready'));
    const lines = out.text().trim().split('\n');
    assert.equal(lines.at(-1), '\u001b[2Kdeployment Succeeded: all ready');
  });
});
