import { createDatabase, type Database as KitDatabase } from '@hcts/kit';
import type { Kysely } from 'kysely';
import type { CertificatesDatabase } from './schema.ts';

export type Database = Kysely<CertificatesDatabase>;
export type DatabaseHandle = KitDatabase<CertificatesDatabase>;

export function openDatabase(url: string, poolMax = 10): DatabaseHandle {
  return createDatabase<CertificatesDatabase>({ url, poolMax, applicationName: 'certificates' });
}
