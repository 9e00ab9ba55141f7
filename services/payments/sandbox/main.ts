import { startSandboxGateway } from './sandbox-gateway.ts';

// Runs the sandbox payment provider on its own: `node services/payments/sandbox/main.ts`.
const port = Number(process.env.SANDBOX_GATEWAY_PORT ?? 8090);
// Events reach payments through the gateway's public webhook route, as a real provider's would.
const webhookUrl =
  process.env.SANDBOX_WEBHOOK_URL ?? 'http://127.0.0.1:8080/api/payments/webhook/sandbox';
const secret = process.env.SANDBOX_WEBHOOK_SECRET;
if (!secret) {
  process.stderr.write('SANDBOX_WEBHOOK_SECRET is required (whsec_ + base64)\n');
  process.exit(1);
}

const sandbox = await startSandboxGateway({ port, webhookUrl, secret });
process.stdout.write(`sandbox gateway on ${sandbox.url}, events to ${webhookUrl}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
}
