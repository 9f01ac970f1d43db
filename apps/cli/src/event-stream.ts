/** One event of a `text/event-stream`, as EventSource would dispatch it. */
export interface ServerSentEvent {
  /** The stream's last event ID when this event was dispatched: what to send back as `Last-Event-ID`. */
  id: string;
  type: string;
  data: string;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Parses a `text/event-stream` as the WHATWG algorithm does, from bytes as they arrive: a chunk may end
 * anywhere, even inside a UTF-8 character or between the CR and LF of a line break. `retry` is ignored, as
 * the caller chooses its own backoff.
 */
export class EventStreamParser {
  private readonly decoder = new TextDecoder();
  private unfinishedLine = '';
  private skipLineFeed = false;
  private type = '';
  private data = '';
  private lastEventId = '';

  /** The events this chunk completed, in order. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    let text = this.decoder.decode(chunk, { stream: true });
    if (text === '') return [];
    // A CR that ended the previous chunk may be the first half of a CRLF, which is a single line break.
    if (this.skipLineFeed && text.startsWith('\n')) text = text.slice(1);
    const buffered = this.unfinishedLine + text;
    this.skipLineFeed = buffered.endsWith('\r');
    const events: ServerSentEvent[] = [];
    let lineStart = 0;
    for (const lineBreak of buffered.matchAll(LINE_BREAK)) {
      const event = this.processLine(buffered.slice(lineStart, lineBreak.index));
      if (event) events.push(event);
      lineStart = lineBreak.index + lineBreak[0].length;
    }
    this.unfinishedLine = buffered.slice(lineStart);
    return events;
  }

  private processLine(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data += `${value}\n`;
    // An id holding NUL is ignored so that it can never become a header value.
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const { type, data } = this;
    this.type = '';
    this.data = '';
    // Only data makes an event; the final newline belongs to the last data line, not to the payload.
    return data === '' ? undefined : { id: this.lastEventId, type: type || 'message', data: data.slice(0, -1) };
  }
}
