import type { Kysely, Transaction } from 'kysely';

// The bus reaches its own tables with raw SQL, so it must accept a service's database of any
// schema; kysely's database type parameter is invariant, hence `any` here and only here.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyDatabase = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyTransaction = Transaction<any>;
