import type { Platform } from '@music/events';

/** Share of users whose main listening platform is each one. */
export const PLATFORM_WEIGHTS: Readonly<Record<Platform, number>> = {
  android: 38,
  ios: 27,
  web: 11,
  desktop: 10,
  smart_speaker: 5,
  car: 4,
  tv: 3,
  console: 1,
  wearable: 1,
};

export const DEVICE_MODELS: Readonly<Record<Platform, readonly string[]>> = {
  android: ['Samsung Galaxy S24', 'Samsung Galaxy A54', 'Google Pixel 8', 'Xiaomi Redmi Note 13', 'OnePlus 12', 'Oppo Reno 11'],
  ios: ['iPhone 15', 'iPhone 15 Pro', 'iPhone 14', 'iPhone 13', 'iPhone SE', 'iPad Air'],
  web: ['Chrome', 'Firefox', 'Safari', 'Edge'],
  desktop: ['Windows 11', 'macOS 15', 'Ubuntu 24.04'],
  smart_speaker: ['Amazon Echo Dot', 'Sonos One', 'Google Nest Audio', 'Apple HomePod mini'],
  car: ['Apple CarPlay', 'Android Auto', 'Tesla Model 3'],
  tv: ['Samsung Tizen TV', 'LG webOS TV', 'Apple TV 4K', 'Android TV'],
  console: ['PlayStation 5', 'Xbox Series X'],
  wearable: ['Apple Watch Series 9', 'Galaxy Watch 6', 'Pixel Watch 2'],
};

/** Installed app versions: most users run the latest, a tail lags behind. */
export const APP_VERSIONS: ReadonlyArray<readonly [version: string, weight: number]> = [
  ['4.12.0', 55],
  ['4.11.2', 25],
  ['4.10.1', 12],
  ['4.9.5', 6],
  ['3.28.0', 2],
];
