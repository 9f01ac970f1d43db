/**
 * One wrong field of an input, by its path (`stages[1].upstreams[0]`, `freezeWindows[2].cron`). The shape
 * is the API's `FieldError`, so a validator's problems go into a 422 as they are.
 */
export interface FieldProblem {
  field: string;
  message: string;
}
