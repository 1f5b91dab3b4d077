/** A column of a data table's header: numbers align right; optional ones hide on a phone. */
export interface TableColumn {
  label: string;
  numeric?: boolean;
  optional?: boolean;
}

export function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => (
          <th key={i} scope="col" className={[column.numeric ? 'numeric' : '', column.optional ? 'optional' : ''].filter(Boolean).join(' ') || undefined}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
