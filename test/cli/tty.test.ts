import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BIN } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { TERMINALS, anyMarker, rx } from '../helpers/terminals.js';
import { cdAudio, infoChunk, tempDir, wavFile, writeTracks } from '../helpers/wav.js';
import { writeFile } from 'node:fs/promises';

const exec = promisify(execFile);
const ESC = '\u001b';

/** Runs the CLI on a real pseudo-terminal of 100×`rows` (util-linux `script`), returning what it drew; `env` may set TERM. */
async function onTerminal(args: string[], env: Record<string, string>, rows = 12): Promise<string> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const { stdout } = await exec('script', ['-qfec', `stty cols 100 rows ${rows}; ${quoted}`, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm-256color', ...env, CI: '' },
  });
  return stdout;
}

for (const term of TERMINALS) {
  describe(`the display on a terminal (${term.name})`, () => {
    let dir: { path: string; remove: () => Promise<void> };
    let paths: string[];
    before(async () => {
      dir = await tempDir();
      const names = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`song ${i + 1}.wav`, 4]));
      paths = (await writeTracks(dir.path, names)).map((t) => t.path);
    });
    after(() => dir.remove());

    it('draws a disc bar and a window of track bars, then the result', async () => {
      const screen = await onTerminal(['--image', join(dir.path, 'tty.cue'), ...paths], { NO_COLOR: '1', TERM: term.TERM });
      assert.match(screen, rx`Writing track 14 of 14 +${term.filled}*${term.empty}* +\d+%`);
      assert.match(screen, rx`${term.done} 13 song 13 +${term.filled}+ 100% +0:04`);
      // 12 rows leave room for 8 track rows: the window ends on the last track.
      assert.doesNotMatch(screen.slice(screen.lastIndexOf('Writing track 14')), rx` ${anyMarker(term)} 06 song 6 +(${term.filled}|${term.empty})`);
      assert.match(screen, rx`${term.ok} Wrote .*tty\.cue,\s+\S*tty\.bin\s+and\s+\S*tty\.cdt`);
      assert.ok(!screen.includes(`${ESC}[3`), 'NO_COLOR: no colour codes');
      assert.ok(screen.lastIndexOf(`${ESC}[?25h`) > screen.lastIndexOf(`${ESC}[?25l`), 'the cursor is shown again');
    });

    it('draws the bars while verifying an image, then the report with a tick', async () => {
      const image = join(dir.path, 'verify.cue');
      await exec(process.execPath, [BIN, '-q', '--image', image, ...paths]);
      const screen = await onTerminal(['verify', '--image', image, ...paths], { NO_COLOR: '1', TERM: term.TERM });
      assert.match(screen, rx`Verifying track \d+ of 14 +${term.filled}*${term.empty}* +\d+%`);
      assert.match(screen, rx` of 1:22 ${term.separator} `);
      assert.match(screen, rx`${term.ok} Verified .*verify\.cue: every sample reads back as staged`);
      assert.match(screen, /track 14: exact; CRC32 [0-9A-F]{8}/);
    });

    it('--verify: draws the bars of the reading after those of the writing, then the report with a tick', async () => {
      const image = join(dir.path, 'burnverify.cue');
      const screen = await onTerminal(['--image', image, '--verify', ...paths], { NO_COLOR: '1', TERM: term.TERM });
      const wrote = screen.search(rx`${term.ok} Wrote .*burnverify\.cue`);
      const reading = screen.search(rx`Verifying track \d+ of 14 +${term.filled}*${term.empty}* +\d+%`);
      assert.ok(wrote >= 0 && reading > wrote, 'the reading is drawn after the image is written');
      assert.match(screen.slice(reading), rx`${term.ok} Verified .*burnverify\.cue: every sample reads back as staged`);
      assert.ok(screen.lastIndexOf(`${ESC}[?25h`) > screen.lastIndexOf(`${ESC}[?25l`), 'the cursor is shown again');
    });

    it('draws hostile titles without their escape sequences', async () => {
      const hostile = join(dir.path, 'hostile.wav');
      await writeFile(hostile, wavFile(cdAudio(44_100 * 4), { after: [infoChunk({ title: `Evil${ESC}[2J${ESC}[H${ESC}]0;owned\u0007 Song` })] }));
      const screen = await onTerminal(['--image', join(dir.path, 'hostile.cue'), hostile], { NO_COLOR: '1', TERM: term.TERM });
      assert.match(screen, /01 Evil \[2J \[H \]0;owned Song/);
      assert.ok(!screen.includes(`${ESC}[2J`) && !screen.includes(`${ESC}[H`) && !screen.includes(`${ESC}]0;`), 'no clear-screen, cursor-home or title escape');
    });

    it('colours with FORCE_COLOR even when NO_COLOR is set', async () => {
      const burn = await onTerminal(['--image', join(dir.path, 'c.cue'), paths[0]!], { NO_COLOR: '1', FORCE_COLOR: '1', TERM: term.TERM });
      assert.ok(burn.includes(`${ESC}[32m${term.ok}`), 'green tick');
    });
  });

  describe(`asking before a real burn on a terminal (${term.name})`, () => {
    let dir: { path: string; remove: () => Promise<void> };
    let env: Record<string, string>;
    let track: string;
    before(async () => {
      buildNative();
      dir = await tempDir();
      track = (await writeTracks(dir.path, { 'a.wav': 5 }))[0]!.path;
      env = await simulator(dir.path, {});
    });
    after(() => dir.remove());

    /** Runs the CLI on a pseudo-terminal and types `answer` at its prompt. */
    function answering(args: string[], answer: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; screen: string }> {
      const quoted = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qfec', `stty cols 100 rows 24; ${quoted}`, '/dev/null'], {
        env: { ...process.env, ...env, ...extraEnv, NO_COLOR: '1', CI: '', TERM: term.TERM },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      let answered = false;
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        screen += text;
        if (!answered && screen.includes('[y/N]')) {
          answered = true;
          child.stdin.write(answer);
        }
      });
      return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
    }

    it('burns nothing when the answer is no', async () => {
      const { code, screen } = await answering([track], 'n\r');
      assert.match(screen, /Record 1 track \(0:07\) on the blank CD-R \(write-once\) in BURNAUD SIM CD-RW\? \[y\/N\]/);
      assert.match(screen, /cancelled: the burn was declined at the prompt; nothing was written/);
      assert.doesNotMatch(screen, /interrupted by SIGINT/);
      assert.equal(code, 130);
      assert.equal(existsSync(join(dir.path, 'disc.raw')), false);
    });

    it('--verify: once recorded, the reading back drawn as a bar, then the report with a tick', async () => {
      // A disc of its own: the other tests here find no disc.raw.
      const own = await simulator(dir.path, { discOut: join(dir.path, 'verify.raw') }, 'verify.json');
      const { code, screen } = await answering(['--dao', '--verify', track], 'y\r', own);
      assert.equal(code, 0, screen);
      const recorded = screen.search(rx`${term.ok} Disc recorded in BURNAUD SIM CD-RW`);
      const reading = screen.search(rx`Verifying track 1 of 1 +${term.filled}*${term.empty}* +\d+%`);
      assert.ok(recorded >= 0 && reading > recorded, screen);
      assert.match(screen.slice(reading), rx`${term.ok} Verified BURNAUD SIM CD-RW: every sample reads back as staged`);
    });

    it('--copies 2 --verify: each copy read back under its recorder\'s heading, its result printed above', async () => {
      const two = await simulator(dir.path, { discOut: join(dir.path, 'copy-{disc}.raw'), recorders: [{ vendor: 'BURNAUD', product: 'SIM CD-RW', discs: ['blank-cdr', 'blank-cdr'] }] }, 'two.json');
      const { code, screen } = await answering(['--copies', '2', '--verify', track], 'y\r', two);
      assert.equal(code, 0, screen);
      assert.match(screen, rx`Recorder 0 ${term.separator} copy 2`);
      assert.equal(screen.match(new RegExp(rx`${term.ok} recorder 0: Verified BURNAUD SIM CD-RW: every sample reads back as staged`.source, 'g'))?.length, 2, screen);
      assert.match(screen, /recorder 0: copy 2 recorded and verified: every sample reads back as staged/);
    });

    it('does not ask for --simulate over modern IMAPI, and says the dry run never started the laser', async () => {
      const { code, screen } = await answering(['--simulate', track], '');
      assert.equal(code, 0, screen);
      assert.doesNotMatch(screen, /\[y\/N\]/);
      assert.match(screen.replace(/\s+/g, ' '), /Dry run complete, without the laser: .* because IMAPI on this Windows cannot do a test write/);
      assert.equal(existsSync(join(dir.path, 'disc.raw')), false);
    });

    it('asks before erasing a CD-RW: no leaves it unchanged, -y erases and says how long it took', async () => {
      const rw = await simulator(dir.path, { recorders: [{ vendor: 'BURNAUD', product: 'SIM CD-RW', media: 'used-cdrw' }] }, 'rw.json');
      const declined = await answering(['erase'], 'n\r', rw);
      assert.match(declined.screen, /Erase the disc in BURNAUD SIM CD-RW\? What it holds is lost\. \[y\/N\]/);
      assert.match(declined.screen, /cancelled: the erase was declined at the prompt; the disc is unchanged/);
      assert.equal(declined.code, 130);
      const erased = await answering(['erase', '-y'], '', rw);
      assert.equal(erased.code, 0, erased.screen);
      assert.doesNotMatch(erased.screen, /\[y\/N\]/);
      assert.match(erased.screen, rx`${term.ok} Disc erased in BURNAUD SIM CD-RW \(\d+:\d\d\)`);
      assert.ok(erased.screen.lastIndexOf('\u001b[?25h') > erased.screen.lastIndexOf('\u001b[?25l'), 'the cursor is shown again');
    });

    it('keeps warnings on a terminal with -q, and nothing else', async () => {
      const short = (await writeTracks(dir.path, { 'short.wav': 1 }))[0]!.path;
      const { code, screen } = await answering(['-q', '--image', join(dir.path, 'q.cue'), short], '');
      assert.equal(code, 0, screen);
      assert.match(screen, rx`${term.warning} warning: .*padded with silence`);
      assert.doesNotMatch(screen, /Disc:|Wrote/);
    });

    it(`draws a burn through the simulator ${term.unicode ? 'with its Unicode symbols' : 'in ASCII only, every byte of it'}`, async () => {
      const { code, screen } = await answering(['-y', track], '');
      assert.equal(code, 0, screen);
      assert.match(screen, rx`Recording track 1 of 1 +(${term.filled}|${term.empty})+ +\d+%`);
      assert.match(screen, rx`${term.ok} Disc recorded in`);
      if (term.unicode) assert.match(screen, /[✔█]/);
      else assert.match(screen, /^[\x00-\x7f]*$/, 'nothing but ASCII on a terminal that cannot show Unicode');
    });

    it('burns when the answer is yes, and does not ask with --yes', async () => {
      const yes = await answering([track], 'y\r');
      assert.equal(yes.code, 0, yes.screen);
      assert.ok(existsSync(join(dir.path, 'disc.raw')));
      const unasked = await answering(['--yes', track], '');
      assert.equal(unasked.code, 0, unasked.screen);
      assert.doesNotMatch(unasked.screen, /\[y\/N\]/);
    });
  });
}
