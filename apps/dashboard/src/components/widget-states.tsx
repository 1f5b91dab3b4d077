/** The loading, empty and error states every widget shows. */

export function LoadingState({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite" data-testid="state-loading">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} className="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}

export function EmptyState({ message }: { message: string }) {
  return (
    <p className="state state-empty" data-testid="state-empty">
      {message}
    </p>
  );
}

export function ErrorState({ title, detail }: { title: string; detail: string }) {
  return (
    <div className="state state-error" role="alert" data-testid="state-error">
      <p className="state-error-title">{title}</p>
      <p className="state-error-detail">{detail}</p>
    </div>
  );
}
