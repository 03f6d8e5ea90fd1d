// node-oidc-provider configured like xfx-authd for the side-by-side run: one confidential client
// with the client_credentials grant, one resource server whose access tokens are RS256 JWTs.
//
//   NODE_PATH=<dir with node_modules> node oidc-provider.mjs
//   env: PORT, WORKERS (node cluster workers, to use the same cores as xfx-authd's threads),
//        CLIENT_ID, CLIENT_SECRET, AUDIENCE
//
// The signing key is generated at start-up and shared by all workers (the primary passes it
// through the environment), as xfx-authd's threads share one key.
import cluster from 'node:cluster';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

const port = Number(process.env.PORT || 4000);
const workers = Number(process.env.WORKERS || 1);
const audience = process.env.AUDIENCE || 'https://rs256.bench/';

if (cluster.isPrimary) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'bench' };
  process.env.PEER_JWK = JSON.stringify(jwk);
  let ready = 0;
  for (let i = 0; i < workers; i += 1) {
    const w = cluster.fork();
    w.on('message', (m) => {
      if (m === 'listening' && ++ready === workers) {
        console.log(JSON.stringify({ event: 'listening', port, workers }));
      }
    });
  }
  const stop = () => {
    for (const w of Object.values(cluster.workers)) w.kill();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  // oidc-provider lives in the scratch install, not next to this file.
  const require = createRequire(path.join(process.env.PEER_DIR || process.cwd(), 'noop.js'));
  const { default: Provider } = await import(require.resolve('oidc-provider'));
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{
      client_id: process.env.CLIENT_ID || 'bench',
      client_secret: process.env.CLIENT_SECRET || 'bench-secret-bench-secret-bench-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [JSON.parse(process.env.PEER_JWK)] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resourceIndicator) => {
          if (resourceIndicator !== audience) throw new Provider.errors.InvalidTarget();
          return {
            scope: 'read',
            audience,
            accessTokenTTL: 86400,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  });
  provider.listen(port, '127.0.0.1', () => process.send('listening'));
}
