import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Mail, Mailer } from '../../app/ports.ts';

/** Mails through SMTP when a URL is configured; otherwise says in the log that none was sent. */
export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
  if (!smtpUrl) {
    return {
      send: async (mail: Mail) => {
        log.warn({ template: mail.template }, 'mail not sent: no SMTP_URL configured');
      },
    };
  }

  const transport = createTransport(smtpUrl);
  return {
    send: async (mail: Mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      log.info({ template: mail.template }, 'mail sent');
    },
  };
}
