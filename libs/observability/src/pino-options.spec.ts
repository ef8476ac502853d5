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
      }),
    );
    const log = pino(options, sink);
    log.info({ req: { headers: { authorization: 'Bearer insyn_secret-token' } } }, 'request');
    log.info(
      { masterKey: 'meili-master-key', nested: { password: 'pw', token: 'insyn_other' } },
      'config',
    );
    const output = lines.join('');
    expect(output).toContain('[redacted]');
    for (const secret of ['insyn_secret-token', 'meili-master-key', '"pw"', 'insyn_other'])
      expect(output).not.toContain(secret);
    expect(JSON.parse(lines[0]).msg).toBe('request');
  });
});
