import { describeUserErasure } from './test-helpers/erasure-contract';
import { localDisk } from './test-helpers/lake-backends';

describeUserErasure(localDisk);
