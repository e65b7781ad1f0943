import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '@shopgraph/observability';
import { type MailTemplate, createMailer, escapeHtml, html, mailEnv, readMailFolder } from '../src/index.js';

const greeting: MailTemplate<{ name: string; items: string[] }> = ({ name, items }) => ({
  subject: `Hello ${name}`,
  text: `Hello ${name}\n${items.join('\n')}`,
  html: html`<p>Hello ${name}</p>
    <ul>
      ${items.map((i) => html`<li>${i}</li>`)}
    </ul>`,
});

const flat = (markup: string) => markup.replace(/>\s+</g, '><');

describe('mail templates', () => {
  it('escapes every interpolated value but not nested html fragments', () => {
    const rendered = greeting({ name: `<script>alert("x")</script> & 'co'`, items: ['<b>bold</b>', 'plain'] });
    // Prettier formats `html` templates, so compare without the line breaks it adds between tags.
    expect(flat(rendered.html.markup)).toBe(
      '<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p><ul><li>&lt;b&gt;bold&lt;/b&gt;</li><li>plain</li></ul>',
    );
    expect(rendered.text).toContain('<script>alert("x")</script>');
  });

  it('escapes attribute breakers', () => {
    expect(escapeHtml(`" onmouseover='x' <a>&amp;`)).toBe('&quot; onmouseover=&#39;x&#39; &lt;a&gt;&amp;amp;');
  });
});

describe('mail settings', () => {
  it('treat an empty SMTP_URL as unset and refuse a URL that is not SMTP', () => {
    expect(mailEnv.parse({ SMTP_URL: '' })).toEqual({ MAIL_FROM: 'shopgraph <no-reply@shopgraph.dev>', MAIL_DIR: './.data/mail' });
    expect(mailEnv.safeParse({ SMTP_URL: 'http://example.com' }).success).toBe(false);
    expect(mailEnv.parse({ SMTP_URL: 'smtps://u:p@smtp.example.com:465' }).SMTP_URL).toBe('smtps://u:p@smtp.example.com:465');
  });
});

describe('mailer without SMTP', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailer-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one .eml file per message with text and HTML parts and logs one line naming it', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').trim().split('\n')));
    const mailer = createMailer({ dir: join(dir, 'out'), from: 'Shop <shop@example.com>', logger: createLogger('mail', 'info', stream) });

    const sent = await mailer.send({ to: 'ana@example.com', template: greeting, data: { name: 'Ána <3', items: ['Tea', 'Cup'] } });
    await mailer.send({ to: 'bao@example.com', template: greeting, data: { name: 'Bao', items: ['x'.repeat(200)] } });
    mailer.close();

    const mails = await readMailFolder(join(dir, 'out'));
    expect(mails.map((m) => m.to)).toEqual(['ana@example.com', 'bao@example.com']);
    expect(mails[0]).toMatchObject({ file: sent.file, subject: 'Hello Ána <3', text: 'Hello Ána <3\nTea\nCup' });
    expect(flat(mails[0]!.html)).toBe('<p>Hello Ána &lt;3</p><ul><li>Tea</li><li>Cup</li></ul>');
    // A long line travels quoted-printable with soft breaks and reads back whole.
    expect(mails[1]!.text).toBe(`Hello Bao\n${'x'.repeat(200)}`);
    expect(await readFile(sent.file!, 'utf8')).toMatch(/^From: Shop <shop@example\.com>$/m);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({ msg: 'mail written', to: 'ana@example.com', subject: 'Hello Ána <3', file: sent.file }),
      expect.objectContaining({ msg: 'mail written', to: 'bao@example.com' }),
    ]);
  });

  it('reads an absent folder as empty', async () => {
    expect(await readMailFolder(join(dir, 'never-written'))).toEqual([]);
  });
});
