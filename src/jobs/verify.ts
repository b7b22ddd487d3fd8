/**
 * `verify`: a disc image read back and compared with the tracks it should hold. The tracks are
 * gathered, probed and planned as a burn with --image would plan them, and the audio to expect
 * is staged by the session's own staging.
 */
import { VerifyError } from '../errors.js';
import { withInputs } from '../inputs/gather.js';
import { RECORDERS } from '../recorders/capabilities.js';
import { checkImageName, imagePaths } from '../recorders/image-recorder.js';
import { verifyDisc, type VerifyOptions } from '../verify/compare.js';
import { ImageReader } from '../verify/image-reader.js';
import type { DiscReader, ExpectedProgram } from '../verify/reader.js';
import type { VerifyReport } from '../verify/report.js';
import { verifyFailure } from '../verify/summary.js';
import { planTracks, showPlan } from './plan.js';
import type { JobContext, VerifyRequest } from './request.js';
import { stagedProgram } from './staged-program.js';

export async function verifyJob(args: readonly string[], request: VerifyRequest, { onEvent, signal }: JobContext): Promise<VerifyReport> {
  const cue = imagePaths(checkImageName(request.image)).cue;
  return withInputs(args, request, async (inputs) => {
    // The image is opened (and its sheet checked) before any track is read.
    const reader = await ImageReader.open(cue);
    try {
      const planned = await planTracks(inputs, request, onEvent, signal, RECORDERS.image);
      showPlan(inputs, planned, onEvent);
      return await checkDisc(stagedProgram(planned.layout, planned.probed), reader, { onEvent, signal });
    } finally {
      await reader.close();
    }
  });
}

/** Reads the disc back; the report as a `verified` event, and a VerifyError (exit 7) when it does not hold what was staged. */
async function checkDisc(expected: ExpectedProgram, reader: DiscReader, options: VerifyOptions): Promise<VerifyReport> {
  const report = await verifyDisc(expected, reader, options);
  options.onEvent({ type: 'verified', ...report });
  if (!report.verified) throw new VerifyError(verifyFailure(report), report.sameLayout ? 'EVERIFY' : 'ENOTTHEDISC');
  return report;
}
