/** A gold table the query needs has never been written: the batch job has not run on this lake yet. */
export class GoldTableMissingError extends Error {
  constructor(
    readonly table: string,
    readonly uri: string,
  ) {
    super(`gold table ${table} does not exist yet at ${uri}; run the batch job (npm run batch -- run) on this lake first`);
    this.name = 'GoldTableMissingError';
  }
}
