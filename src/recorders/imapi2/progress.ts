/**
 * IMAPI2's progress as the IMAPI v1 events every renderer draws. DDiscFormat2RawCDEvents::Update
 * says only how far the write is (LastWrittenLba; its action and times are thought to be
 * constants): the blocks and tracks written are worked out from it against the plan's LBAs.
 */
import { LEAD_PREGAP_SECTORS } from '../../disc/red-book.js';
import type { DiscLayout } from '../../disc/layout.js';
import type { EventListener } from '../../events.js';

/** IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_FINISHING: the lead-out is being written, the disc closed. */
const FINISHING = 3;

/**
 * The events of one write: preparingBurn (while the lead-in is written); trackProgress 0 of N
 * once the write reaches track 1's pregap; then
 * blockProgress over the program area (LBA 0 to the end of the last track, as the plan counts
 * it), trackProgress k of N once the write has passed the start of track k + 1 (N of N at the
 * last track's end), closingDisc; burnComplete when the write returns.
 */
export class WriteProgress {
  private begun = false;
  private blocks = 0;
  private tracks = 0;
  private closing = false;
  /** Where each track ends: the next track's INDEX 01, and the end of the program for the last. */
  private readonly ends: number[];

  constructor(
    private readonly layout: DiscLayout,
    private readonly emit: EventListener,
  ) {
    this.ends = [...layout.tracks.slice(1).map((track) => track.start), layout.programSectors];
    emit({ type: 'preparingBurn', estimatedSeconds: 0 });
  }

  update(action: number, lastWrittenLba: number): void {
    // The lead-in comes first: until track 1's pregap is reached, the burn is still being prepared.
    if (action !== FINISHING && lastWrittenLba + 1 < -LEAD_PREGAP_SECTORS) return;
    this.begin();
    // Finishing: every track is written, the lead-out follows.
    const blocks = action === FINISHING ? this.layout.programSectors : lastWrittenLba + 1;
    this.advance(Math.min(this.layout.programSectors, Math.max(0, blocks)));
  }

  /** ba2_write returned: a successful write ends at its totals, the disc closed; every write ends with burnComplete. */
  returned(hresult: number): void {
    if (hresult >= 0) {
      this.begin();
      this.advance(this.layout.programSectors);
    }
    this.emit({ type: 'burnComplete', status: hresult });
  }

  /** Whether the write has gone past its last track (a failure now is a failure to close the disc). */
  get closingDisc(): boolean {
    return this.closing;
  }

  private begin(): void {
    if (this.begun) return;
    this.begun = true;
    this.emit({ type: 'trackProgress', completed: 0, total: this.layout.tracks.length });
    this.emit({ type: 'blockProgress', completed: 0, total: this.layout.programSectors });
  }

  private advance(blocks: number): void {
    if (blocks > this.blocks) {
      this.blocks = blocks;
      this.emit({ type: 'blockProgress', completed: blocks, total: this.layout.programSectors });
    }
    const total = this.layout.tracks.length;
    while (this.tracks < total && this.ends[this.tracks]! <= blocks) {
      this.tracks += 1;
      this.emit({ type: 'trackProgress', completed: this.tracks, total });
    }
    if (this.tracks === total && !this.closing) {
      this.closing = true;
      this.emit({ type: 'closingDisc', estimatedSeconds: 0 });
    }
  }
}
