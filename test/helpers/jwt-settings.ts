import type { JwtSettings } from '../../src/config.js';

/** The HS256 secret the verifier unit tests sign with. */
export const UNIT_JWT_SECRET = 'unit-test-secret-0123456789-abcdefghijklmnop';

/** JWT settings as loadConfig would make them, for the verifier alone: HS256 with UNIT_JWT_SECRET. */
export const unitJwtSettings: JwtSettings = {
  secret: UNIT_JWT_SECRET,
  jwksFile: null,
  jwksUrl: null,
  algorithms: ['HS256'],
  issuer: 'https://auth.test/',
  audience: 'billgraph',
  providerClaim: 'billgraph_provider',
  customersClaim: 'billgraph_customers',
  clockSkewSeconds: 30,
  maxLifetimeSeconds: 86_400,
  jwksCacheSeconds: 600,
};
