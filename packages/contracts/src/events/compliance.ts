import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { ForeignId, Timestamp } from '../primitives.ts';

export const SubjectErased = defineEvent({
  context: 'compliance',
  name: 'subject-erased',
  version: 1,
  schema: z.strictObject({
    subjectType: z.enum(['user', 'organization']),
    subjectId: ForeignId,
    requestId: ForeignId,
    erasedAt: Timestamp,
  }),
  subjectOf: (d) => d.subjectId,
  description: "A data subject's keys were shredded; every service erases what it holds of them.",
});

export const complianceEvents = [SubjectErased] as const;
