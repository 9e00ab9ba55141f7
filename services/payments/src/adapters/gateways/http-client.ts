import { GatewayRefused, GatewayUnavailable } from '../../app/ports/payment-gateway.ts';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * One call to a gateway, its failures sorted by what they mean for the money: refused
 * connections and 503 were surely not acted on (another gateway may be tried); a timeout or
 * another 5xx may have been (the outcome is unknown, so only reconciliation may decide); 4xx
 * is a refusal.
 */
export async function callGateway(gateway: string, call: HttpCall): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new GatewayUnavailable(gateway, timedOut, timedOut ? 'timeout' : 'unreachable');
  }

  const text = await response.text();
  if (response.status === 503) throw new GatewayUnavailable(gateway, false, 'status 503');
  if (response.status >= 500) {
    throw new GatewayUnavailable(gateway, true, `status ${response.status}`);
  }
  if (response.status >= 400) {
    throw new GatewayRefused(gateway, response.status, `status ${response.status}`);
  }
  return text.length === 0 ? null : JSON.parse(text);
}
