/**
 * A consumer file that must NOT compile: each line marked `expect TSnnnn` misuses a query
 * result. Were the declarations not to resolve on their own, the results would be `any`
 * and every line would compile.
 */
export const MISUSE_SOURCE = `import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createQueries } from '@ecomlake/queries';

export async function misuse(client: DynamoDBClient): Promise<void> {
  const queries = createQueries(client, 'orders');
  const { data: day } = await queries.revenueOnDate('2011-12-09');
  console.log(day.revenue); // expect TS2339: a DailyRevenue has revenueMilli, not revenue
  const { data: days } = await queries.revenueBetween('2011-12-01', '2011-12-09');
  const orders: string = days[0].orders; // expect TS2322: orders is a number
  console.log(orders);
}
`;

/** The `line:code` pairs the marked lines expect. */
export function expectedErrors(source: string): string[] {
  return source
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(/expect (TS\d+)/g)].map((match) => `${i + 1}:${match[1]}`))
    .sort();
}
