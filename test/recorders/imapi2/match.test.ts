import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecorderInfo } from '../../../src/recorders/description.js';
import { matchRecorders } from '../../../src/recorders/imapi2/match.js';

const media = { result: 0, present: false, blank: false, writable: false, rewritable: false, freeBlocks: 0, label: 'no disc' };
const v1 = (index: number, product: string): RecorderInfo => ({ index, vendor: 'HL-DT-ST', product, revision: '1.00', path: `\\Device\\CdRom${index}`, media });
const imapi2 = (index: number, product: string, legacyDeviceNumber?: number): RecorderInfo => ({
  ...v1(index, product),
  path: `\\\\?\\ide#cdrom${index}`,
  imapi2: { index, uniqueId: `\\\\?\\ide#cdrom${index}`, vendor: 'HL-DT-ST', product, revision: '1.00', volumePaths: [`${'DEF'[index]}:\\`], mediaType: null, mediaSupported: null, blank: null, writeSpeeds: null, exclusiveAccessOwner: null, calls: [], legacyDeviceNumber },
});
const pairs = (rows: RecorderInfo[]) => rows.map((r) => [r.index, r.path, r.imapi2?.index ?? null]);

describe('IMAPI v1 and IMAPI2 recorders as one list', () => {
  it('pairs \\Device\\CdRomN with IMAPI2\'s legacy device number N, whatever the order either lists them in', () => {
    assert.deepEqual(pairs(matchRecorders([v1(0, 'GH24'), v1(1, 'GH24')], [imapi2(0, 'GH24', 1), imapi2(1, 'GH24', 0)])), [
      [0, '\\Device\\CdRom0', 1],
      [1, '\\Device\\CdRom1', 0],
    ]);
  });

  it('else by vendor, product and revision, in order; a drive only IMAPI2 sees comes last, numbered on', () => {
    assert.deepEqual(pairs(matchRecorders([v1(0, 'GH24'), v1(1, 'BH16')], [imapi2(0, 'BH16'), imapi2(1, 'GH24'), imapi2(2, 'WH14')])), [
      [0, '\\Device\\CdRom0', 1],
      [1, '\\Device\\CdRom1', 0],
      [2, '\\\\?\\ide#cdrom2', 2],
    ]);
  });
});
