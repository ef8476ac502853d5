import { createTransport } from 'nodemailer';
import { generateConcernCode, normalizeConcernCode } from './concern-codes';
import { trackingCodesIn } from './erased-contact-mail';

/** An .eml file as nodemailer's stream transport writes it, in the body encoding asked for. */
async function eml(text: string, textEncoding: 'base64' | 'quoted-printable'): Promise<string> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = (await transport.sendMail({
    from: 'insyn@example.org',
    to: 'invanare@example.org',
    subject: 'Svar',
    text,
    textEncoding,
  })) as { message: Buffer };
  return info.message.toString('utf8');
}

describe('the tracking code in an .eml file written before file names carried the concern', () => {
  const code = generateConcernCode();
  // Long lines of non-ASCII text: quoted-printable breaks them, possibly inside the code.
  const text = `${'Följ ärendet här, så länge det är öppet: '.repeat(3)}Din kod för att följa ärendet: ${code}\n`;

  it.each(['base64', 'quoted-printable'] as const)('is found in a %s body', async (encoding) => {
    const written = await eml(text, encoding);
    expect(written).toMatch(new RegExp(`^Content-Transfer-Encoding: ${encoding}$`, 'm'));
    expect(trackingCodesIn(written)).toEqual([normalizeConcernCode(code)]);
  });

  it('is none in a file without one', async () => {
    expect(trackingCodesIn(await eml('Hej!\n', 'quoted-printable'))).toEqual([]);
    expect(trackingCodesIn('not an e-mail')).toEqual([]);
  });
});
