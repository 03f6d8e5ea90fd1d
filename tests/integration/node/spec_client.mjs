// The spec's XFXAuthClient, copied unchanged from the spec, run against a local xfx-authd
// (XFX_AUTH_DOMAIN=localhost:PORT, its CA trusted through NODE_EXTRA_CA_CERTS).
// Prints one JSON line: whether two calls returned the same token, and the token itself
// verified by Node's own crypto against the served JWKS (a verifier that is not ours).
import { verifyJwt } from './verify_jwt.mjs';

// ---- begin: the spec's class, verbatim ----
class XFXAuthClient {
constructor(clientId, clientSecret, auth0Domain) {
this.clientId = clientId;
this.clientSecret = clientSecret;
this.auth0Domain = auth0Domain;
this.token = null;
this.tokenExpiry = null;
}
async getAccessToken() {
// Return cached token if still valid
if (this.token && this.tokenExpiry && Date.now() < this.tokenExpiry) {
return this.token;
}
// Request new token
const response = await fetch(
`https://${this.auth0Domain}/oauth/token`,
{
method: 'POST',
headers: { 'Content-Type': 'application/json' },
body: JSON.stringify({
client_id: this.clientId,
client_secret: this.clientSecret,
audience: 'https://api.xfx.io/trading',
grant_type: 'client_credentials'
})
}
);
const data = await response.json();
// Cache token with 5-minute buffer before expiration
this.token = data.access_token;
this.tokenExpiry = Date.now() + ((data.expires_in - 300) * 1000);
return this.token;
}
}
// ---- end: the spec's class ----

const domain = process.env.XFX_AUTH_DOMAIN;
const client = new XFXAuthClient(process.env.XFX_CLIENT_ID, process.env.XFX_CLIENT_SECRET, domain);
const first = await client.getAccessToken();
const second = await client.getAccessToken();
const verified = await verifyJwt(first, `https://${domain}/.well-known/jwks.json`);
console.log(JSON.stringify({ same_token: first === second, ...verified }));
