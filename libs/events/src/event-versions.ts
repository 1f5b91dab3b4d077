import { CURRENT_SCHEMA_VERSION, listeningEventSchema, type ListeningEvent } from './event-schema';
import { EventVersionChain } from './event-upgrade';

/**
 * Every version of the listening-event contract this library reads. Version 1 is the first
 * published one, so there is nothing to upgrade yet; when version 2 ships, version 1's schema
 * (frozen copy) and its `upgrade` step move to `older` (see docs/events/README.md).
 */
export const LISTENING_EVENT_VERSIONS = new EventVersionChain<ListeningEvent>({
  current: { version: CURRENT_SCHEMA_VERSION, schema: listeningEventSchema },
  older: [],
});
