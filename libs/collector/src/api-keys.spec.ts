import { ApiKeyVerifier, hashApiKey, presentedApiKey } from './api-keys';

describe('API keys', () => {
  const verifier = new ApiKeyVerifier([hashApiKey('secret-one'), hashApiKey('secret-two')]);

  it('accepts configured keys only, naming them by a hash prefix', () => {
    expect(verifier.verify('secret-two')).toBe(`key-${hashApiKey('secret-two').slice(0, 12)}`);
    expect(verifier.verify('secret-three')).toBeUndefined();
    expect(verifier.verify(undefined)).toBeUndefined();
    expect(verifier.verify('')).toBeUndefined();
  });

  it('refuses configuration that is not sha256 hex', () => {
    expect(() => new ApiKeyVerifier(['secret-one'])).toThrow('must be 64 lower-case hex characters');
  });

  it('reads the key from Authorization: Bearer or X-API-Key', () => {
    expect(presentedApiKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedApiKey({ authorization: 'Basic abc', 'x-api-key': 'def' })).toBe('def');
    expect(presentedApiKey({})).toBeUndefined();
  });
});
