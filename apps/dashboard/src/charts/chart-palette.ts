/**
 * Series colours, chosen to keep a 3:1 contrast against the white card (WCAG non-text contrast)
 * and to stay apart for the common colour-vision deficiencies.
 */
export const SERIES_COLOURS = ['#1d5fb8', '#b4460c', '#1d7a46', '#7a3fb0', '#a3174f', '#5c6470', '#0f6e78', '#8a6a00'] as const;

export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] as string;

/** Bars of a ranking; the filtered value stands out in the accent colour. */
export const BAR_COLOUR = '#1d5fb8';
export const BAR_HIGHLIGHT_COLOUR = '#b4460c';
export const GRID_COLOUR = '#d6dbe1';
export const AXIS_COLOUR = '#4a5563';
