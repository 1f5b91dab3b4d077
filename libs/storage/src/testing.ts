export { describeObjectStoreContract, type ObjectStoreContractOptions } from './object-store-contract';
export { InMemoryObjectStore } from './in-memory-object-store';
