/**
 * A stand-in for the shim's IMAPI2 (NativeShim2), in TypeScript, for unit tests of the
 * disc-at-once recorder without native code: it logs every call, answers as the header says,
 * writes the "disc" (the regions of the staged file the image names, in order) into `disc`, and
 * sends the events a write sends.
 */
import { readFileSync } from 'node:fs';
import type { Imapi2Track, ShimEventListener, ShimResult } from '../../src/recorders/imapi/native.js';
import { EVENT2 } from '../../src/recorders/imapi/shim-contract.js';
import type { Imapi2Native, Imapi2Opener } from '../../src/recorders/imapi2/imapi2.js';

const SECTOR = 2352;
const OK: ShimResult = { hresult: 0, detail: '' };
export const E_IMAPI_REQUEST_CANCELLED = 0xc0aa0002 | 0;

export interface FakeOptions {
  /** ba2_prepare's failure, and the owner of the lock it reports. */
  prepareFails?: { hresult: number; owner?: string };
  /** LastPossibleStartOfLeadout. */
  room?: number;
  /** ba2_write fails with this HRESULT after writing this many program sectors. */
  writeFails?: { hresult: number; atLba: number };
  /** Called once the write has reached this LBA: the test may cancel there. */
  onLba?: { lba: number; then: () => void };
}

export class FakeImapi2 implements Imapi2Native {
  readonly calls: string[] = [];
  /** What the write put on the "disc": the image's regions, from LBA -150, in order. */
  disc?: Buffer;
  private onEvent: ShimEventListener = () => undefined;
  private regions: Array<{ path: string; offset: number; sectors: number }> = [];
  private cancelled = false;

  constructor(private readonly options: FakeOptions = {}) {}

  readonly opener: Imapi2Opener = async (onEvent) => {
    this.calls.push('open');
    this.onEvent = onEvent;
    return { shim: this, result: OK };
  };

  recorderCount(): number {
    return 1;
  }

  async describe(index: number): Promise<{ result: ShimResult; json: string }> {
    this.calls.push(`describe ${index}`);
    const json = { uniqueId: '\\\\?\\fake#cdrom#0', vendor: 'FAKE', product: 'DAO WRITER', revision: '1.0', volumePaths: ['E:\\'], mediaType: 2, mediaSupported: true, blank: true, writeSpeeds: [750, 1800, 3600], exclusiveAccessOwner: null, calls: [] };
    return { result: OK, json: JSON.stringify(json) };
  }

  async prepare(index: number, speed: number): Promise<{ result: ShimResult; json: string }> {
    this.calls.push(`prepare ${index} ${speed}`);
    this.cancelled = false;
    const fails = this.options.prepareFails;
    if (fails) return { result: { hresult: fails.hresult, detail: 'PrepareMedia failed' }, json: JSON.stringify({ exclusiveAccessOwner: fails.owner ?? null }) };
    const current = speed < 0 ? 3600 : Math.min(speed, 1800);
    const json = { sectorTypes: [1, 2], sectorType: 2, lastPossibleStartOfLeadout: this.options.room ?? 359_849, currentWriteSpeed: current, mediaType: 2, speedResult: 0 };
    return { result: OK, json: JSON.stringify(json) };
  }

  async imageBegin(disableGapless: boolean, firstTrack: number): Promise<ShimResult> {
    this.calls.push(`imageBegin ${disableGapless} ${firstTrack}`);
    this.regions = [];
    return OK;
  }

  async imageSpecialPregap(path: string, offset: number, sectors: number): Promise<ShimResult> {
    this.calls.push(`imageSpecialPregap ${offset / SECTOR} ${sectors}`);
    this.regions.push({ path, offset, sectors });
    return OK;
  }

  async imageAddTrack(track: Imapi2Track): Promise<ShimResult> {
    this.calls.push(`imageAddTrack ${track.offset / SECTOR} ${track.sectors} ${track.isrc ?? '-'} ${track.flags} [${track.indexes.join(',')}]`);
    this.regions.push(track);
    return OK;
  }

  async imageCatalog(mcn: string): Promise<ShimResult> {
    this.calls.push(`imageCatalog ${mcn}`);
    return OK;
  }

  async imageCdText(packs: Buffer): Promise<ShimResult> {
    this.calls.push(`imageCdText ${packs.length}`);
    return OK;
  }

  async imageCreate(): Promise<{ result: ShimResult; startOfLeadout: number; sectors: number; sectorBytes: number; lastUsedSector: number }> {
    this.calls.push('imageCreate');
    const program = this.programEnd();
    return { result: OK, startOfLeadout: program, sectors: 22_650 + 150 + program + 6750, sectorBytes: 2448, lastUsedSector: program - 1 };
  }

  /** Where the lead-out starts: the regions from LBA -150 on (IMAPI2's own 150 sectors of pregap unless a special pregap replaces them). */
  private programEnd(): number {
    const special = this.calls.some((call) => call.startsWith('imageSpecialPregap'));
    return this.regions.reduce((sum, r) => sum + r.sectors, 0) - (special ? 150 : 0);
  }

  async write(): Promise<ShimResult> {
    this.calls.push('write');
    const total = this.programEnd();
    for (let lba = -22_650; lba < total; lba += 500) {
      if (this.cancelled) return this.returned(E_IMAPI_REQUEST_CANCELLED);
      const fails = this.options.writeFails;
      if (fails && lba >= fails.atLba) return this.returned(fails.hresult);
      this.onEvent(EVENT2.update, 2, lba);
      if (this.options.onLba && lba >= this.options.onLba.lba) {
        const { then } = this.options.onLba;
        this.options.onLba = undefined;
        then();
      }
    }
    this.onEvent(EVENT2.update, 3, total);
    this.disc = this.read();
    return this.returned(0);
  }

  async readThrough(): Promise<ShimResult> {
    this.calls.push('readThrough');
    this.read();
    return this.returned(this.cancelled ? E_IMAPI_REQUEST_CANCELLED : 0);
  }

  cancel(): void {
    this.calls.push('cancel');
    this.cancelled = true;
  }

  async releaseMedia(): Promise<ShimResult> {
    this.calls.push('release');
    return OK;
  }

  releaseNow(): void {
    this.calls.push('releaseNow');
  }

  async eject(index: number): Promise<ShimResult> {
    this.calls.push(`eject ${index}`);
    return OK;
  }

  async report(index: number): Promise<{ result: ShimResult; json: string }> {
    return { result: OK, json: JSON.stringify({ queries: [{ method: 'VendorId', hresult: 0, value: 'FAKE' }], index }) };
  }

  async close(): Promise<void> {
    this.calls.push('close');
  }

  /** The image's regions as the write reads them. */
  private read(): Buffer {
    return Buffer.concat(this.regions.map((r) => readFileSync(r.path).subarray(r.offset, r.offset + r.sectors * SECTOR)));
  }

  private returned(hresult: number): ShimResult {
    this.onEvent(EVENT2.returned, hresult, 0);
    return { hresult, detail: hresult < 0 ? 'WriteMedia failed' : '' };
  }
}
