import { InMemoryObjectStore } from './in-memory-object-store';
import { describeObjectStoreContract } from './object-store-contract';

const shared = new InMemoryObjectStore('memory://contract');

describeObjectStoreContract('InMemoryObjectStore (test double)', () => new InMemoryObjectStore('memory://contract', shared));
