/**
 * `verify`: a disc in a drive, or a disc image, read back and compared with the tracks it should
 * hold. The tracks are gathered, probed and planned as the burn to it would plan them (a drive:
 * track-at-once through IMAPI v1 or disc-at-once through IMAPI2, whichever table of contents the
 * disc has; an image: as --image), and the audio to expect is staged by the session's own staging.
 */
import { withInputs } from '../inputs/gather.js';
import { RECORDERS, imapi2CdText, type RecorderCapabilities } from '../recorders/capabilities.js';
import { checkBeforeInputs, chooseImapi } from '../recorders/choose.js';
import type { RecorderInfo } from '../recorders/description.js';
import { checkImageName, imagePaths } from '../recorders/image-recorder.js';
import { pickRecorder } from '../recorders/imapi/imapi.js';
import { openDriveReader } from '../recorders/imapi2/drive-reader.js';
import { discAtOnceText } from '../recorders/imapi2/imapi2-recorder.js';
import { ImageReader } from '../verify/image-reader.js';
import type { DiscToc } from '../verify/reader.js';
import type { VerifyReport } from '../verify/report.js';
import { layoutDifferences, plannedToc } from '../verify/toc.js';
import { listRecorders } from './devices.js';
import { layOut, planTracks, probeInputs, showPlan, strictly, type Planned } from './plan.js';
import { checkDisc, imageCdText, withReader } from './read-back.js';
import type { JobContext, VerifyRequest } from './request.js';
import { stagedProgram } from './staged-program.js';

export async function verifyJob(args: readonly string[], request: VerifyRequest, context: JobContext): Promise<VerifyReport> {
  if (request.image !== undefined) return imageVerify(args, request, request.image, context);
  return driveVerify(args, request, context);
}

async function imageVerify(args: readonly string[], request: VerifyRequest, image: string, { onEvent, signal }: JobContext): Promise<VerifyReport> {
  const cue = imagePaths(checkImageName(image)).cue;
  return withInputs(args, request, async (inputs) => {
    // The image is opened (and its sheet checked) before any track is read.
    return withReader(await ImageReader.open(cue), async (reader) => {
      const planned = await planTracks(inputs, request, onEvent, signal, RECORDERS.image);
      showPlan(inputs, planned, onEvent);
      return checkDisc({ ...stagedProgram(planned.layout, planned.probed), cdText: imageCdText(planned.layout) }, reader, { onEvent, signal });
    });
  });
}

/** The disc in a drive: the drive opened (and its table of contents read) before any track is read. */
async function driveVerify(args: readonly string[], request: VerifyRequest, { onEvent, signal }: JobContext): Promise<VerifyReport> {
  const facts = await checkBeforeInputs({ gap: request.gap, cdText: request.cdText });
  const recorder = await driveOf(request.device, onEvent);
  return withReader(await openDriveReader(recorder, { signal }), async (reader) => {
    const toc = await reader.toc();
    return withInputs(args, request, async (inputs) => {
      const probed = await probeInputs(inputs, request, onEvent, signal);
      const dao = { ...(await layOut(inputs, probed, request, imapi2CdText(request.cdText ?? false))), recorder: imapi2CdText(request.cdText ?? false) };
      const asked = await layOut(inputs, probed, request, RECORDERS.imapi);
      // Where IMAPI v1 writes its own gap whatever is asked (modern Windows: 2 s), its discs have that gap.
      const taoGap = facts.behaviour.fixedGapSectors ?? request.gap;
      const tao = { ...(taoGap === request.gap ? asked : await layOut(inputs, probed, { ...request, gap: taoGap }, RECORDERS.imapi)), recorder: RECORDERS.imapi };
      const expected = chooseImapi(dao.layout, asked.layout, facts, request).kind === 'imapi2' ? dao : tao;
      const planned = layoutOf(toc, expected, expected === dao ? tao : dao);
      showPlan(inputs, strictly(request, planned), onEvent);
      const cdText = planned === dao ? discAtOnceText(planned.layout, request.cdText ?? false).cdText : undefined;
      return checkDisc({ ...stagedProgram(planned.layout, planned.probed), recorder: planned.recorder, cdText }, reader, { onEvent, signal });
    });
  });
}

type RecorderPlanned = Planned & { recorder: RecorderCapabilities };

/**
 * The layout whose table of contents the disc has: the one the burn would use, else the other;
 * when neither, the one the burn would use, with a line saying so (the comparison then finds it
 * is not the disc).
 */
function layoutOf(toc: DiscToc, expected: RecorderPlanned, other: RecorderPlanned): RecorderPlanned {
  const fits = (planned: RecorderPlanned): boolean => layoutDifferences(plannedToc(planned.layout, planned.recorder), toc).length === 0;
  if (fits(expected)) return expected;
  if (fits(other)) return { ...other, losses: [...other.losses, `the disc's table of contents is that of ${recording(other)}, not ${recording(expected)} as a burn of these tracks would record: compared as ${recording(other)}`] };
  return { ...expected, losses: [...expected.losses, `the disc's table of contents is neither that of ${recording(expected)} (what a burn of these tracks would record) nor ${recording(other)}`] };
}

function recording(planned: RecorderPlanned): string {
  return planned.recorder.name === RECORDERS.imapi.name ? 'a track-at-once burn through IMAPI v1' : 'a disc-at-once burn through IMAPI2';
}

/** The drive `-d` names among the recorders `devices` lists (default: the first). */
async function driveOf(device: string | undefined, onEvent: JobContext['onEvent']): Promise<RecorderInfo> {
  return pickRecorder(await listRecorders(onEvent), device);
}
