import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolder } from './data-folder';

// fs-ext as the loader finds it after `npm ci` on one Node.js version and a run on another.
jest.mock('fs-ext', () => {
  throw new Error(
    "The module '/app/node_modules/fs-ext/build/Release/fs_ext.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 127. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
  );
});

describe('DataFolder with fs-ext built for another Node.js version', () => {
  it('loads (the apps start their other work), and its lock says how to rebuild fs-ext', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insyn-addon-'));
    try {
      const folder = new DataFolder(dir);
      expect(() => folder.lock()).toThrow(
        `fs-ext (the data folder's lock) was built for another Node.js version than this one (${process.version}): run rm -rf node_modules/fs-ext/build && npm rebuild fs-ext`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
