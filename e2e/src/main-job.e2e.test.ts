// The main job end to end, through the gateway only, as a client app would use it. The platform
// starts once for the whole suite (it takes a minute), and once more with tracing on for step 8;
// every test makes its own organizations,
// users and services, so no test depends on another's data or order.
import { afterAll, beforeAll } from 'vitest';
import { identitySteps } from './steps/01-identity.ts';
import { catalogSteps } from './steps/02-catalog.ts';
import { routeSteps } from './steps/02-routes.ts';
import { purchaseSteps } from './steps/03-purchase.ts';
import { certificateSteps } from './steps/04-certificate.ts';
import { ledgerSteps } from './steps/05-ledger.ts';
import { refundSteps } from './steps/06-refund.ts';
import { declinedSteps } from './steps/07-declined.ts';
import { traceSteps } from './steps/08-trace.ts';
import { shutdownSteps } from './steps/09-shutdown.ts';
import { operationsSteps } from './steps/operations.ts';
import { type E2ePlatform, startE2ePlatform } from './support/e2e-platform.ts';

let platform: E2ePlatform | undefined;
const running = (): E2ePlatform => {
  if (!platform) throw new Error('the platform did not start (see the beforeAll error)');
  return platform;
};

beforeAll(async () => {
  platform = await startE2ePlatform();
}, 600_000);

const stopPlatform = async () => {
  await platform?.stop();
};

afterAll(stopPlatform, 120_000);

identitySteps(running);
catalogSteps(running);
routeSteps(running);
purchaseSteps(running);
certificateSteps(running);
ledgerSteps(running);
refundSteps(running);
declinedSteps(running);
operationsSteps(running);
traceSteps(stopPlatform);
shutdownSteps(running);
