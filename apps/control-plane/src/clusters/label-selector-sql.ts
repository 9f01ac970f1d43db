import type { LabelSelector } from '@fleetplane/fanout';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Adds a label selector to a query over a jsonb label column, so filtering happens in the database
 * and pagination stays exact. Every key and value is a bound parameter. Written with the two operators
 * a GIN index on the column serves, containment (`@>`) and key existence (`?`): `labels ->> 'env' = 'prod'`
 * would read every row. Label values are strings, so containment of `{"env": "prod"}` is that equality.
 */
export function whereLabelsMatch<E extends ObjectLiteral>(
  builder: SelectQueryBuilder<E>,
  column: string,
  selector: LabelSelector,
): void {
  let index = 0;
  const param = () => `selector${index++}`;
  if (selector.matchLabels && Object.keys(selector.matchLabels).length > 0) {
    const labels = param();
    builder.andWhere(`${column} @> CAST(:${labels} AS jsonb)`, { [labels]: JSON.stringify(selector.matchLabels) });
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const p = param();
    const pairs = (requirement.values ?? []).map((value) => JSON.stringify({ [requirement.key]: value }));
    const hasAnyOf = `${column} @> ANY(CAST(:${p} AS jsonb[]))`;
    const hasKey = `${column} ? :${p}`;
    switch (requirement.operator) {
      case 'In':
        builder.andWhere(hasAnyOf, { [p]: pairs });
        break;
      case 'NotIn':
        builder.andWhere(`NOT ${hasAnyOf}`, { [p]: pairs });
        break;
      case 'Exists':
        builder.andWhere(hasKey, { [p]: requirement.key });
        break;
      case 'DoesNotExist':
        builder.andWhere(`NOT ${hasKey}`, { [p]: requirement.key });
        break;
    }
  }
}
