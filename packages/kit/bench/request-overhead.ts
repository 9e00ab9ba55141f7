// What the kit costs per request: a bare Fastify app and a kit service answer the same JSON
// route (body validated by the same zod schema) through inject(), in interleaved rounds so
// that machine noise hits both alike. Prints absolute rates and the ratio.
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createService } from '../src/http/create-service.ts';

const Body = z.strictObject({ quantity: z.int().min(1), sku: z.string().min(1) });
const payload = { quantity: 3, sku: 'CPT-99213' };
const rounds = 6;
const perRound = 3_000;

async function bareApp() {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.post('/orders', { schema: { body: Body } }, async (req) => ({ quantity: req.body.quantity }));
  await app.ready();
  return app;
}

async function kitApp() {
  const service = await createService({
    name: 'bench',
    config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
    routes: (app) => {
      app.post('/orders', { schema: { body: Body } }, async (req) => ({
        quantity: req.body.quantity,
      }));
    },
  });
  await service.app.ready();
  return service.app;
}

type Injector = Awaited<ReturnType<typeof bareApp>>;

async function run(app: Injector): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) {
    const res = await app.inject({ method: 'POST', url: '/orders', payload });
    if (res.statusCode !== 200) throw new Error(`unexpected status ${res.statusCode}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return perRound / seconds;
}

const bare = await bareApp();
const kit = (await kitApp()) as unknown as Injector;
await run(bare);
await run(kit);

const rates = { bare: [] as number[], kit: [] as number[] };
for (let round = 0; round < rounds; round++) {
  rates.bare.push(await run(bare));
  rates.kit.push(await run(kit));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const bareRate = median(rates.bare);
const kitRate = median(rates.kit);
console.log(`bare fastify + zod : ${bareRate.toFixed(0)} req/s (median of ${rounds} rounds)`);
console.log(`kit createService  : ${kitRate.toFixed(0)} req/s (median of ${rounds} rounds)`);
console.log(`kit / bare         : ${(kitRate / bareRate).toFixed(2)}`);
await Promise.all([bare.close(), kit.close()]);
