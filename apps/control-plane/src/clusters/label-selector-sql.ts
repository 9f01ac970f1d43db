import type { LabelSelector } from '@fleetplane/fanout';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Adds a label selector to a query over a jsonb label column, so filtering happens in the database
 * and pagination stays exact. Every key and value is a bound parameter.
 */
export function whereLabelsMatch<E extends ObjectLiteral>(
  builder: SelectQueryBuilder<E>,
  column: string,
  selector: LabelSelector,
): void {
  let index = 0;
  const param = () => `selector${index++}`;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const [k, v] = [param(), param()];
    builder.andWhere(`${column} ->> :${k} = :${v}`, { [k]: key, [v]: value });
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const k = param();
    const values = param();
    const bindings = { [k]: requirement.key, [values]: requirement.values ?? [] };
    switch (requirement.operator) {
      case 'In':
        builder.andWhere(`${column} ->> :${k} IN (:...${values})`, bindings);
        break;
      case 'NotIn':
        builder.andWhere(`(${column} ->> :${k} IS NULL OR ${column} ->> :${k} NOT IN (:...${values}))`, bindings);
        break;
      case 'Exists':
        builder.andWhere(`${column} ->> :${k} IS NOT NULL`, bindings);
        break;
      case 'DoesNotExist':
        builder.andWhere(`${column} ->> :${k} IS NULL`, bindings);
        break;
    }
  }
}
