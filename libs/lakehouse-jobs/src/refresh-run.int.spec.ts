import { serviceEndpoint } from '@music/test-support';
import { minio } from './test-helpers/lake-backends';
import { describeLakeRefresh } from './test-helpers/refresh-contract';

describeLakeRefresh(minio(() => serviceEndpoint('minio', process.env)));
