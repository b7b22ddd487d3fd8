/**
 * The display as a person sees it: the exact bytes the CLI writes on a pseudo-terminal, drawn by
 * a terminal emulator (xterm.js), at 60, 100 and 220 columns and across a resize.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onScreen, type ScreenRun } from '../helpers/screen.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { TERMINALS, anyMarker, rx, type Terminal } from '../helpers/terminals.js';
import { encodeSamples, tempDir, wavFile, writeTracks } from '../helpers/wav.js';

const LONG_TITLE = 'A title long enough to need more than twenty-eight columns of the terminal to show whole';
const TITLES = ['first', '中文标题 歌曲', LONG_TITLE, 'fourth'];

/**
 * During recording, with the speed known: the disc bar and a status line with the time left,
 * drawn for the terminal's width (after a resize, the block the terminal re-wrapped has been
 * drawn again: no row of it is a wrapped continuation).
 */
const recording =
  (term: Terminal) =>
  (screen: string[], wrapped: boolean[]): boolean => {
    const bar = screen.findLastIndex((l) => / Recording (track )?\d/.test(l));
    return bar >= 0 && speedShown(term, screen) && !wrapped.slice(bar).some(Boolean);
  };

const speedShown = (term: Terminal, screen: string[]): boolean => screen.some((l) => rx`\d${term.times}.*\d+:\d\d left`.test(l));

/** Each track row at most once, one disc bar, a percentage and a time left: no stale or doubled rows. */
function assertWholeBlock(term: Terminal, screen: string[], cols: number, what: string): void {
  const text = screen.join('\n');
  assert.equal(screen.filter((l) => / Recording (track )?\d/.test(l)).length, 1, `${what}: one disc bar\n${text}`);
  assert.ok(screen.some((l) => / Recording .* \d+%/.test(l)), `${what}: a percentage\n${text}`);
  assert.ok(screen.some((l) => rx`\d+\.\d${term.times} .*\d+:\d\d left`.test(l)), `${what}: a speed and a time left\n${text}`);
  for (let n = 1; n <= 5; n += 1) {
    const rows = screen.filter((l) => rx`^ ${anyMarker(term)} 0${String(n)} `.test(l));
    assert.ok(rows.length <= 1, `${what}: track ${n} shown ${rows.length} times\n${text}`);
  }
  assert.ok(screen.every((l) => l.length <= cols), `${what}: rows fit ${cols} columns`);
}

/** Each warning printed, read back across the lines burn-audio wrapped it onto. */
function warningTexts(term: Terminal, run: ScreenRun): string[] {
  const texts: string[] = [];
  run.rows.forEach((line, i) => {
    if (!line.startsWith(`${term.warning} warning:`)) return;
    const lines = [line];
    for (const next of run.rows.slice(i + 1)) {
      if (!/^ {2}\S/.test(next) || /^ {2}\d+ tracks,/.test(next)) break;
      lines.push(next);
    }
    texts.push(lines.map((l) => l.trim()).join(' '));
  });
  return texts;
}

function assertSummary(term: Terminal, run: ScreenRun): void {
  const end = run.rows.findLastIndex((l) => l.startsWith(`${term.ok} Disc recorded in`) || l.startsWith(`${term.ok} Wrote`));
  assert.ok(end >= 0, run.rows.join('\n'));
  const summary = run.rows.slice(end).join('\n');
  assert.match(summary, /5 tracks, \d+:\d\d, (recorded|written) in \d+:\d\d/);
  for (let n = 1; n <= 5; n += 1) assert.match(summary, new RegExp(`(^| )0${n} `, 'm'), `track ${n} in the summary\n${summary}`);
  assert.match(summary, rx`${term.warning} 3 warnings:\n {2}- track 5 \(`);
}

for (const term of TERMINALS) {
  describe(`the display in a terminal emulator (${term.name})`, () => {
    let dir: { path: string; remove: () => Promise<void> };
    let paths: string[];
    let env: Record<string, string>;
    before(async () => {
      buildNative();
      dir = await tempDir();
      paths = (await writeTracks(dir.path, Object.fromEntries(TITLES.map((t) => [`${t}.wav`, 4])))).map((t) => t.path);
      // A full-scale 48 kHz square wave: resampling overshoots, and the clipping warning comes while staging.
      const square = Float64Array.from({ length: 48_000 }, (_, i) => (Math.floor(i / 24) % 2 === 0 ? 1 : -1));
      const loud = join(dir.path, 'loud.wav');
      await writeFile(loud, wavFile(encodeSamples([square, square], { bitsPerSample: 16 }), { sampleRate: 48_000 }));
      paths.push(loud);
      env = { ...(await simulator(dir.path, { recorders: [{ speed: 8 }] })), NO_COLOR: '1', TERM: term.TERM };
    });
    after(() => dir.remove());

    /**
     * A burn whose speed the display has measured when it is held: the first hold (block 150, in
     * track 1) lasts until the display shows the recording begun, its speed not yet known; at 8×
     * in real time, the next three chunks of 150 blocks take at least 0.75 s, more than a speed
     * sample needs (half a second), before the second hold (block 900, track 3) keeps the display
     * there until every snapshot is taken. Should the display show the last blocks before that
     * hold (600 of 1,500: 40%) without a speed, the burn is let go: the test then fails for want
     * of a snapshot rather than waiting for ever.
     */
    async function measuredBurn(name: string): Promise<{ env: Record<string, string>; creates: Array<{ when: (screen: string[]) => boolean; file: string }>; afterSnapshots: string }> {
      const file = (what: string): string => join(dir.path, `${name}.${what}`);
      const pauseAtBlock = [150, 900].map((block) => ({ block, reached: file(`reached-${block}`), resume: file(`resume-${block}`) }));
      const sim = await simulator(dir.path, { timeScale: 1, recorders: [{ speed: 8, pauseAtBlock }] }, `${name}.json`);
      const recordingBegun = (screen: string[]): boolean => screen.some((l) => / Recording (track )?\d/.test(l));
      const unmeasured = (screen: string[]): boolean => screen.some((l) => / Recording .* 40%/.test(l)) && !speedShown(term, screen);
      return {
        env: { ...env, ...sim },
        creates: [{ when: recordingBegun, file: file('resume-150') }, { when: unmeasured, file: file('resume-900') }],
        afterSnapshots: file('resume-900'),
      };
    }

    for (const size of [
      { cols: 60, rows: 24 },
      { cols: 100, rows: 12, resizeTo: { cols: 60, rows: 12 } },
      { cols: 220, rows: 30, resizeTo: { cols: 100, rows: 30 } },
    ]) {
      const name = `${size.cols} columns${size.resizeTo ? `, resized to ${size.resizeTo.cols}` : ''}`;
      it(`at ${name}: whole rows, speed and time left, every warning whole, a summary of every track`, async () => {
        const run = await onScreen(['-y', ...paths], { ...size, ...(await measuredBurn(`burn-${size.cols}`)), dir: dir.path, snapshot: recording(term) });
        assert.equal(run.code, 0, run.rows.join('\n'));
        assert.equal(run.snapshots.length, size.resizeTo ? 2 : 1, run.rows.join('\n'));
        assertWholeBlock(term, run.snapshots[0]!, size.cols, 'while recording');
        if (size.resizeTo) assertWholeBlock(term, run.snapshots[1]!, size.resizeTo.cols, 'after the resize');
        else assert.equal(run.wrapped, 0, `nothing cut by the terminal's own wrapping\n${run.rows.join('\n')}`);
        // Two warnings come with the plan (the short track, the title CD-TEXT cannot carry), one while the bars run (clipping, found while staging).
        const warnings = warningTexts(term, run);
        assert.equal(warnings.length, 3, warnings.join('\n'));
        assert.ok(warnings.some((w) => rx`^${term.warning} warning: track 5 \(.*loud\.wav\) lasts 1\.00 s; padded with silence to 4 s, the shortest track a CD allows$`.test(w)), warnings.join('\n'));
        assert.ok(
          warnings.some((w) => rx`^${term.warning} warning: track 5 \(.*loud\.wav\): \d+ samples clipped after conversion \(peak \+\d+\.\d\d dBFS\); lower its level to avoid it, with --normalize or --gain$`.test(w)),
          warnings.join('\n'),
        );
        assertSummary(term, run);
        const last = run.rows.join('\n');
        assert.ok(!/Recording track 5 of 5.*\n.*\n.*Recording track/.test(last), 'no leftover bars');
        if (size.cols === 220) assert.ok(run.snapshots[0]!.some((l) => l.includes(LONG_TITLE)), `titles use the room there is: the whole title at 220 columns\n${run.snapshots[0]!.join('\n')}`);
      });
    }

    for (const cols of [40, 80, 120]) {
      it(`asks before a burn at ${cols} columns in whole words: [y/N] whole, no row wrapped by the terminal`, async () => {
        const asking = (screen: string[]): boolean => screen.join('').includes('[y/N]');
        let prompt: { rows: string[]; wrapped: boolean[] } | undefined;
        const snapshot = (screen: string[], wrapped: boolean[]): boolean => {
          if (!asking(screen)) return false;
          const first = screen.findLastIndex((l) => l.startsWith('Record '));
          const last = screen.findLastIndex((l) => l !== '');
          prompt = { rows: screen.slice(first, last + 1).map((l) => l.trimEnd()), wrapped: wrapped.slice(first, last + 1) };
          return true;
        };
        const run = await onScreen([paths[0]!], { cols, rows: 24, env, dir: dir.path, snapshot, keys: { when: asking, text: 'n\r' } });
        assert.equal(run.code, 130, run.rows.join('\n'));
        assert.match(run.rows.join(' ').replace(/\s+/g, ' '), /cancelled: the burn was declined at the prompt; nothing was written/);
        const shown = prompt!.rows.join('\n');
        assert.ok(!prompt!.wrapped.some(Boolean), `no row of the question wrapped by the terminal\n${shown}`);
        assert.ok(prompt!.rows.every((l) => l.length < cols), `every row fits ${cols} columns, one to spare\n${shown}`);
        assert.match(prompt!.rows.at(-1)!, /\[y\/N\]$/, shown);
        assert.match(prompt!.rows.join(' '), /^Record 1 track \(0:0\d\) on the blank CD-R \(write-once\) in BURNAUD SIMULATED CD-RW\? \[y\/N\]$/, shown);
        if (cols === 120) assert.equal(prompt!.rows.length, 1, shown);
      });
    }

    it('lists every track at the end, in columns when they do not fit the terminal', async () => {
      const many = await writeTracks(dir.path, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`many ${i + 1}.wav`, 4])));
      const run = await onScreen(['--image', join(dir.path, 'many.cue'), ...many.map((t) => t.path)], { cols: 100, rows: 16, env, dir: dir.path, snapshot: () => false });
      assert.equal(run.code, 0, run.rows.join('\n'));
      const end = run.rows.findLastIndex((l) => l.startsWith(`${term.ok} Wrote`));
      const summary = run.rows.slice(end + 2);
      assert.ok(summary.length <= 16 - 4, `compact: ${summary.length} rows\n${summary.join('\n')}`);
      for (let n = 1; n <= 40; n += 1) {
        assert.equal(summary.join('\n').match(new RegExp(`(^| )${String(n).padStart(2, '0')} many ${n} `, 'gm'))?.length, 1, `track ${n} once\n${summary.join('\n')}`);
      }
    });

    it('prints the plan table whole on a terminal, the spinner gone first', async () => {
      const run = await onScreen(['plan', ...paths], { cols: 100, rows: 24, env, dir: dir.path, snapshot: () => false });
      assert.equal(run.code, 0, run.rows.join('\n'));
      assert.ok(!run.rows.some((l) => l.includes('Reading tracks')), run.rows.join('\n'));
      const table = run.rows.slice(run.rows.findIndex((l) => l.startsWith(' #  File')));
      assert.equal(table.filter((l) => /^0[1-5] /.test(l)).length, 5, table.join('\n'));
      assert.match(table.join('\n'), /74-minute disc: .*\n80-minute disc: /);
      assert.ok(table.some((l) => rx`^05 +loud\.wav .* 48000 ${term.arrow} 44100 Hz, `.test(l)), `the conversion as the terminal can show it\n${table.join('\n')}`);
    });

    it('writes an image in words that fit it: written, never recorded', async () => {
      const run = await onScreen(['--image', join(dir.path, 'words.cue'), ...paths], { cols: 100, rows: 30, env, dir: dir.path, snapshot: () => false });
      assert.equal(run.code, 0, run.rows.join('\n'));
      const text = run.rows.join('\n');
      assert.doesNotMatch(text, /record|Closing the disc|Preparing/i);
      assert.match(text, rx`${term.ok} Wrote .*words\.cue,\s+\S*words\.bin\s+and\s+\S*words\.cdt\n {2}5 tracks, \d+:\d\d, written in `);
      assertSummary(term, run);
    });
  });
}
