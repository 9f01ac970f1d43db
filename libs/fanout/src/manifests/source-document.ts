import { FieldPath } from '../common/field-path';

export interface SourcePosition {
  line: number;
  column: number;
}

/** One document of a release before validation, with a way back to where each field was written. */
export interface SourceDocument {
  documentIndex: number;
  value: unknown;
  /** Position of the deepest existing node along `path`; undefined for input that was not text. */
  locate(path: FieldPath): SourcePosition | undefined;
}
