// A process that takes a folder lock when told: argv[2] is the folder, argv[3] the purpose.
// Commands, one per stdin line: `take` (lockFolder, answers one JSON line), `release`, `exit`
// (ends without releasing: the exit hook must). Run by folder-lock.spec.ts.
import { createInterface } from 'node:readline';
import { FolderLockedError, lockFolder, type FolderLock } from '../lib/folder-lock';

const [dir, purpose] = process.argv.slice(2);
let lock: FolderLock | undefined;
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

createInterface({ input: process.stdin }).on('line', (command) => {
  if (command === 'take') {
    lockFolder(dir, purpose).then(
      (taken) => {
        lock = taken;
        say({ taken: true, holder: taken.holder });
      },
      (error: unknown) => {
        if (!(error instanceof FolderLockedError)) throw error;
        say({ taken: false, holder: error.holder });
      },
    );
  } else if (command === 'release') {
    lock?.release();
    say({ released: true });
  } else if (command === 'exit') {
    process.exit(0);
  }
});
say({ ready: true });
