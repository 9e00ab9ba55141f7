// Certificates benchmark: `pnpm --filter @hcts/service-certificates bench` (Postgres and Kafka
// from DATABASE_URL and KAFKA_BROKERS). Absolute rates, and ratios against a peer measured in
// the same process, interleaved round by round.
import { SignedTypes } from '../src/domain/certificate-document.ts';
import { consumerPath } from './consumer-path.ts';
import { issuance } from './issuance.ts';
import { benchDatabase, median } from './setup.ts';
import { verifyEndpoint } from './verify-endpoint.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const certificates = Number(process.env.BENCH_CERTIFICATES ?? 2000);
const requests = Number(process.env.BENCH_REQUESTS ?? 5000);
const messages = Number(process.env.BENCH_MESSAGES ?? 2000);

const line = (label: string, values: number[], unit: string) =>
  console.log(
    `${label.padEnd(34)} ${unit} per round: ${values.join(', ')} (median ${median(values)})`,
  );

// Each part gets a database of its own: each part seals its keys under its own KEK.
const dbs = await Promise.all(Array.from({ length: 4 }, () => benchDatabase()));
try {
  const issue = await issuance(dbs[0]!.url, certificates, rounds, SignedTypes.certificate);
  line('issue, batches of 50 (signed each)', issue.batched, 'cert/s');
  line('issue, one per transaction', issue.single, 'cert/s');
  line('peer: Ed25519 JWS signing alone', issue.signOnly, 'sig/s');
  console.log(
    `batched / signing alone: ${(median(issue.batched) / median(issue.signOnly)).toFixed(3)}x`,
  );
  console.log(`issuance target 500/s: batched ${median(issue.batched) >= 500 ? 'met' : 'NOT met'}`);

  const verify = await verifyEndpoint(dbs[1]!.url, requests, rounds);
  line('GET /api/certificates/verify/{code}', verify.verify, 'req/s');
  line('peer: GET /health/live', verify.live, 'req/s');
  console.log(`verify / live: ${(median(verify.verify) / median(verify.live)).toFixed(3)}x`);

  for (const [i, partitions] of [3, 6].entries()) {
    const consumer = await consumerPath(dbs[2 + i]!.url, messages, partitions);
    console.log(
      `TransactionCompleted -> certificate via Kafka, ${partitions} partitions side by side: ` +
        `${consumer} cert/s (${messages} msgs)`,
    );
  }
} finally {
  for (const db of dbs) await db.drop();
}
