import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { projectionOf, type OrderField } from '../attributes';
import type { SortKeyBounds } from './day-range';

/**
 * A condition with its placeholders. Values stay native here and are marshalled in one
 * place, `expressionInput`, as lib-dynamodb declares marshalling once per command.
 */
export interface Expression {
  text: string;
  names: Readonly<Record<string, string>>;
  values: Readonly<Record<string, string>>;
}

/** `#Attribute`: the placeholder `projectionOf` uses too, so merged name maps always agree. */
function nameOf(attribute: string): string {
  return `#${attribute}`;
}

/** `#attribute = :value`. */
export function equals(attribute: string, value: string, placeholder: string): Expression {
  return { text: `${nameOf(attribute)} = :${placeholder}`, names: { [nameOf(attribute)]: attribute }, values: { [`:${placeholder}`]: value } };
}

/** `attribute` within the bounds (`:from`, `:to`); undefined when both ends are open. */
export function within(attribute: string, bounds: SortKeyBounds): Expression | undefined {
  const name = nameOf(attribute);
  const names = { [name]: attribute };
  const { from, to } = bounds;
  if (from !== undefined && to !== undefined) return { text: `${name} BETWEEN :from AND :to`, names, values: { ':from': from, ':to': to } };
  if (from !== undefined) return { text: `${name} >= :from`, names, values: { ':from': from } };
  if (to !== undefined) return { text: `${name} <= :to`, names, values: { ':to': to } };
  return undefined;
}

/** `attribute_exists(#attribute)`: the record has the attribute. */
export function exists(attribute: string): Expression {
  return { text: `attribute_exists(${nameOf(attribute)})`, names: { [nameOf(attribute)]: attribute }, values: {} };
}

/** Both conditions (either may be absent). */
export function and(left: Expression, right: Expression | undefined): Expression {
  if (!right) return left;
  return { text: `${left.text} AND ${right.text}`, names: { ...left.names, ...right.names }, values: { ...left.values, ...right.values } };
}

/**
 * The request fields a condition and a projection need: names merged, values marshalled.
 * Empty maps are left out (DynamoDB rejects them).
 */
export function expressionInput(
  conditions: readonly (Expression | undefined)[],
  fields: readonly OrderField[] | undefined,
): {
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  const projection = fields && fields.length > 0 ? projectionOf(fields) : undefined;
  const names: Record<string, string> = { ...projection?.ExpressionAttributeNames };
  const values: Record<string, string> = {};
  for (const condition of conditions) {
    if (!condition) continue;
    Object.assign(names, condition.names);
    Object.assign(values, condition.values);
  }
  return {
    ...(projection ? { ProjectionExpression: projection.ProjectionExpression } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: marshall(values) } : {}),
  };
}
