import { countryName } from './country-name';

describe('countryName', () => {
  it('names countries in the page language, and falls back to the code', () => {
    expect([countryName('DE', 'fr-FR'), countryName('DE', 'en-GB'), countryName('XX', 'en-GB'), countryName('not a code', 'en-GB')]).toEqual(['Allemagne', 'Germany', 'XX', 'not a code']);
  });
});
