import { makePlayEvent, makeShareEvent, makeSkipEvent } from '@music/events/testing';
import { BRONZE_COLUMNS, toBronzeRow } from './bronze-row';

const source = { topic: 'listening-events', partition: 4, offset: '1234' };
const ingestedAt = new Date('2026-11-24T12:00:00.500Z');

describe('toBronzeRow', () => {
  it('flattens a play with its Kafka coordinates, ingestion time and UTC event date', () => {
    const event = makePlayEvent({ occurred_at: '2026-11-23T23:59:59.999Z' });
    const row = toBronzeRow(event, source, ingestedAt);
    expect(row).toMatchObject({
      event_id: event.event_id,
      event_type: 'play',
      occurred_at: '2026-11-23T23:59:59.999Z',
      event_date: '2026-11-23',
      track_id: event.track.track_id,
      track_title: event.track.title,
      artist_name: event.track.artist_name,
      ms_played: event.ms_played,
      completed: event.completed,
      share_channel: null,
      source_topic: 'listening-events',
      source_partition: 4,
      source_offset: 1234,
      ingested_at: '2026-11-24T12:00:00.500Z',
    });
  });

  it('keeps type-specific fields null where the type has none', () => {
    expect(toBronzeRow(makeSkipEvent(), source, ingestedAt)).toMatchObject({ completed: null, share_channel: null });
    const share = makeShareEvent();
    expect(toBronzeRow(share, source, ingestedAt)).toMatchObject({ ms_played: null, completed: null, share_channel: share.channel });
  });

  it('fills exactly the declared columns', () => {
    const row = toBronzeRow(makePlayEvent(), source, ingestedAt);
    expect(Object.keys(row).sort()).toEqual(BRONZE_COLUMNS.map((c) => c.name).sort());
    for (const column of BRONZE_COLUMNS.filter((c) => !c.nullable)) expect(row[column.name]).not.toBeNull();
  });
});
