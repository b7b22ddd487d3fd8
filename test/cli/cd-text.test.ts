import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { DiscLayout } from '../../src/disc/layout.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { cdAudio, infoChunk, tempDir, wavFile } from '../helpers/wav.js';

const exec = promisify(execFile);

/** Sony Input Sheet 0.7T names of the disc's and the tracks' fields, as cdrskin prints them. */
const DISC_KEYS = { title: 'Album Title', performer: 'Artist Name', songwriter: 'Songwriter', composer: 'Composer', arranger: 'Arranger', message: 'Album Message', discId: 'Catalog Number', upcEan: 'UPC / EAN' } as const;
const TRACK_KEYS = { title: 'Title', performer: 'Artist', songwriter: 'Songwriter', composer: 'Composer', arranger: 'Arranger', message: 'Message' } as const;

/** What cdrskin reads back from a .cdt: its fields, those with a value. */
async function cdrskinFields(cdt: string): Promise<Record<string, string>> {
  const { stdout } = await exec('cdrskin', [`textfile_to_v07t=${cdt}`], { encoding: 'latin1' });
  const fields: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(\S.*?)\s*= (.*)$/.exec(line);
    if (match && match[2] !== '' && match[1] !== 'Remarks') fields[match[1]!] = match[2]!;
  }
  return fields;
}

/**
 * The same fields as the plan gives them: the disc's text (its UPC/EAN, else its MCN), and each
 * track's, whose performer is the disc's when it has none (as in the cue sheet).
 */
function planFields(layout: DiscLayout): Record<string, string> {
  const fields: Record<string, string> = { 'Input Sheet Version': '0.7T', 'Text Code': '8859', 'Language Code': 'English', 'Text Data Copy Protection': 'OFF' };
  const disc = { ...layout.text, title: layout.title, performer: layout.performer, upcEan: layout.text.upcEan ?? layout.catalog };
  for (const [field, key] of Object.entries(DISC_KEYS)) if (disc[field as keyof typeof disc]) fields[key] = disc[field as keyof typeof disc]!;
  if (disc.genre) Object.assign(fields, { 'Genre Code': disc.genre, 'Genre Information': disc.genre });
  Object.assign(fields, { 'First Track Number': '1', 'Last Track Number': String(layout.tracks.length) });
  for (const track of layout.tracks) {
    const nn = String(track.number).padStart(2, '0');
    const text = { ...track.text, title: track.title, performer: track.performer ?? layout.performer };
    for (const [field, key] of Object.entries(TRACK_KEYS)) if (text[field as keyof typeof text]) fields[`Track ${nn} ${key}`] = text[field as keyof typeof text]!;
    if (track.isrc) fields[`ISRC ${nn}`] = track.isrc;
  }
  return fields;
}

/**
 * cdrskin reading the image as it would burn it: the cue sheet, the .cdt its CDTEXTFILE names,
 * each pack's CRC checked. The pseudo-drive /dev/null is no CD, so it stops there, after the text.
 */
async function cdrskinCue(cwd: string, cue: string): Promise<string> {
  const args = ['-v', '--allow_emulated_drives', 'dev=stdio:/dev/null', '-dummy', '-text', `cuefile=${cue}`];
  const result = await exec('cdrskin', args, { cwd }).catch((error: { stdout: string; stderr: string }) => error);
  return result.stdout + result.stderr;
}

async function burnImage(cwd: string, args: string[]): Promise<{ layout: DiscLayout; outputs: string[]; warnings: string[] }> {
  const result = await runCli(['--json', ...args], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const events = jsonLines(result.stdout);
  const plan = events.find((e) => e.type === 'plan') as unknown as { layout: DiscLayout };
  const done = events.find((e) => e.type === 'done') as unknown as { outputs: string[] };
  return { layout: plan.layout, outputs: done.outputs, warnings: events.filter((e) => e.type === 'warning').map((e) => String(e.message)) };
}

describe('CD-TEXT packs beside an image (NAME.cdt), read back by cdrskin', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (...names: string[]): string => join(dir.path, ...names);
  const LONG = 'Ouverture à la française, suivie des danses de la suite en si mineur (deuxième version)';
  before(async () => {
    dir = await tempDir();
    // 20 tracks, titles and performer from tags, an album every track shares, one long title.
    for (let n = 1; n <= 20; n += 1) {
      const title = n === 7 ? LONG : `Chanson n° ${n}`;
      await writeFile(at(`${String(n).padStart(2, '0')}.wav`), wavFile(cdAudio(44100 * 4, n), { after: [infoChunk({ title, artist: 'Orchestre du Café', album: 'Été à Paris' })] }));
    }
  });
  after(() => dir.remove());
  const twenty = (): string[] => Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(2, '0')}.wav`);

  it('writes the text of 20 tracks from their tags: cdrskin reads back what the plan says', async () => {
    const { layout, outputs } = await burnImage(dir.path, ['--image', 'tags.cue', ...twenty()]);
    assert.deepEqual(outputs, ['tags.cue', 'tags.bin', 'tags.cdt']);
    assert.equal(layout.title, 'Été à Paris');
    assert.equal(layout.tracks[6]!.title, LONG);
    assert.deepEqual(await cdrskinFields(at('tags.cdt')), planFields(layout));
    const cdt = await readFile(at('tags.cdt'));
    assert.equal(cdt.length, 4 + layout.cdTextPacks * 18);
    assert.equal(cdt.readUInt16BE(0), cdt.length - 2, 'the header gives the length of what follows it');
    const text = Buffer.concat(Array.from({ length: layout.cdTextPacks }, (_, i) => cdt.subarray(4 + i * 18 + 4, 4 + i * 18 + 16)));
    assert.ok(text.includes(Buffer.from(`Orchestre du Caf\u00e9\0${'\t\0'.repeat(19)}`, 'latin1')), 'track 1\'s performer, then TABs: the same again');
    assert.match(await readFile(at('tags.cue'), 'latin1'), /^CDTEXTFILE "tags\.cdt"\nTITLE "Été à Paris"\n/m);
  });

  it('is read by cdrskin through the cue sheet, every pack passing its CRC check', async () => {
    await burnImage(dir.path, ['--image', 'crc.cue', ...twenty()]);
    const read = await cdrskinCue(dir.path, 'crc.cue');
    assert.doesNotMatch(read, /FAILURE|CD-TEXT pack/, read);
    assert.match(read, /audio track prohibited by non-CD/, 'cdrskin read the sheet and its text, and stopped at the pseudo-drive');
    // The check is real: one byte changed in a pack is found.
    const bad = await readFile(at('crc.cdt'));
    bad.writeUInt8(bad[4 + 18 * 3 + 6]! ^ 0x20, 4 + 18 * 3 + 6);
    await writeFile(at('bad.cdt'), bad);
    await writeFile(at('bad.cue'), (await readFile(at('crc.cue'), 'latin1')).replace('"crc.cdt"', '"bad.cdt"'), 'latin1');
    assert.match(await cdrskinCue(dir.path, 'bad.cue'), /FAILURE : CD-TEXT pack CRC mismatch/);
  });

  it('writes the text of a single track', async () => {
    const { layout } = await burnImage(dir.path, ['--image', 'one.cue', '--title', 'Un seul titre', '07.wav']);
    assert.deepEqual(await cdrskinFields(at('one.cdt')), planFields(layout));
    assert.equal((await cdrskinFields(at('one.cdt')))['Track 01 Title'], LONG);
  });

  it('writes every CD-TEXT field of a cue sheet, the disc\'s and the tracks\'', async () => {
    await writeFile(
      at('fields.cue'),
      [
        'CATALOG 0724384260927',
        'TITLE "Kind of Blué"',
        'PERFORMER "Miles Davis"',
        'SONGWRITER "Écrit à deux"',
        'COMPOSER "Bill Evans"',
        'ARRANGER "Gil Évans"',
        'MESSAGE "Remasterisé en 2024"',
        'DISC_ID "CK-64935"',
        'GENRE "Jazz"',
        'UPC_EAN "5099706493526"',
        'FILE "01.wav" WAVE',
        '  TRACK 01 AUDIO',
        '    TITLE "So What"',
        '    PERFORMER "Le Sextuor"',
        '    SONGWRITER "M. Davis"',
        '    COMPOSER "Miles Davis"',
        '    ARRANGER "Arrangé"',
        '    MESSAGE "Prise 3"',
        '    ISRC USSM15900113',
        '    INDEX 01 00:00:00',
        'FILE "02.wav" WAVE',
        '  TRACK 02 AUDIO',
        '    TITLE "Freddie Freeloader"',
        '    INDEX 01 00:00:00',
        '',
      ].join('\n'),
    );
    const { layout } = await burnImage(dir.path, ['--image', 'fields-out.cue', 'fields.cue']);
    const fields = await cdrskinFields(at('fields-out.cdt'));
    assert.deepEqual(fields, planFields(layout));
    assert.equal(fields['Album Message'], 'Remasterisé en 2024');
    assert.equal(fields['Genre Code'], 'Jazz', 'the genre as its code');
    assert.equal(fields['UPC / EAN'], '5099706493526');
    assert.equal(fields['ISRC 01'], 'USSM15900113');
    assert.equal(fields['Track 02 Artist'], 'Miles Davis', 'a track without a performer has the disc\'s');
  });

  it('leaves the .cdt out, with a warning, when the text needs more packs than a block holds', async () => {
    const lines = twenty().flatMap((wav, i) => [`FILE "${wav}" WAVE`, `  TRACK ${String(i + 1).padStart(2, '0')} AUDIO`, `    TITLE "${i + 1} ${'t'.repeat(150)}"`, '    INDEX 01 00:00:00']);
    await writeFile(at('long.cue'), lines.join('\n') + '\n');
    const { layout, outputs, warnings } = await burnImage(dir.path, ['--image', 'long-out.cue', 'long.cue']);
    assert.equal(layout.cdTextPacks, 0);
    assert.deepEqual(outputs, ['long-out.cue', 'long-out.bin']);
    assert.ok(warnings.some((w) => /CD-TEXT needs \d+ packs of 18 bytes, more than the 256 a CD-TEXT block holds.*the disc gets no CD-TEXT/.test(w)), warnings.join('\n'));
    await assert.rejects(stat(at('long-out.cdt')));
    assert.doesNotMatch(await readFile(at('long-out.cue'), 'latin1'), /CDTEXTFILE/);
  });

  it('writes one .cdt for each image of a batch, named by its own cue sheet', async () => {
    const out = at('batch');
    await mkdir(out);
    const result = await runCli(['--copies', '2', '--image', join(out, 'album.cue'), at('01.wav'), at('02.wav')]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['album-1.bin', 'album-1.cdt', 'album-1.cue', 'album-2.bin', 'album-2.cdt', 'album-2.cue']);
    for (const n of [1, 2]) assert.match(await readFile(join(out, `album-${n}.cue`), 'latin1'), new RegExp(`^CDTEXTFILE "album-${n}\\.cdt"$`, 'm'));
    assert.ok((await readFile(join(out, 'album-1.cdt'))).equals(await readFile(join(out, 'album-2.cdt'))));
  });

  it('refuses a folder where the .cdt goes, before anything is written', async () => {
    const out = at('taken');
    await mkdir(join(out, 'd.cdt'), { recursive: true });
    const result = await runCli(['--image', join(out, 'd.cue'), at('01.wav')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /d\.cdt: is a folder; the image needs a file name here/);
    assert.deepEqual(await readdir(out), ['d.cdt']);
  });

  it('says in the plan how many packs the disc carries', async () => {
    const result = await runCli(['plan', '01.wav', '02.wav'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    await burnImage(dir.path, ['--image', 'two.cue', '01.wav', '02.wav']);
    const packs = ((await stat(at('two.cdt'))).size - 4) / 18;
    assert.match(result.stdout, new RegExp(`^CD-TEXT: ${packs} packs \\(${packs * 18} bytes\\); an image writes them beside its BIN, as NAME\\.cdt$`, 'm'));
  });
});
