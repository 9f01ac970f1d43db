import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamParser, ServerSentEvent } from './event-stream';

const bytes = (text: string) => new TextEncoder().encode(text);

function parse(...chunks: Array<string | Uint8Array>): ServerSentEvent[] {
  const parser = new EventStreamParser();
  return chunks.flatMap((chunk) => parser.push(typeof chunk === 'string' ? bytes(chunk) : chunk));
}

describe('EventStreamParser', () => {
  it('reads what the control plane sends: a leading blank line, then event, id and JSON data', () => {
    assert.deepEqual(parse('\nevent: target\nid: 7\ndata: {"state":"Ready"}\n\n'), [
      { id: '7', type: 'target', data: '{"state":"Ready"}' },
    ]);
  });

  it('joins the lines of multi-line data with \\n, keeping empty ones', () => {
    assert.deepEqual(parse('data: first\ndata:\ndata:  indented\n\n'), [
      { id: '', type: 'message', data: 'first\n\n indented' },
    ]);
  });

  it('ignores comments, and blocks that carry no data', () => {
    assert.deepEqual(parse(': keep-alive\n\n:\nevent: target\n\ndata: only\n: inside\n\n'), [
      { id: '', type: 'message', data: 'only' },
    ]);
  });

  it('gives every event the last id seen, even from a block without data, and ignores an id holding NUL', () => {
    const events = parse('id: 1\ndata: a\n\ndata: b\n\nid: 3\n\ndata: c\n\nid: 4\0\ndata: d\n\nid:\ndata: e\n\n');
    assert.deepEqual(
      events.map((event) => [event.id, event.data]),
      [
        ['1', 'a'],
        ['1', 'b'],
        ['3', 'c'],
        ['3', 'd'],
        ['', 'e'],
      ],
    );
  });

  it('drops an event the stream ended before its blank line, and its id with it', () => {
    const parser = new EventStreamParser();
    assert.deepEqual(parser.push(bytes('id: 1\ndata: done\n\nid: 2\ndata: cut short\n')), [
      { id: '1', type: 'message', data: 'done' },
    ]);
  });

  it('accepts CR, LF and CRLF line breaks, even a CRLF split across chunks', () => {
    assert.deepEqual(parse('data: a\r', '\ndata: b\r\rdata: c\n\r\n'), [
      { id: '', type: 'message', data: 'a\nb' },
      { id: '', type: 'message', data: 'c' },
    ]);
  });

  it('reads the same events whichever byte boundaries the chunks fall on, inside UTF-8 characters too', () => {
    const stream = bytes(
      'event: target\r\nid: 41\r\ndata: {"subject":"zürich-é","message":"🚀 ready"}\r\n\r\nid: 42\ndata: ✓\n\n',
    );
    const whole = parse(stream);
    assert.equal(whole.length, 2);
    assert.equal(JSON.parse(whole[0].data).message, '🚀 ready');
    for (let split = 1; split < stream.length; split++)
      assert.deepEqual(parse(stream.subarray(0, split), stream.subarray(split)), whole, `split at byte ${split}`);
    assert.deepEqual(parse(...Array.from(stream, (byte) => Uint8Array.of(byte))), whole, 'one byte at a time');
  });
});
