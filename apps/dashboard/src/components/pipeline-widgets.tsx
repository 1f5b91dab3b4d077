import { LAKE_LAYERS } from '@music/metrics-contract';
import { loadMetrics } from '../data/dashboard-data';
import { formatAge, formatDay, formatInstant } from '../format/date-format';
import { formatInteger } from '../format/number-format';
import type { Dictionary } from '../i18n/dictionaries';
import { interpolate } from '../i18n/interpolate';
import { TableHead } from './table-head';
import { EmptyState, ErrorState } from './widget-states';

export interface PipelineContext {
  intl: string;
  t: Dictionary;
}

const errorOf = (t: Dictionary, message: string) => <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message })} />;

export async function PipelineGeneratedAt({ context }: { context: PipelineContext }) {
  const { t, intl } = context;
  const answer = await loadMetrics('pipeline', {});
  if (!answer.ok) return null;
  return (
    <p className="freshness" data-testid="pipeline-generated-at">
      {interpolate(t.pipeline.generatedAt, { date: formatInstant(answer.data.generated_at, intl) })}
    </p>
  );
}

/** Every lake table: layer, version, last commit, files and rows. */
export async function PipelineTables({ context }: { context: PipelineContext }) {
  const { t, intl } = context;
  const answer = await loadMetrics('pipeline', {});
  if (!answer.ok) return errorOf(t, answer.message);
  return (
    <div className="table-scroll">
      <table className="data-table pipeline-tables">
        <caption className="visually-hidden">{t.pipeline.tablesTitle}</caption>
        <TableHead
          columns={[
            { label: t.pipeline.table },
            { label: t.pipeline.layer },
            { label: t.pipeline.version, numeric: true },
            { label: t.pipeline.lastUpdated },
            { label: t.pipeline.files, numeric: true },
            { label: t.pipeline.rows, numeric: true },
          ]}
        />
        <tbody>
          {answer.data.tables.map((table) => (
            <tr key={table.name} data-testid="pipeline-table-row" data-table={table.name}>
              <th scope="row">
                <span className="table-name">{table.name}</span>
                <span className="table-location">{table.location}</span>
              </th>
              <td data-label={t.pipeline.layer}>
                <span className={`layer layer-${table.layer}`}>{t.pipeline.layers[table.layer]}</span>
              </td>
              <td className="numeric" data-label={t.pipeline.version} data-testid={`pipeline-version-${table.name}`}>
                {table.version === null ? t.pipeline.notCreated : formatInteger(table.version, intl)}
              </td>
              <td data-label={t.pipeline.lastUpdated}>{table.last_updated === null ? '—' : formatInstant(table.last_updated, intl)}</td>
              <td className="numeric" data-label={t.pipeline.files}>
                {formatInteger(table.files, intl)}
              </td>
              <td className="numeric" data-label={t.pipeline.rows}>
                {table.rows === null ? t.pipeline.unknown : formatInteger(table.rows, intl)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How far bronze, silver and gold are behind the newest event. */
export async function PipelineFreshness({ context }: { context: PipelineContext }) {
  const { t, intl } = context;
  const answer = await loadMetrics('pipeline', {});
  if (!answer.ok) return errorOf(t, answer.message);
  const { freshness } = answer.data;
  const age = (seconds: number | null) => (seconds === null ? t.pipeline.noData : formatAge(seconds, t.units, (n) => formatInteger(n, intl)));
  const events = { bronze: freshness.bronze, silver: freshness.silver };
  return (
    <dl className="layers">
      {LAKE_LAYERS.map((layer) => (
        <div className={`layer-card layer-${layer}`} key={layer} data-testid={`freshness-${layer}`}>
          <dt>{t.pipeline.layers[layer]}</dt>
          {layer === 'gold' ? (
            <>
              <dd>
                {freshness.gold.newest_event_minute === null
                  ? interpolate(t.pipeline.goldNewestDay, { day: freshness.gold.newest_day === null ? t.pipeline.noData : formatDay(freshness.gold.newest_day, intl) })
                  : interpolate(t.pipeline.goldNewestMinute, { date: formatInstant(freshness.gold.newest_event_minute, intl) })}
              </dd>
              <dd>{interpolate(t.pipeline.lag, { age: age(freshness.gold.lag_seconds) })}</dd>
            </>
          ) : (
            <>
              <dd>{interpolate(t.pipeline.newestEvent, { date: events[layer].newest_event === null ? t.pipeline.noData : formatInstant(events[layer].newest_event, intl) })}</dd>
              <dd>{interpolate(t.pipeline.lag, { age: age(events[layer].lag_seconds) })}</dd>
            </>
          )}
        </div>
      ))}
    </dl>
  );
}

/** Rejected records kept in bronze/quarantine. */
export async function PipelineQuarantine({ context }: { context: PipelineContext }) {
  const { t, intl } = context;
  const answer = await loadMetrics('pipeline', {});
  if (!answer.ok) return errorOf(t, answer.message);
  const { quarantine } = answer.data;
  return (
    <>
      <p className="big-number" data-testid="quarantine-rows">
        {interpolate(t.pipeline.quarantineRows, { rows: formatInteger(quarantine.rows, intl) })}
      </p>
      {quarantine.version === null ? <EmptyState message={t.pipeline.notCreated} /> : null}
      {quarantine.reasons.length === 0 ? null : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="widget-caption">{t.pipeline.quarantineReasonsCaption}</caption>
            <TableHead columns={[{ label: t.pipeline.quarantineField }, { label: t.pipeline.quarantineExpected }, { label: t.pipeline.quarantineCount, numeric: true }, { label: t.pipeline.quarantineLatest }]} />
            <tbody>
              {quarantine.reasons.map((reason) => (
                <tr key={`${reason.path}|${reason.expected}`} data-testid="quarantine-reason" data-path={reason.path} data-rows={reason.rows}>
                  <th scope="row">
                    <code>{reason.path === '' ? t.pipeline.quarantineWholeRecord : reason.path}</code>
                  </th>
                  <td data-label={t.pipeline.quarantineExpected}>{reason.expected}</td>
                  <td className="numeric" data-label={t.pipeline.quarantineCount}>
                    {formatInteger(reason.rows, intl)}
                  </td>
                  <td data-label={t.pipeline.quarantineLatest}>
                    <span className="table-location">{reason.latest_summary}</span>
                    <span className="table-location">{formatInstant(reason.latest_at, intl)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Records of the events topic bronze does not hold yet, per partition, or why they could not be counted. */
export async function PipelineConsumerLag({ context }: { context: PipelineContext }) {
  const { t, intl } = context;
  const answer = await loadMetrics('pipeline', {});
  if (!answer.ok) return errorOf(t, answer.message);
  const lag = answer.data.consumer_lag;
  if (lag === null) {
    return (
      <p className="widget-caption" data-testid="consumer-lag-unavailable">
        {interpolate(t.pipeline.consumerLagUnavailable, { reason: answer.data.consumer_lag_note ?? '' })}
      </p>
    );
  }
  return (
    <>
      <p className="big-number" data-testid="consumer-lag-total" data-value={lag.total}>
        {interpolate(t.pipeline.consumerLagTotal, { records: formatInteger(lag.total, intl) })}
      </p>
      <p className="widget-caption">{interpolate(t.pipeline.consumerLagCaption, { topic: lag.topic, group: lag.group })}</p>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t.pipeline.consumerLagTitle}</caption>
          <TableHead
            columns={[
              { label: t.pipeline.partition },
              { label: t.pipeline.endOffset, numeric: true },
              { label: t.pipeline.bronzeNextOffset, numeric: true },
              { label: t.pipeline.partitionLag, numeric: true },
            ]}
          />
          <tbody>
            {lag.partitions.map((p) => (
              <tr key={p.partition} data-testid="consumer-lag-partition">
                <th scope="row">{formatInteger(p.partition, intl)}</th>
                <td className="numeric" data-label={t.pipeline.endOffset}>
                  {formatInteger(p.end_offset, intl)}
                </td>
                <td className="numeric" data-label={t.pipeline.bronzeNextOffset}>
                  {p.bronze_next_offset === null ? t.pipeline.neverWritten : formatInteger(p.bronze_next_offset, intl)}
                </td>
                <td className="numeric" data-label={t.pipeline.partitionLag}>
                  {formatInteger(p.lag, intl)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
