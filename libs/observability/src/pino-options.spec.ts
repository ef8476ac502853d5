import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '@insyn/config';
import { pinoOptions } from './pino-options';

describe('log redaction', () => {
  it('never writes bearer tokens, passwords or keys', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = pinoOptions(
      loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: 'postgres://insyn:pw@db:5432/insyn',
        MEILI_HOST: 'http://meili:7700',
        MEILI_MASTER_KEY: 'a-long-master-key-0123456789',
        INSYN_TOKEN_SECRET: 'a-token-secret-of-32-characters-0123',
        INSYN_CONTACT_SECRET: 'a-contact-secret-of-32-characters-01',
        INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
      }),
    );
    const log = pino(options, sink);
    log.info({ req: { headers: { authorization: 'Bearer insyn_secret-token' } } }, 'request');
    log.info(
      { masterKey: 'meili-master-key', nested: { password: 'pw', token: 'insyn_other' } },
      'config',
    );
    log.info(
      {
        contactEmail: 'resident@example.org',
        input: { contactEmail: 'resident2@example.org', trackingCode: 'TRACK-CODE' },
        variables: { input: { contactEmail: 'resident3@example.org' } },
        body: { variables: { input: { text: 'secret concern text' } } },
      },
      'concern',
    );
    const output = lines.join('');
    for (const personal of [
      'resident@',
      'resident2@',
      'resident3@',
      'TRACK-CODE',
      'secret concern',
    ])
      expect(output).not.toContain(personal);
    expect(output).toContain('[redacted]');
    for (const secret of ['insyn_secret-token', 'meili-master-key', '"pw"', 'insyn_other'])
      expect(output).not.toContain(secret);
    expect(JSON.parse(lines[0]).msg).toBe('request');
  });
});
