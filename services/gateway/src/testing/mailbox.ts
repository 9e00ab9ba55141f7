import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

/** A local SMTP server that keeps every mail it receives, for tests to read. */
export async function startMailbox() {
  const mails: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          mails.push({
            to: to?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  /** Waits until a mail to `to` whose subject matches has arrived, and returns it. */
  const next = async (to: string, subject: RegExp): Promise<ReceivedMail> => {
    for (;;) {
      const found = mails.find((m) => m.to.includes(to) && subject.test(m.subject));
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    next,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function firstLink(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error('no link in the mail');
  return match[0];
}
