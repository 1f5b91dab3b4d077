export { appendBronzeRows, createBronzeTable } from './bronze-table-loader';
export { createSyntheticBronze, type SyntheticBronzeOptions } from './synthetic-bronze';
