export * from './merkle-proofs.ts';
export * from './tree-hasher.ts';
export * from './tree-shape.ts';
export * from './verify-proofs.ts';
