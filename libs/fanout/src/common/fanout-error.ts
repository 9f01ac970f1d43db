/** One problem found in an input, addressed precisely enough for a user to fix it. */
export interface ErrorDetail {
  /** Field path such as `spec.template.spec.containers[0].image`; empty for the whole input. */
  path: string;
  message: string;
  documentIndex?: number;
  /** 1-based position in the YAML/JSON source, when the input came as text. */
  line?: number;
  column?: number;
}

/** Base of every validation error the fan-out stages raise; the API layer maps `code` and `details` to problem+json. */
export class FanoutError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: readonly ErrorDetail[];

  constructor(code: Code, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}
