// A separate process for tests of what happens across processes (run with `node -r ./register-ts.js`):
//   services <dataDir>  start the embedded servers, print their endpoints as one JSON line, idle
//   lock <dataDir>      print `ready`, wait for a line on stdin, take the data-folder lock, print
//                       `locked` or `in-use <pid>`, hold it until stdin closes
import { DataFolder, DataFolderInUseError, startServices } from '../src';

/** The address the `services` child notes as its API's (it listens nowhere). */
const CHILD_PUBLIC_URL = 'http://localhost:3999';

async function main(command: string | undefined, dataDir: string | undefined): Promise<void> {
  if (!dataDir) throw new Error('usage: embedded-child.ts services|lock <dataDir>');
  if (command === 'services') {
    // What it logs goes to stderr, where the test can read it.
    const services = await startServices({
      dataDir,
      log: {
        debug: () => undefined,
        info: (m) => console.error(`info: ${m}`),
        warn: (m) => console.error(`warn: ${m}`),
        error: (m) => console.error(`error: ${m}`),
      },
    });
    // As an API notes where it serves once it listens: for a CLI attaching.
    services.notePublicUrl(CHILD_PUBLIC_URL);
    const { databaseUrl, migrationUrl, meiliHost, meiliMasterKey, pids } = services;
    console.log(
      JSON.stringify({
        pid: process.pid,
        databaseUrl,
        migrationUrl,
        meiliHost,
        meiliMasterKey,
        pids,
      }),
    );
    setInterval(() => undefined, 60_000); // until killed
  } else if (command === 'lock') {
    // Several children are told to go at the same moment, to race for the lock.
    process.stdin.once('data', () => {
      try {
        new DataFolder(dataDir).lock();
        console.log('locked');
      } catch (error) {
        if (!(error instanceof DataFolderInUseError)) throw error;
        console.log(`in-use ${error.pid}`);
      }
    });
    process.stdin.on('end', () => process.exit(0));
    console.log('ready');
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
