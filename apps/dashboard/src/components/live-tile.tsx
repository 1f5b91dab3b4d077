'use client';

import type { LiveResponse } from '@music/metrics-contract';
import { useEffect, useState } from 'react';
import { LiveSparkline } from '../charts/live-sparkline';
import { formatAge, type AgeUnits } from '../format/date-format';
import { formatInteger } from '../format/number-format';
import type { Dictionary } from '../i18n/dictionaries';
import { interpolate } from '../i18n/interpolate';
import { liveView, type LiveView } from '../overview/live-model';

export interface LiveTileProps {
  intl: string;
  texts: Dictionary['live'];
  units: AgeUnits;
  loading: string;
  minutes: number;
  pollSeconds: number;
}

type LiveState = { status: 'loading' } | { status: 'ready'; view: LiveView };

/**
 * Plays of the last minutes and the age of the newest event, polled from the dashboard's own
 * /api/live route (which asks the API's GET /v1/live over bronze). A failed poll keeps the last
 * numbers on screen and says the feed is unavailable.
 */
export function LiveTile({ intl, texts, units, loading, minutes, pollSeconds }: LiveTileProps) {
  const [state, setState] = useState<LiveState>({ status: 'loading' });
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/api/live?minutes=${minutes}`, { cache: 'no-store', headers: { accept: 'application/json' } });
        const body = (await response.json()) as LiveResponse | { message?: string };
        if (!response.ok || !('totals' in body)) throw new Error('message' in body && body.message ? body.message : `HTTP ${response.status}`);
        if (!stopped) {
          setState({ status: 'ready', view: liveView(body) });
          setFailure(null);
        }
      } catch (error) {
        if (!stopped) setFailure(error instanceof Error ? error.message : String(error));
      } finally {
        if (!stopped) timer = setTimeout(() => void poll(), pollSeconds * 1000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [minutes, pollSeconds]);

  const format = (n: number) => formatInteger(n, intl);
  return (
    <div className="live" aria-busy={state.status === 'loading'}>
      {state.status === 'loading' && failure === null ? (
        <div className="state state-loading" role="status">
          <span className="visually-hidden">{loading}</span>
          <span className="skeleton-line" aria-hidden="true" />
          <span className="skeleton-line" aria-hidden="true" />
        </div>
      ) : null}
      {state.status === 'ready' ? (
        <>
          <p className="live-label">{interpolate(texts.plays, { minutes: state.view.minutes })}</p>
          <p className="live-value" data-testid="live-plays" data-from={state.view.from} data-to={state.view.to}>
            {format(state.view.plays)}
          </p>
          <p className="live-detail">{interpolate(texts.events, { events: format(state.view.events) })}</p>
          <p className="live-detail" data-testid="live-newest" data-age-seconds={state.view.newestAgeSeconds ?? ''}>
            {state.view.newestAgeSeconds === null ? texts.noEvents : interpolate(texts.newest, { age: formatAge(state.view.newestAgeSeconds, units, format) })}
          </p>
          <figure className="live-chart" aria-label={interpolate(texts.chartLabel, { minutes: state.view.minutes })}>
            <LiveSparkline perMinute={state.view.perMinute} intl={intl} valueLabel={texts.playsPerMinute} />
          </figure>
        </>
      ) : null}
      {failure !== null ? (
        <p className="state state-error" role="alert" data-testid="live-error">
          {interpolate(texts.error, { message: failure })}
        </p>
      ) : null}
      <p className="live-note">{interpolate(texts.refresh, { seconds: pollSeconds })}</p>
    </div>
  );
}
