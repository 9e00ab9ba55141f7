import type { PaymentGateway } from '../../app/ports/payment-gateway.ts';
import type { PaymentsConfig } from '../../config.ts';
import { createSandboxGateway } from './sandbox-gateway.ts';
import { createStripeGateway } from './stripe-gateway.ts';

/** The gateways the configuration enables, each under its name. */
export function configuredGateways(config: PaymentsConfig): PaymentGateway[] {
  const common = {
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  };
  const gateways: PaymentGateway[] = [
    createSandboxGateway({
      ...common,
      name: 'sandbox',
      baseUrl: config.SANDBOX_GATEWAY_URL,
      webhookSecret: config.SANDBOX_WEBHOOK_SECRET,
    }),
  ];
  if (config.SANDBOX_B_GATEWAY_URL && config.SANDBOX_B_WEBHOOK_SECRET) {
    gateways.push(
      createSandboxGateway({
        ...common,
        name: 'sandbox-b',
        baseUrl: config.SANDBOX_B_GATEWAY_URL,
        webhookSecret: config.SANDBOX_B_WEBHOOK_SECRET,
      }),
    );
  }
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRETS) {
    gateways.push(
      createStripeGateway({
        ...common,
        apiBaseUrl: config.STRIPE_API_URL,
        secretKey: config.STRIPE_SECRET_KEY,
        paymentMethod: config.STRIPE_PAYMENT_METHOD,
        webhookSecrets: config.STRIPE_WEBHOOK_SECRETS.split(','),
      }),
    );
  }
  return gateways;
}
