/** Column types of the silver and gold tables, named after Delta's primitive types. */
export type TableColumnType = 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'timestamp' | 'date';

/** One column of a silver or gold table: the contract readers (API, dashboard) rely on. */
export interface TableColumn<Name extends string = string> {
  name: Name;
  type: TableColumnType;
  nullable: boolean;
  description: string;
}

/** The TypeScript value of a column when read back (dates as YYYY-MM-DD, timestamps as ISO-8601 strings, longs as numbers). */
export type TableColumnValue<Column extends { type: TableColumnType; nullable: boolean }> =
  | (Column['type'] extends 'string' | 'date' | 'timestamp' ? string : Column['type'] extends 'boolean' ? boolean : number)
  | (Column['nullable'] extends true ? null : never);

/** A row object typed after a column list declared `as const`. */
export type TableRow<Columns extends readonly { name: string; type: TableColumnType; nullable: boolean }[]> = {
  [Column in Columns[number] as Column['name']]: TableColumnValue<Column>;
};
