import type { ReactNode } from 'react';

export interface WidgetFrameProps {
  id: string;
  title: string;
  subtitle?: string;
  /** Active filters this widget cannot apply, already worded. */
  notApplied?: string;
  className?: string;
  children: ReactNode;
}

/** A labelled region of the page: its heading names it for screen readers and keyboard landmarks. */
export function WidgetFrame({ id, title, subtitle, notApplied, className, children }: WidgetFrameProps) {
  const headingId = `${id}-title`;
  return (
    <section className={`widget ${className ?? ''}`} aria-labelledby={headingId} data-testid={`widget-${id}`}>
      <header className="widget-header">
        <h2 id={headingId}>{title}</h2>
        {subtitle ? <p className="widget-subtitle">{subtitle}</p> : null}
      </header>
      {children}
      {notApplied ? <p className="widget-note">{notApplied}</p> : null}
    </section>
  );
}
