import pino from 'pino';
import { InsynConfig } from '@insyn/config';
import { logMailFolder } from './concerns-worker';

describe('the start-up line on residents’ e-mail', () => {
  const logged = (settings: Partial<InsynConfig>) => {
    const lines: { level: number; msg: string; mailFolder?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    logMailFolder({ INSYN_DATA_DIR: '/srv/insyn', ...settings } as InsynConfig, log);
    return lines;
  };

  it('is a warning in production without SMTP_URL: residents are told nothing', () => {
    expect(logged({ isProduction: true })).toEqual([
      expect.objectContaining({
        level: 40,
        mailFolder: '/srv/insyn/mail',
        msg: expect.stringMatching(/^SMTP_URL is not set: .*\/srv\/insyn\/mail.*told nothing/),
      }),
    ]);
  });

  it('is information in the embedded default, and nothing with an SMTP server', () => {
    expect(logged({ isProduction: false })).toEqual([
      expect.objectContaining({ level: 30, mailFolder: '/srv/insyn/mail' }),
    ]);
    expect(logged({ isProduction: true, SMTP_URL: 'smtp://mail.example.org' })).toEqual([]);
  });
});
