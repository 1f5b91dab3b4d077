import { localDisk } from './test-helpers/lake-backends';
import { describeLakeRefresh } from './test-helpers/refresh-contract';

describeLakeRefresh(localDisk);
