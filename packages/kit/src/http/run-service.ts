import type { Service } from './create-service.ts';

/**
 * The command line of a service's main.ts: `migrate` applies the migrations and exits;
 * anything else starts the service (which migrates first) and runs until a signal.
 */
export async function runService(
  service: Service,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  if (argv[0] === 'migrate') {
    try {
      await service.migrate();
    } finally {
      await service.stop();
    }
    return;
  }

  const { url } = await service.start();
  service.app.log.info({ url, service: service.name }, 'service listening');
}
