import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`, for the gateway's SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  /** Resolves with the first mail to `to` whose subject matches, waiting for it if needed. */
  next(to: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A local SMTP sink on 127.0.0.1: the platform's outgoing mail (address confirmations,
 * password resets) lands here so that the demo loader and the end-to-end suite can follow the
 * links, as a person reading the mail would; with a spool folder, each mail is also a text file
 * there, for the people trying `npm start`.
 * Known limit: it speaks just the SMTP subset that nodemailer uses without TLS or AUTH, and
 * decodes only 7bit and quoted-printable text; mail to real people would need a real relay.
 */
export async function startMailbox(port = 0, spoolDir?: string): Promise<Mailbox> {
  const mails: ReceivedMail[] = [];
  if (spoolDir) mkdirSync(spoolDir, { recursive: true });
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    converse(socket, (mail) => {
      mails.push(mail);
      if (spoolDir) spool(spoolDir, mail);
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;

  const next = async (to: string, subject: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = mails.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        setTimeout(wake, 500);
      });
    }
  };

  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `smtp://127.0.0.1:${bound}`, mails, next, close };
}

/** A mail as a text file a person can open, named by time and recipient. */
function spool(dir: string, mail: ReceivedMail): void {
  const stamp = new Date().toISOString().replaceAll(':', '-');
  const to = (mail.to[0] ?? 'nobody').replaceAll(/[^\w.@-]/g, '_');
  const text = `To: ${mail.to.join(', ')}\nSubject: ${mail.subject}\n\n${mail.text}\n`;
  writeFileSync(join(dir, `${stamp}-${to}.txt`), text);
}

/** One SMTP session: greet, collect envelope recipients, read DATA up to the lone dot. */
function converse(socket: Socket, deliver: (mail: ReceivedMail) => void): void {
  let buffer = '';
  let recipients: string[] = [];
  let data: string[] | undefined;
  const send = (line: string) => socket.write(`${line}\r\n`);
  send('220 hcts-mailbox ready');

  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line !== '.') data.push(line.startsWith('..') ? line.slice(1) : line);
        else {
          deliver(parseMessage(recipients, data));
          data = undefined;
          recipients = [];
          send('250 queued');
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') send('250 hcts-mailbox');
      else if (verb === 'RCPT') {
        recipients.push(/<([^>]*)>/.exec(line)?.[1]?.toLowerCase() ?? '');
        send('250 ok');
      } else if (verb === 'DATA') {
        data = [];
        send('354 end with a lone dot');
      } else if (verb === 'QUIT') {
        send('221 bye');
        socket.end();
      } else send('250 ok');
    }
  });
}

function parseMessage(to: string[], lines: string[]): ReceivedMail {
  const blank = lines.indexOf('');
  const head = unfold(lines.slice(0, blank < 0 ? lines.length : blank));
  const body = blank < 0 ? '' : lines.slice(blank + 1).join('\n');
  const header = (name: string) =>
    head
      .find((h) => h.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const quoted = /quoted-printable/i.test(header('content-transfer-encoding'));
  return { to, subject: header('subject'), text: quoted ? decodeQuotedPrintable(body) : body };
}

function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && out.length > 0) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\n/g, '');
  const bytes = Buffer.from(
    joined.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** The first http(s) link in a mail's text. */
export function firstLink(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error('no link in the mail');
  return match[0];
}
