import { loadMetrics } from '../data/dashboard-data';
import { formatInteger } from '../format/number-format';
import { interpolate } from '../i18n/interpolate';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { EmptyState, ErrorState } from './widget-states';
import { TableHead } from './table-head';

const TOP_LIMIT = 10;

/** A bar drawn in CSS behind the number: the table is the chart, readable as is. */
function Meter({ value, max }: { value: number; max: number }) {
  return <span className="meter" aria-hidden="true" style={{ width: `${max === 0 ? 0 : Math.max(2, (value / max) * 100)}%` }} />;
}

export async function TopArtistsContent({ context }: { context: OverviewContext }) {
  const { t, intl, filters } = context;
  const answer = await loadMetrics('topArtists', { range: filters.range, limit: TOP_LIMIT });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const { artists } = answer.data;
  if (artists.length === 0) return <EmptyState message={t.topArtists.empty} />;
  const max = artists[0]?.streams ?? 0;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table ranking">
          <caption className="visually-hidden">{t.topArtists.title}</caption>
          <TableHead
            columns={[
              { label: t.topArtists.rank },
              { label: t.topArtists.artist },
              { label: t.topArtists.streams, numeric: true },
              { label: t.topArtists.minutes, numeric: true, optional: true },
            ]}
          />
          <tbody>
            {artists.map((artist) => (
              <tr key={artist.artist_id} data-testid="top-artist-row" data-artist-id={artist.artist_id}>
                <td>{artist.rank}</td>
                <th scope="row" data-testid="top-artist-name">
                  {artist.artist_name}
                </th>
                <td className="numeric meter-cell" data-testid="top-artist-streams">
                  <Meter value={artist.streams} max={max} />
                  <span>{formatInteger(artist.streams, intl)}</span>
                </td>
                <td className="numeric optional">{formatInteger(artist.minutes_listened, intl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SourceNote template={t.table.source} table={answer.data.table} version={answer.data.table_version} lastUpdated={answer.data.last_updated} intlLocale={intl} />
    </>
  );
}

export async function TopTracksContent({ context }: { context: OverviewContext }) {
  const { t, intl, filters } = context;
  const answer = await loadMetrics('topTracks', { range: filters.range, limit: TOP_LIMIT });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const { tracks } = answer.data;
  if (tracks.length === 0) return <EmptyState message={t.topTracks.empty} />;
  const max = tracks[0]?.streams ?? 0;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table ranking">
          <caption className="visually-hidden">{t.topTracks.title}</caption>
          <TableHead columns={[{ label: t.topTracks.rank }, { label: t.topTracks.track }, { label: t.topTracks.streams, numeric: true }]} />
          <tbody>
            {tracks.map((track) => (
              <tr key={track.track_id} data-testid="top-track-row" data-track-id={track.track_id}>
                <td>{track.rank}</td>
                <th scope="row">
                  <span className="track-title">{track.track_title}</span>
                  <span className="track-artist">{track.artist_name}</span>
                </th>
                <td className="numeric meter-cell" data-testid="top-track-streams">
                  <Meter value={track.streams} max={max} />
                  <span>{formatInteger(track.streams, intl)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SourceNote template={t.table.source} table={answer.data.table} version={answer.data.table_version} lastUpdated={answer.data.last_updated} intlLocale={intl} />
    </>
  );
}
