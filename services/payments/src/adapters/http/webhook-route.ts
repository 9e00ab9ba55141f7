import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { handleWebhook } from '../../app/handle-webhook.ts';
import type { PaymentsApp } from '../../app/payments-app.ts';
import { WebhookRejected } from '../../app/ports/payment-gateway.ts';
import { PaymentError } from '../../domain/errors.ts';

/**
 * `POST /api/payments/webhook/{gateway}`. In a scope of its own, every body is kept as raw
 * bytes: signatures are over the exact bytes, so nothing may parse (and re-serialize) first.
 * A rejected signature is a 400 and a security event (`webhook-signature-invalid`, coalesced
 * per sender and minute, since the request is unauthenticated); nothing else is written.
 */
export async function webhookRoute(app: ServiceApp, deps: PaymentsApp): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain as ServiceApp;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });

    scope.post(
      '/api/payments/webhook/:gateway',
      { schema: { params: z.object({ gateway: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/) }) } },
      async (request, reply) => {
        const { gateway } = request.params;
        if (!deps.registry.has(gateway)) {
          throw new PaymentError('PAYMENTS_GATEWAY_UNKNOWN', { gateway });
        }
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        try {
          const result = await handleWebhook(deps, gateway, raw, request.headers);
          request.log.info({ gateway, result }, 'webhook handled');
          return reply.status(200).send({ received: true });
        } catch (error) {
          if (!(error instanceof WebhookRejected)) throw error;
          const signed = error.stage === 'content';
          request.log.warn(
            {
              'security.event': 'payments.webhook.rejected',
              gateway,
              stage: error.stage,
              reason: error.reason,
              ip: request.ip,
            },
            signed ? 'signed webhook not understood' : 'webhook signature rejected',
          );
          if (!signed) {
            const event = {
              kind: 'webhook-signature-invalid' as const,
              gateway,
              reason: error.reason,
              address: request.ip,
            };
            // The sender still gets its 400 when the record fails; the log line above stays.
            await deps.security
              .record(event)
              .catch((err: unknown) => request.log.error({ err }, 'security event not recorded'));
          }
          // Past a valid signature the fixed reason is safe to tell; before it, nothing is.
          throw new PaymentError('PAYMENTS_WEBHOOK_REJECTED', {
            reason: signed ? `signature valid, ${error.reason}` : 'signature verification failed',
          });
        }
      },
    );
  });
}
