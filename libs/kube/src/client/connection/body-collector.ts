/** A body as text, cut at `maxBytes` characters when a limit is set. */
export class BodyCollector {
  text = '';

  constructor(private readonly maxBytes = Infinity) {}

  add(chunk: string): void {
    if (this.text.length < this.maxBytes) this.text += chunk;
  }
}
