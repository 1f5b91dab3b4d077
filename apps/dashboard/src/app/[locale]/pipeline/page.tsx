import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LiveTile } from '../../../components/live-tile';
import { PipelineConsumerLag, PipelineFreshness, PipelineGeneratedAt, PipelineQuarantine, PipelineTables, type PipelineContext } from '../../../components/pipeline-widgets';
import { SiteHeader } from '../../../components/site-header';
import { WidgetFrame } from '../../../components/widget-frame';
import { LoadingState } from '../../../components/widget-states';
import { getDictionary } from '../../../i18n/dictionaries';
import { INTL_LOCALE } from '../../../i18n/locales';
import { pageLocale } from '../../../i18n/page-locale';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = getDictionary(await pageLocale(params));
  return { title: `${t.pipeline.title} — ${t.meta.title}` };
}

/** Pipeline health, from GET /v1/pipeline, with the live tile proving freshness end to end. */
export default async function PipelinePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = getDictionary(locale);
  const intl = INTL_LOCALE[locale];
  const context: PipelineContext = { intl, t };
  const loading = (rows?: number) => <LoadingState label={t.states.loading} rows={rows} />;
  return (
    <>
      <SiteHeader locale={locale} page="pipeline" search="" />
      <main id="main" tabIndex={-1}>
        <div className="page-heading">
          <h1>{t.pipeline.title}</h1>
          <Suspense fallback={<p className="freshness">{t.states.loading}</p>}>
            <PipelineGeneratedAt context={context} />
          </Suspense>
        </div>
        <div className="grid">
          <WidgetFrame id="live" title={t.live.title} className="span-4">
            <LiveTile intl={intl} texts={t.live} units={t.units} loading={t.states.loading} minutes={15} pollSeconds={5} />
          </WidgetFrame>
          <WidgetFrame id="freshness" title={t.pipeline.freshnessTitle} className="span-8">
            <Suspense fallback={loading(3)}>
              <PipelineFreshness context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="tables" title={t.pipeline.tablesTitle} className="span-12">
            <Suspense fallback={loading(8)}>
              <PipelineTables context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="quarantine" title={t.pipeline.quarantineTitle} className="span-8">
            <Suspense fallback={loading(2)}>
              <PipelineQuarantine context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="consumer-lag" title={t.pipeline.consumerLagTitle} className="span-4">
            <Suspense fallback={loading(3)}>
              <PipelineConsumerLag context={context} />
            </Suspense>
          </WidgetFrame>
        </div>
      </main>
    </>
  );
}
