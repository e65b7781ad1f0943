import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A message read back from the mail folder. */
export interface StoredMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

type Headers = Map<string, string>;

function splitEntity(raw: string): { headers: Headers; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Headers = new Map();
  // Folded header lines continue with whitespace (RFC 5322 2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

const utf8 = (bytes: number[]) => Buffer.from(bytes).toString('utf8');

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
  }
  return utf8(bytes);
}

function decodeBody(headers: Headers, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

// RFC 2047 encoded words, which nodemailer uses for headers that are not plain ASCII.
const decodeWords = (value: string) =>
  value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );

/** Parses one message as the mailer writes it: a text part and an HTML part (alone or multipart/alternative). */
export function parseMail(file: string, raw: string): StoredMail {
  const { headers, body } = splitEntity(raw);
  const parts: { type: string; content: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  // The line break before a boundary line belongs to the boundary (RFC 2046 5.1.1), not to the part.
  const between = boundary ? body.split(`--${boundary}`).slice(1, -1) : [];
  const entities = boundary ? between.map((p) => splitEntity(p.replace(/^\r?\n/, '').replace(/\r?\n$/, ''))) : [{ headers, body }];
  for (const part of entities) parts.push({ type: part.headers.get('content-type') ?? '', content: decodeBody(part.headers, part.body) });
  const of = (type: string) => parts.find((p) => p.type.startsWith(type))?.content ?? '';
  return {
    file,
    to: headers.get('to') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: of('text/plain'),
    html: of('text/html'),
  };
}

/** Every message written to a mail folder, oldest first; an absent folder holds none. */
export async function readMailFolder(dir: string): Promise<StoredMail[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = names.filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(files.map(async (name) => parseMail(join(dir, name), await readFile(join(dir, name), 'utf8'))));
}
