import { SignJWT } from 'jose';
import { startHarness, type Harness } from '../helpers/harness.js';

/** A real billgraph over loopback in front of a real sandbox, with every log line captured. */
export type SecureHarness = Harness;

export const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const JWT_ISSUER = 'https://auth.billgraph.test/';
export const JWT_AUDIENCE = 'billgraph-api';

export const JWT_ENV: Record<string, string> = {
  BILLGRAPH_AUTH_MODE: 'jwt',
  BILLGRAPH_JWT_SECRET: JWT_SECRET,
  BILLGRAPH_JWT_ISSUER: JWT_ISSUER,
  BILLGRAPH_JWT_AUDIENCE: JWT_AUDIENCE,
};

export function startSecureHarness(env: Record<string, string> = {}): Promise<SecureHarness> {
  return startHarness({ LOG_LEVEL: 'info', ...env }, { captureLogs: true });
}

/** A billgraph JWT for `customers` of `provider`, signed with the test secret unless told otherwise. */
export async function customerToken(
  provider: string,
  customers: string[],
  options: {
    secret?: string;
    issuer?: string;
    audience?: string;
    expiresIn?: string | number;
    notBefore?: string | number;
    subject?: string;
  } = {},
): Promise<string> {
  let jwt = new SignJWT({ billgraph_provider: provider, billgraph_customers: customers })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? JWT_ISSUER)
    .setAudience(options.audience ?? JWT_AUDIENCE)
    .setSubject(options.subject ?? `user-${customers.join('-')}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m');
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The codes of a response's errors. */
export const codes = (body: { errors?: { extensions?: Record<string, any> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);
