export * from './define-event.ts';
export * from './envelope.ts';
export * from './events/index.ts';
export * from './permissions.ts';
export * from './primitives.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './topics.ts';
