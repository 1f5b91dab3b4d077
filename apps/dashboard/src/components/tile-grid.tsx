import { describeDelta } from '../format/delta-format';
import { formatAverage, formatInteger, formatPercent, NO_VALUE } from '../format/number-format';
import type { PreviousCoverage, Tile } from '../overview/kpi-model';

export interface TileText {
  label: string;
  hint?: string;
}

export interface TileGridProps {
  tiles: readonly Tile[];
  texts: Readonly<Record<Tile['id'], TileText>>;
  intl: string;
  /** data-testid prefix: kpi-value-streams, rate-value-likeRate. */
  testIdPrefix: string;
  /** Shown in place of an unavailable value's change. */
  unavailable: string;
  /** Read after each change by screen readers, e.g. "compared with the previous period". */
  comparedTo: string;
  pointsUnit: string;
  newLabel: string;
  /** none: no change is shown (noComparison instead); partial: changes are shown without the good / bad colours. */
  coverage: PreviousCoverage;
  noComparison: string;
}

const ARROWS = { up: '▲', down: '▼', flat: '■' } as const;

function formatTile(tile: Tile, intl: string): string {
  const value = tile.comparison?.value ?? null;
  if (value === null) return NO_VALUE;
  if (tile.format === 'percent') return formatPercent(value, intl);
  return tile.format === 'average' ? formatAverage(value, intl) : formatInteger(value, intl);
}

/** KPI tiles: value, then the change against the previous period (arrow and sign, not colour alone). */
export function TileGrid({ tiles, texts, intl, testIdPrefix, unavailable, comparedTo, pointsUnit, newLabel, coverage, noComparison }: TileGridProps) {
  return (
    <dl className="tiles">
      {tiles.map((tile) => {
        const text = texts[tile.id];
        const delta = tile.comparison && coverage !== 'none' ? describeDelta(tile.comparison, { locale: intl, kind: tile.format === 'percent' ? 'rate' : 'count', higherIsBetter: tile.higherIsBetter, pointsUnit, newLabel }) : null;
        const tone = delta === null ? 'none' : delta.favourable === null || coverage === 'partial' ? 'flat' : delta.favourable ? 'good' : 'bad';
        return (
          <div className="tile" key={tile.id}>
            <dt className="tile-label">
              {text.label}
              {text.hint ? <span className="tile-hint">{text.hint}</span> : null}
            </dt>
            <dd className="tile-value" data-testid={`${testIdPrefix}-value-${tile.id}`} data-value={tile.comparison?.value ?? ''}>
              {formatTile(tile, intl)}
            </dd>
            <dd className={`tile-delta tone-${tone}`} data-testid={`${testIdPrefix}-delta-${tile.id}`} data-coverage={coverage}>
              {tile.comparison === null ? (
                unavailable
              ) : coverage === 'none' ? (
                noComparison
              ) : delta === null ? (
                NO_VALUE
              ) : (
                <>
                  <span aria-hidden="true">{ARROWS[delta.direction]} </span>
                  {delta.text}
                  <span className="visually-hidden"> {comparedTo}</span>
                </>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
