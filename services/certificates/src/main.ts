import { loadConfig, runService } from '@hcts/kit';
import { buildCertificatesService } from './adapters/build-service.ts';
import { ConfigSchema } from './config.ts';

const config = loadConfig(ConfigSchema, process.env);
const { service } = await buildCertificatesService(config);
await runService(service);
