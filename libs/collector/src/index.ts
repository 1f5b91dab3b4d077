export { ApiKeyVerifier, hashApiKey, presentedApiKey } from './api-keys';
export { checkEventBatch, MAX_BATCH_EVENTS, type BatchRules, type CheckedBatch, type EventResult } from './event-batch';
