import { describe, expect, it } from 'vitest';
import { problemOfAuthAnswer } from './auth-problem.ts';

const json = 'application/json';
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('problemOfAuthAnswer', () => {
  it('names every field a validation message names', () => {
    const message = '[body.email] Invalid input; [body.password] Too small';
    const problem = problemOfAuthAnswer(
      400,
      json,
      body({ code: 'VALIDATION_ERROR', message }),
      '/x',
    );

    expect(problem?.errors).toEqual([
      { field: 'email', message: 'Invalid input' },
      { field: 'password', message: 'Too small' },
    ]);
  });

  it('names the field of codes about one field', () => {
    const answer = body({ code: 'PASSWORD_TOO_SHORT', message: 'Password too short' });

    expect(problemOfAuthAnswer(400, json, answer, '/x')?.errors).toEqual([
      { field: 'password', message: 'Password too short', code: 'PASSWORD_TOO_SHORT' },
    ]);
  });

  it('gives an empty error answer a code from its status', () => {
    const problem = problemOfAuthAnswer(405, 'text/plain', Buffer.alloc(0), '/x');

    expect(problem).toMatchObject({ code: 'METHOD_NOT_ALLOWED', title: 'Method Not Allowed' });
  });

  it('passes successes and bodies of another shape through', () => {
    expect(problemOfAuthAnswer(200, json, body({ ok: true }), '/x')).toBeUndefined();
    expect(problemOfAuthAnswer(500, 'text/html', Buffer.from('<p>x</p>'), '/x')).toBeUndefined();
    expect(problemOfAuthAnswer(400, json, Buffer.from('[1]'), '/x')).toBeUndefined();
    expect(problemOfAuthAnswer(400, json, Buffer.from('{broken'), '/x')).toBeUndefined();
  });
});
