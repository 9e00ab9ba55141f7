import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Mailbox, startMailbox } from './mailbox.ts';

/** An SMTP client's side of one delivery, line by line, as nodemailer would speak it. */
async function deliver(url: string, to: string, subject: string, body: string) {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const lines = [
    'EHLO test',
    'MAIL FROM:<platform@hcts.local>',
    `RCPT TO:<${to}>`,
    'DATA',
    `Subject: ${subject}\r\nTo: ${to}\r\n\r\n${body}\r\n.`,
    'QUIT',
  ];
  // The answers are not read, but must flow, or the server's end never reaches this side.
  socket.resume();
  for (const line of lines) socket.write(`${line}\r\n`);
  await new Promise((resolve) => socket.once('close', resolve));
}

describe('the local mailbox', () => {
  let mailbox: Mailbox | undefined;
  const spool = mkdtempSync(join(tmpdir(), 'hcts-mail-'));
  afterEach(async () => {
    await mailbox?.close();
    rmSync(spool, { recursive: true, force: true });
  });

  it('keeps each mail and writes it to the spool folder for a person to open', async () => {
    mailbox = await startMailbox(0, spool);

    await deliver(mailbox.url, 'new.user@example.test', 'Confirm your address', 'Open the link');
    const mail = await mailbox.next('new.user@example.test', /Confirm/, 5_000);

    expect(mail.text).toContain('Open the link');
    const files = readdirSync(spool);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain('new.user@example.test');
    const written = readFileSync(join(spool, files[0] ?? ''), 'utf8');
    expect(written).toContain('Subject: Confirm your address');
    expect(written).toContain('Open the link');
  });
});
