import { z } from 'zod';

/** RFC 9457 problem details as every service renders them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  traceId: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Error categories shared by every service's catalogue; each maps to one HTTP status. */
export const ErrorCategories = Object.freeze({
  validation: 'validation',
  notFound: 'not-found',
  conflict: 'conflict',
  rule: 'rule',
  forbidden: 'forbidden',
  unauthenticated: 'unauthenticated',
  unavailable: 'unavailable',
} as const);
export type ErrorCategory = (typeof ErrorCategories)[keyof typeof ErrorCategories];
