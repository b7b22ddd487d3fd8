/** The command line: argv parsed into typed options, the job called, its events rendered, its outcome the exit code. */
import { Command, CommanderError, Help, type Option } from 'commander';
import { InterruptedError } from '../errors.js';
import type { BurnEvent } from '../events.js';
import { removeAllTemporarySync } from '../temp-files.js';
import { runForcedExitHooks } from '../exit-hooks.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { UsageError } from '../errors.js';
import {
  deviceOption,
  devicesOption,
  layoutOptions,
  levelRequest,
  outputOptions,
  parseCopies,
  parseSpeed,
  parseWaitMedia,
  withOptionalModes,
  type BurnOptions,
  type LayoutOptions,
  type LevelOptions,
  type VerifyOptions,
} from './options.js';
import { JsonRenderer } from './render/json.js';
import { PlainRenderer } from './render/plain.js';
import type { RenderOptions, Renderer } from './render/renderer.js';
import { terminalShowsUnicode } from './render/symbols.js';
import { packageVersion } from './version.js';

// Commands load when they run, so --help reads only what it needs.
const pkg = { version: packageVersion() };

const EXAMPLES = `
Burning is the default command: burn-audio [burn] [options] <track...>;
run burn-audio burn --help for its options (--image, --gap, --simulate, ...).

Examples:
  burn-audio plan '*.wav'                    check the tracks and show the disc layout
  burn-audio --image album.cue '*.wav'       write album.bin + album.cue instead of a disc;
                                             the quoted pattern is expanded and sorted
                                             naturally (track2 before track10)
  burn-audio --image album.cue --gap 0 '*.wav'
                                             gapless
  burn-audio --image copy.cue album.cue      the tracks a cue sheet describes
  burn-audio --json --image d.cue a.wav b.wav | jq .type
                                             progress as one JSON object per line
  burn-audio --copies 10 -d all --log burns.ndjson '*.flac'
                                             10 discs on every recorder at once, each
                                             waiting for the next blank disc; one record
                                             per disc appended to burns.ndjson
  burn-audio --verify '*.flac'               burn, then read the disc back and compare every
                                             sample with what was staged (exit 7 if not)
  burn-audio verify -d 1 '*.flac'            compare the disc in recorder 1 (burned earlier,
                                             or by another program) with the tracks
  burn-audio verify --image album.cue '*.wav'
                                             read album.bin back and compare every sample
                                             with the tracks (laid out as for --image; give
                                             the same --gap); writes nothing
  burn-audio doctor --out report.txt         what IMAPI reports about your recorders,
                                             to send back to the project (writes no disc)

Exit codes: 0 done, 1 internal error, 2 usage error, 3 input rejected,
4 recorder or media not ready, 5 burn failed, 6 a batch burned some discs
and failed others, 7 a disc or image does not read back as staged,
130 interrupted (143 on SIGTERM, 129 on SIGHUP).`;

/** Parses the command line and runs the command it names. */
export async function main(argv: readonly string[]): Promise<void> {
  const run = new Run();
  const program = new Command('burn-audio')
    .description('Burn audio CDs from WAV files and cue sheets, or write a BIN/CUE disc image.')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError('(run burn-audio --help for usage)')
    .configureHelp({ showGlobalOptions: true, optionDescription })
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  for (const option of outputOptions()) program.addOption(option);

  const burn = program
    .command('burn', { isDefault: true })
    .description('burn tracks to a disc, or to a BIN/CUE image with --image')
    .argument('[tracks...]', TRACKS_HELP)
    .option('--image <disc.cue>', 'write a BIN/CUE disc image instead of burning (needs no drive)')
    .addOption(devicesOption())
    .option('--speed <x>', 'write speed, e.g. 16 or 16x (default: the highest; disc-at-once through IMAPI2 SetWriteSpeed, track-at-once through IMAPI v1 WriteSpeed, which Windows Vista and later ignore)', parseSpeed)
    .option('--simulate', 'go through every step with the laser off (an image: write nothing); where IMAPI cannot test-write (IMAPI2, and IMAPI v1 on Windows Vista and later) a dry run that stops before recording', false)
    .option('--tao', 'record track-at-once through IMAPI v1, whatever the plan (it writes 2-second gaps of silence and no codes)', false)
    .option('--dao', 'record disc-at-once through IMAPI2, whatever the plan (the default for a plan IMAPI v1 cannot write as it says)', false)
    .option('--cd-text', "record the disc's CD-TEXT in the lead-in, disc-at-once through IMAPI2 (not yet seen working on a real drive)", false)
    .option('--verify', 'once recorded, read the disc (or the image) back and compare every sample, the table of contents and the codes with what was staged; exit 7 when it differs (disc-at-once and track-at-once alike; a copy of a batch that differs counts as failed)', false)
    .option('--eject', 'eject the disc when done (after --verify has read it)', false)
    .option('-y, --yes', 'burn without asking first (the question is asked only on a terminal)', false)
    .option('--copies <n>', 'burn n discs: the audio is read and converted once, each disc is ejected when done and the next blank one awaited; with --image, NAME-1.cue ... NAME-n.cue', parseCopies)
    .option('--wait-media [seconds]', 'wait for a blank disc instead of failing when the recorder is empty (0: do not wait; no value: for ever; the default for every copy after the first)', parseWaitMedia)
    .option('--no-reject', 'while waiting, fail on a disc that is not blank instead of ejecting it and waiting on')
    .option('--stop-on-error', 'stop a batch at the first disc that fails (the discs being recorded are finished)', false)
    .option('--log <file>', 'append one JSON record per disc, and one per batch, to this file')
    .addHelpText('after', EXAMPLES)
    .action((tracks: string[], _options: BurnOptions, command: Command) => {
      const options = command.optsWithGlobals<BurnOptions>();
      refuseDiscOptionsForImage(command, options);
      options.level = levelOf(command, options);
      return run.start(options, async (onEvent, signal, renderer) => (await import('./commands/burn.js')).burnCommand(tracks, options, onEvent, signal, renderer));
    });

  const plan = program
    .command('plan')
    .description('check the tracks and print the disc layout; writes nothing')
    .argument('[tracks...]', TRACKS_HELP)
    .addHelpText('after', EXAMPLES)
    .action((tracks: string[], _options: LayoutOptions, command: Command) => {
      const options = command.optsWithGlobals<LayoutOptions>();
      options.level = levelOf(command, options);
      return run.start(options, async (onEvent, signal, renderer) => (await import('./commands/plan.js')).planCommand(tracks, options, onEvent, signal, renderer));
    });

  const verify = program
    .command('verify')
    .description('read the disc in a drive (or a BIN/CUE image) back and compare every sample, the table of contents and the codes with the tracks it should hold; writes nothing')
    .argument('[tracks...]', TRACKS_HELP)
    .addOption(deviceOption())
    .option('--image <disc.cue>', 'read this image back instead of a disc (disc, disc.cue or disc.bin)')
    .option('--cd-text', 'the disc should carry the CD-TEXT that burning with --cd-text records', false)
    .addHelpText('after', EXAMPLES)
    .action((tracks: string[], _options: VerifyOptions, command: Command) => {
      const options = command.optsWithGlobals<VerifyOptions>();
      refuseDiscOptionsForImage(command, options);
      options.level = levelOf(command, options);
      return run.start(options, async (onEvent, signal) => (await import('./commands/verify.js')).verifyCommand(tracks, options, onEvent, signal));
    });

  for (const command of [burn, plan, verify]) {
    for (const option of layoutOptions()) command.addOption(option);
  }

  program
    .command('devices')
    .description('list the CD recorders IMAPI sees, with their media')
    .action((_options: object, command: Command) => {
      const options = command.optsWithGlobals<RenderOptions & { json: boolean }>();
      return run.start(options, async (onEvent, _signal, renderer) => {
        const [{ devicesJob }, { devicesTable }] = await Promise.all([import('../jobs/devices.js'), import('./commands/devices.js')]);
        const recorders = await devicesJob(onEvent);
        renderer.close();
        if (!options.json) process.stdout.write(devicesTable(recorders));
      });
    });

  program
    .command('doctor')
    .description('report the raw values IMAPI gives for each recorder and its media (never writes to a disc)')
    .option('--out <file>', 'save the report to a file (to send it back) instead of printing it')
    .action((_options: object, command: Command) => {
      const options = command.optsWithGlobals<RenderOptions & { json: boolean; out?: string }>();
      return run.start(options, async (onEvent) => (await import('./commands/doctor.js')).doctorCommand(pkg.version, options, onEvent));
    });

  program
    .command('erase')
    .description('blank a CD-RW (quick erase unless --full)')
    .addOption(deviceOption())
    .option('--full', 'erase the whole disc (can take over an hour)', false)
    .option('-y, --yes', 'erase without asking first (the question is asked only on a terminal)', false)
    .action((_options: object, command: Command) => {
      const options = command.optsWithGlobals<RenderOptions & { json: boolean; device?: string; full: boolean; yes: boolean }>();
      return run.start(options, async (onEvent, signal) => (await import('../jobs/devices.js')).eraseJob(options.device, options.full, { onEvent, signal, confirm: (await import('./questions.js')).confirmer(options) }));
    });

  program
    .command('eject')
    .description('eject the disc')
    .addOption(deviceOption())
    .action((_options: object, command: Command) => {
      const options = command.optsWithGlobals<RenderOptions & { json: boolean; device?: string }>();
      return run.start(options, async (onEvent) => (await import('../jobs/devices.js')).ejectJob(options.device, onEvent));
    });

  for (const command of program.commands) command.exitOverride();
  const valued = new Set([program, ...program.commands].flatMap((command) => command.options.filter((option) => option.required).flatMap((option) => [option.long, option.short])));

  try {
    await program.parseAsync(withOptionalModes(argv, (arg) => valued.has(arg)), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = ok ? EXIT.ok : EXIT.usage;
      if (!ok && argv.includes('--json')) new JsonRenderer().fail(error.message.replace(/^error: /, ''), EXIT.usage);
      return;
    }
    throw error;
  }
}

const TRACKS_HELP =
  "WAV, FLAC, MP3, Ogg Vorbis or Opus files, cue sheets (.cue: the tracks they describe) or .m3u playlists; patterns such as '*.flac' are expanded; - for a track on standard input";

/** Help without `(default: false)` after every flag (an absent flag is off), nor the preset a description already names. */
function optionDescription(option: Option): string {
  const text = new Help().optionDescription(option).replace(/ \(preset: "[^"]*"\)$/, '');
  return option.defaultValue === false ? text.replace(/ \(default: false\)$/, '') : text;
}

/** Options for a recorder mean nothing for an image: a usage error rather than silence. */
function refuseDiscOptionsForImage(command: Command, options: { image?: string }): void {
  if (options.image === undefined) return;
  const given = ['device', 'speed', 'eject', 'waitMedia', 'reject', 'tao', 'dao', 'cdText']
    .filter((name) => command.getOptionValueSource(name) === 'cli')
    .map((name) => command.options.find((o) => o.attributeName() === name)!.long!);
  if (given.length > 0) {
    command.error(`error: ${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to a recorder, not to --image`, { exitCode: EXIT.usage, code: 'burn-audio.imageOption' });
  }
}

/** The level the options ask for; options that do not go together are a usage error, before anything is read. */
function levelOf(command: Command, options: LevelOptions): LayoutOptions['level'] {
  try {
    return levelRequest(options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    command.error(`error: ${error.message}`, { exitCode: EXIT.usage, code: 'burn-audio.levelOption' });
  }
}

/** A command's work; it may close the renderer early to print its own output (a table) after it. */
type Job = (onEvent: (event: BurnEvent) => void, signal: AbortSignal, renderer: Renderer) => Promise<void>;

/** One command's run: picks the renderer, handles signals, turns the outcome into the exit code. */
class Run {
  async start(options: RenderOptions & { json: boolean; image?: string }, job: Job): Promise<void> {
    const renderer = await pickRenderer(options);
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) {
        // A second signal: stop now, leaving nothing behind (a recorder's lock given back) and the terminal as it was.
        runForcedExitHooks();
        removeAllTemporarySync();
        renderer.close();
        if (process.platform === 'win32') process.exit(exitCodeFor(new InterruptedError(signal)));
        // Die of the signal itself: exit() would wait for a native call still running on libuv's pool.
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
        return;
      }
      renderer.onEvent({ type: 'stopping', signal });
      controller.abort(new InterruptedError(signal));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    try {
      // A job that finishes although a signal came (the last rename of an image, a burn IMAPI
      // would not cancel) has done all it was asked: it ends as done, not as interrupted with
      // its results left in place.
      await job((event) => renderer.onEvent(event), controller.signal, renderer);
      process.exitCode = EXIT.ok;
    } catch (error) {
      const code = exitCodeFor(error);
      renderer.fail(code === EXIT.internal && error instanceof Error ? internalMessage(error, options.verbose) : String((error as Error).message ?? error), code);
      process.exitCode = code;
    } finally {
      renderer.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    }
  }
}

async function pickRenderer(given: RenderOptions & { json: boolean; image?: string }): Promise<Renderer> {
  const unicode = terminalShowsUnicode();
  const options: RenderOptions = { quiet: given.quiet, verbose: given.verbose, target: given.image === undefined ? 'disc' : 'image', unicode };
  if (given.json) {
    const json = new JsonRenderer(process.stdout, undefined, options.target);
    const human = new PlainRenderer({ quiet: true, verbose: false, unicode });
    return {
      onEvent: (event) => {
        json.onEvent(event);
        if (event.type === 'warning') human.onEvent(event);
      },
      fail: (message, code) => {
        json.fail(message, code);
        human.fail(message);
      },
      close: () => undefined,
      forCopy: (recorder, copy, label, layout) => {
        const records = json.forCopy(recorder, copy, label, layout);
        return (event) => {
          records(event);
          if (event.type === 'warning') human.onEvent(event);
        };
      },
    };
  }
  // A terminal of width 0 (a pty nobody sized) cannot hold a bar: use plain lines there.
  if (process.stderr.isTTY && process.stderr.columns > 0) {
    const { TtyRenderer } = await import('./render/tty.js');
    return new TtyRenderer(options);
  }
  return new PlainRenderer(options);
}

function internalMessage(error: Error, verbose: boolean): string {
  const detail = verbose && error.stack ? `\n${error.stack}` : ' (run with -v for details)';
  return `internal error: ${error.message}${detail}`;
}

