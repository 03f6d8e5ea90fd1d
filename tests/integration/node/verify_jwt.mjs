// An independent JWT check with Node's built-in crypto (no code of ours): fetch the JWKS, find
// the kid, verify the signature for RS256/PS256/ES256/EdDSA.
// As a command: node verify_jwt.mjs TOKEN JWKS_URL  → prints {"verified":true,"header":..,"claims":..}
import crypto from 'node:crypto';

export async function verifyJwt(token, jwksUrl) {
  const [h, p, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const jwks = await (await fetch(jwksUrl)).json();
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { verified: false, reason: 'kid not in JWKS', header, claims };
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  let verified;
  switch (header.alg) {
    case 'RS256': verified = crypto.verify('sha256', data, key, sig); break;
    case 'PS256':
      verified = crypto.verify('sha256', data,
        { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
      break;
    case 'ES256': verified = crypto.verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig); break;
    case 'EdDSA': verified = crypto.verify(null, data, key, sig); break;
    default: verified = false;
  }
  return { verified, header, claims };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await verifyJwt(process.argv[2], process.argv[3]);
  console.log(JSON.stringify(result));
  process.exit(result.verified ? 0 : 1);
}
