import { z } from 'zod';

/** DuckDB BIGINT / HUGEINT arrive as bigint; the API speaks JSON numbers (exact below 2^53). */
export const sqlCount = z.union([z.bigint(), z.number()]).transform((value) => Number(value));
export const sqlDouble = z.number();
export const sqlText = z.string();

/** Checks query results against what the query promises, naming the query and row at fault. */
export function parseRows<Row>(schema: z.ZodType<Row>, rows: readonly Record<string, unknown>[], query: string): Row[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`query ${query}: row ${index} does not have the expected shape: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
    return parsed.data;
  });
}
