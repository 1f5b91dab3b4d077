import type { ReactNode } from 'react';
import { TableHead } from './table-head';

/** The table behind a chart, folded under it: the accessible and exact reading of the figure. */
export function DataDetails({ summary, caption, head, rows }: { summary: string; caption: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <details className="data-details">
      <summary>{summary}</summary>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{caption}</caption>
          <TableHead columns={head.map((label) => ({ label }))} />
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={c}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
