// Raw RS256 signing rate on one core (the harness pins this process like a server):
// node's crypto.sign (synchronous, and with a callback on the libuv pool) and jose's SignJWT.
// Prints one JSON line. Each loop is bounded by time.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { SignJWT } from 'jose';

const seconds = Number(process.argv[2] ?? 3);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const claims = () => ({
  iss: 'http://127.0.0.1:3000/',
  sub: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345@clients',
  aud: 'https://api.bench.example/',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 86400,
  jti: randomBytes(16).toString('base64url'),
  scope: 'read:bench',
  gty: 'client-credentials',
  azp: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
});

function syncRate() {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k' })).toString('base64url');
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const input = `${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`;
    sign('sha256', Buffer.from(input), privateKey).toString('base64url');
    n++;
  }
  return n / seconds;
}

/** Keeps `inFlight` operations running until the time is up; ops per second. */
async function concurrentRate(op, inFlight = 32) {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      await op();
      n++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return n / ((performance.now() - start) / 1000);
}

const signAsync = () =>
  new Promise((resolve, reject) => {
    const input = Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`);
    sign('sha256', input, privateKey, (err, sig) => (err ? reject(err) : resolve(sig)));
  });
const joseSign = () => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k' }).sign(privateKey);

// Warm up each path briefly, then measure.
for (let i = 0; i < 50; i++) {
  await joseSign();
  await signAsync();
}
const cryptoSignPerSec = syncRate();
const cryptoSignAsyncPerSec = await concurrentRate(signAsync);
const joseSignJwtPerSec = await concurrentRate(joseSign);
process.stdout.write(JSON.stringify({ joseSignJwtPerSec, cryptoSignPerSec, cryptoSignAsyncPerSec }) + '\n');
