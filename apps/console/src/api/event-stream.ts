/** One Server-Sent Event as the deployment stream writes it. */
export interface StreamEvent {
  id: string | undefined;
  type: string;
  data: string;
}

/**
 * Parses a text/event-stream body (the WHATWG rules the stream uses: `id`, `event`, `data` lines, a blank
 * line ending each event, `:` comments ignored) and calls `onEvent` for each event as it arrives.
 */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: StreamEvent = { id: undefined, type: 'message', data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
      if (line === '') {
        if (event.data !== '' || event.id !== undefined) onEvent(event);
        event = { id: undefined, type: 'message', data: '' };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = text;
      else if (field === 'event') event.type = text;
      else if (field === 'data') event.data = event.data ? `${event.data}\n${text}` : text;
    }
  }
}
