// Test helpers for every project that reads or writes listening events (import from
// '@music/events/testing' in *.spec.ts files only).
export { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent, type EventOverrides } from './event-factories';
export { MALFORMED_CASES, type MalformedCase } from './malformed-cases';
export { fuzzPayloads, seededRandom } from './test-helpers/fuzz-payloads';
