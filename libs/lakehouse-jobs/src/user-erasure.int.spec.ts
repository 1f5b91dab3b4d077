import { serviceEndpoint } from '@music/test-support';
import { describeUserErasure } from './test-helpers/erasure-contract';
import { minio } from './test-helpers/lake-backends';

describeUserErasure(minio(() => serviceEndpoint('minio', process.env)));
